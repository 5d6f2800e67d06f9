//! The page's ids for the estimator's fields. They must be `'static` (the error summary links to them), and an
//! itemised bill makes ids as rows are added, so each row's ids are made once and kept for the life of the page.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::domain::estimate::Field;

/// The `id` of a part of item `index` (`item-{index}-{part}`, as `Field::Item` names it).
pub fn item_field(index: usize, part: &'static str) -> &'static str {
    thread_local! {
        static IDS: RefCell<HashMap<(usize, &'static str), &'static str>> = RefCell::new(HashMap::new());
    }
    IDS.with(|ids| {
        *ids.borrow_mut()
            .entry((index, part))
            .or_insert_with(|| Box::leak(format!("item-{index}-{part}").into_boxed_str()))
    })
}

/// The input `id` of a field of the form.
pub fn field_id(field: Field) -> &'static str {
    match field {
        Field::Item { index, part } => item_field(index, part.id()),
        other => other.static_id().unwrap_or_default(),
    }
}

//! What is wrong with an answer on the estimator's form: a stable code and the field it belongs beside. The words
//! are the page's (`web::estimate::text`), so the domain says only which problem at which field.

use std::fmt;

/// A part of one row of an itemised bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemPart {
    Kind,
    Amount,
    Share,
}

impl ItemPart {
    /// The part's name in the row's input ids (`item-0-amount`).
    pub const fn id(self) -> &'static str {
        match self {
            ItemPart::Kind => "kind",
            ItemPart::Amount => "amount",
            ItemPart::Share => "share",
        }
    }
}

/// An answer on the estimator's form, by the id of its input on the page. In the form's order (`Ord`), so a list of
/// problems can follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    InsuredCity,
    Scheme,
    TreatmentCity,
    Setting,
    Level,
    Disease,
    Filing,
    Date,
    ClassA,
    ClassB,
    ClassC,
    Services,
    /// A part of row `index` (from 0) of an itemised bill: `item-{index}-{part}`.
    Item {
        index: usize,
        part: ItemPart,
    },
    YtdDeductible,
    YtdFund,
    /// 今年已发生的政策范围内费用 (`ytd_in_scope`).
    YtdInScope,
    MyDeductible,
    MyBands,
    MyCap,
    MyClassB,
    MyClassBAmount,
    MyReductionValue,
}

impl Field {
    /// The input's id, for every field but an item's, whose id is made from its row (see [`fmt::Display`]).
    pub const fn static_id(self) -> Option<&'static str> {
        Some(match self {
            Field::InsuredCity => "insured-city",
            Field::TreatmentCity => "treatment-city",
            Field::Scheme => "scheme",
            Field::Setting => "setting",
            Field::Level => "level",
            Field::Disease => "disease",
            Field::Filing => "filing",
            Field::Date => "date",
            Field::ClassA => "class-a",
            Field::ClassB => "class-b",
            Field::ClassC => "class-c",
            Field::Services => "services",
            Field::YtdDeductible => "ytd-deductible",
            Field::YtdFund => "ytd-fund",
            Field::YtdInScope => "ytd-in-scope",
            Field::MyDeductible => "my-deductible",
            Field::MyBands => "my-bands",
            Field::MyCap => "my-cap",
            Field::MyReductionValue => "my-reduction-value",
            Field::MyClassB => "my-class-b",
            Field::MyClassBAmount => "my-class-b-amount",
            Field::Item { .. } => return None,
        })
    }
}

/// The input's id on the page (`insured-city`, `item-2-amount`).
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Item { index, part } => write!(f, "item-{index}-{}", part.id()),
            other => f.write_str(other.static_id().unwrap_or_default()),
        }
    }
}

/// What is wrong with an answer, or what the estimate needs that the data cannot give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    InsuredPlaceMissing,
    TreatmentPlaceMissing,
    SchemeMissing,
    SettingMissing,
    LevelMissing,
    DiseaseMissing,
    FilingMissing,
    DateMissing,
    /// Not one amount on the bill.
    BillEmpty,
    /// A date that is not `YYYY-MM-DD`.
    DateInvalid,
    NotANumber,
    Negative,
    /// More than two decimal places (fen).
    TooPrecise,
    /// Over 99,999,999 yuan: taken for a typing slip, not a bill.
    TooLarge,
    PercentInvalid,
    /// `0.85` without the sign, which is how 85% is often written: asked about, not read as 0.85%.
    PercentFraction,
    /// A percentage over 100.
    PercentTooHigh,
    BandsInvalid,
    ItemKindMissing,
    ItemAmountMissing,
    ReductionValueInvalid,
    /// 乙类先行自付 from a slip larger than the Class B amounts it comes from.
    ClassBAmountTooLarge,
    /// No share, rounded per item, adds up to the slip's 乙类先行自付.
    ClassBAmountNoShare,
    /// Both places in one province (resolve's `not_cross_provincial`): the one place problem no figure can mend.
    NotCrossProvincial,
}

impl Problem {
    pub const ALL: [Problem; 24] = [
        Problem::InsuredPlaceMissing,
        Problem::TreatmentPlaceMissing,
        Problem::SchemeMissing,
        Problem::SettingMissing,
        Problem::LevelMissing,
        Problem::DiseaseMissing,
        Problem::FilingMissing,
        Problem::DateMissing,
        Problem::BillEmpty,
        Problem::DateInvalid,
        Problem::NotANumber,
        Problem::Negative,
        Problem::TooPrecise,
        Problem::TooLarge,
        Problem::PercentInvalid,
        Problem::PercentFraction,
        Problem::PercentTooHigh,
        Problem::BandsInvalid,
        Problem::ItemKindMissing,
        Problem::ItemAmountMissing,
        Problem::ReductionValueInvalid,
        Problem::ClassBAmountTooLarge,
        Problem::ClassBAmountNoShare,
        Problem::NotCrossProvincial,
    ];

    /// A stable machine code; `not_cross_provincial` keeps `ResolveError`'s code.
    pub const fn code(self) -> &'static str {
        match self {
            Problem::InsuredPlaceMissing => "insured_place_missing",
            Problem::TreatmentPlaceMissing => "treatment_place_missing",
            Problem::SchemeMissing => "scheme_missing",
            Problem::SettingMissing => "setting_missing",
            Problem::LevelMissing => "level_missing",
            Problem::DiseaseMissing => "disease_missing",
            Problem::FilingMissing => "filing_missing",
            Problem::DateMissing => "date_missing",
            Problem::BillEmpty => "bill_empty",
            Problem::DateInvalid => "date_invalid",
            Problem::NotANumber => "not_a_number",
            Problem::Negative => "negative",
            Problem::TooPrecise => "too_precise",
            Problem::TooLarge => "too_large",
            Problem::PercentInvalid => "percent_invalid",
            Problem::PercentFraction => "percent_fraction",
            Problem::PercentTooHigh => "percent_too_high",
            Problem::BandsInvalid => "bands_invalid",
            Problem::ItemKindMissing => "item_kind_missing",
            Problem::ItemAmountMissing => "item_amount_missing",
            Problem::ReductionValueInvalid => "reduction_value_invalid",
            Problem::ClassBAmountTooLarge => "class_b_amount_too_large",
            Problem::ClassBAmountNoShare => "class_b_amount_no_share",
            Problem::NotCrossProvincial => "not_cross_provincial",
        }
    }
}

/// One problem at one field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{field}: {}", problem.code())]
pub struct EstimateError {
    pub field: Field,
    pub problem: Problem,
}

impl EstimateError {
    pub const fn new(field: Field, problem: Problem) -> EstimateError {
        EstimateError { field, problem }
    }

    pub const fn code(&self) -> &'static str {
        self.problem.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for problem in Problem::ALL {
            let code = problem.code();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
        }
    }

    #[test]
    fn the_place_problem_keeps_the_resolve_code() {
        use crate::domain::policy::ResolveError;
        assert_eq!(
            Problem::NotCrossProvincial.code(),
            ResolveError::NotCrossProvincial.code()
        );
    }

    #[test]
    fn field_ids_are_the_pages_input_ids() {
        assert_eq!(Field::InsuredCity.to_string(), "insured-city");
        assert_eq!(Field::MyReductionValue.to_string(), "my-reduction-value");
        let item = Field::Item {
            index: 12,
            part: ItemPart::Share,
        };
        assert_eq!(item.to_string(), "item-12-share");
        assert_eq!(item.static_id(), None);
        assert_eq!(
            EstimateError::new(Field::Date, Problem::DateInvalid).to_string(),
            "date: date_invalid"
        );
    }
}

//! One filing in effect per person and kind: what "in effect for this kind" means, the same on the server (which
//! refuses a second filing) and in the browser (which tells the person before they submit).
//!
//! The policy sources say a long-term filing stays valid until changed or cancelled and a temporary one covers
//! repeated trips while it is valid; they say nothing of two filings of one kind side by side, and a long-term and
//! a temporary filing answer different needs. So we read them as: at most one long-term and one temporary filing
//! per person at a time, and the way to a different destination or end date is to change the one in effect.

use chrono::NaiveDate;

use super::{FilingState, FilingView, Person, Phone};
use crate::domain::category::{FilingCategory, FilingKind};

/// What the rule needs of a filing already made for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlierFiling {
    pub category: FilingCategory,
    /// The last day it is valid; none for a long-term filing with no end set.
    pub valid_until: Option<NaiveDate>,
    pub cancelled: bool,
}

impl EarlierFiling {
    /// Whether this filing keeps a new filing of `kind` from being made on `today`: it is of that kind, not
    /// cancelled and not past its last valid day. A filing that starts later counts already: it is the
    /// person's filing of that kind, to change rather than to file beside.
    pub fn in_effect_for(self, kind: FilingKind, today: NaiveDate) -> bool {
        self.category.kind() == kind
            && !self.cancelled
            && self.valid_until.is_none_or(|end| end >= today)
    }
}

/// A filing as this device last saw it (its state may have changed since, elsewhere).
impl From<&FilingView> for EarlierFiling {
    fn from(view: &FilingView) -> EarlierFiling {
        EarlierFiling {
            category: view.category,
            valid_until: view.valid_until,
            cancelled: view.state == FilingState::Cancelled,
        }
    }
}

/// Whether two people as typed have the same name and mobile number, ignoring spaces, letter case and the
/// hyphens people put in phone numbers. A phone number that does not parse matches nothing.
pub fn same_name_and_phone(a: &Person, b: &Person) -> bool {
    let name = |person: &Person| -> String {
        person
            .name
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let phone = |person: &Person| {
        Phone::parse(&person.phone)
            .ok()
            .map(|p| p.as_str().to_owned())
    };
    name(a) == name(b) && phone(a).is_some() && phone(a) == phone(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::Scheme;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn earlier(category: FilingCategory, valid_until: Option<NaiveDate>) -> EarlierFiling {
        EarlierFiling {
            category,
            valid_until,
            cancelled: false,
        }
    }

    fn today() -> NaiveDate {
        d(2026, 11, 24)
    }

    #[test]
    fn a_filing_of_the_same_kind_with_no_end_is_in_effect() {
        let retiree = earlier(FilingCategory::ResettledRetiree, None);
        assert!(retiree.in_effect_for(FilingKind::LongTerm, today()));
        // Another long-term category is the same kind.
        assert!(
            earlier(FilingCategory::ResidentStaff, None)
                .in_effect_for(FilingCategory::OtherLongTerm.kind(), today())
        );
    }

    #[test]
    fn the_other_kind_never_counts() {
        let retiree = earlier(FilingCategory::ResettledRetiree, None);
        assert!(!retiree.in_effect_for(FilingKind::Temporary, today()));
        let referral = earlier(FilingCategory::Referral, Some(d(2027, 5, 23)));
        assert!(!referral.in_effect_for(FilingKind::LongTerm, today()));
        assert!(referral.in_effect_for(FilingKind::Temporary, today()));
    }

    #[test]
    fn the_last_valid_day_still_counts_the_day_after_does_not() {
        let emergency = earlier(FilingCategory::Emergency, Some(today()));
        assert!(emergency.in_effect_for(FilingKind::Temporary, today()));
        assert!(!emergency.in_effect_for(FilingKind::Temporary, today().succ_opt().unwrap()));
        let ended = earlier(FilingCategory::LongTermResident, Some(d(2026, 11, 23)));
        assert!(!ended.in_effect_for(FilingKind::LongTerm, today()));
    }

    #[test]
    fn a_cancelled_filing_never_counts() {
        let mut cancelled = earlier(FilingCategory::ResettledRetiree, None);
        cancelled.cancelled = true;
        assert!(!cancelled.in_effect_for(FilingKind::LongTerm, today()));
    }

    /// Counting is the same as the filing's state saying "in effect" or "not yet in effect", whatever its start.
    #[test]
    fn agrees_with_the_filing_state_on_every_day_around_the_dates() {
        let start = d(2026, 12, 1);
        for valid_until in [None, Some(d(2026, 12, 1)), Some(d(2027, 5, 31))] {
            for cancelled in [false, true] {
                let filing = EarlierFiling {
                    category: FilingCategory::OtherTemporary,
                    valid_until,
                    cancelled,
                };
                for offset in 0..240 {
                    let day = d(2026, 11, 1) + chrono::Days::new(offset);
                    let state = FilingState::on(day, start, valid_until, cancelled);
                    let standing =
                        matches!(state, FilingState::InEffect | FilingState::NotYetInEffect);
                    assert_eq!(
                        filing.in_effect_for(FilingKind::Temporary, day),
                        standing,
                        "{day}: {state:?}"
                    );
                }
            }
        }
    }

    fn person(name: &str, phone: &str) -> Person {
        Person {
            name: name.into(),
            resident_id: "11010519491231002X".into(),
            phone: phone.into(),
            insured_city: "120000".into(),
            scheme: Scheme::EmployeeRetired,
        }
    }

    #[test]
    fn name_and_phone_match_as_people_type_them() {
        let filed = person("王小明", "13912345678");
        assert!(same_name_and_phone(
            &filed,
            &person(" 王 小明 ", "139-1234 5678")
        ));
        assert!(same_name_and_phone(
            &person("Wang Xiaoming", "13912345678"),
            &person("wang  XIAOMING", "13912345678")
        ));
        assert!(!same_name_and_phone(
            &filed,
            &person("王小民", "13912345678")
        ));
        assert!(!same_name_and_phone(
            &filed,
            &person("王小明", "13912345679")
        ));
        assert!(!same_name_and_phone(
            &person("王小明", "123"),
            &person("王小明", "123")
        ));
    }
}

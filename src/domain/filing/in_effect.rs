//! One filing in effect per person and kind: what "in effect for this kind" means, the same on the server (which
//! refuses a second filing) and in the browser (which tells the person before they submit).
//!
//! The policy sources say a long-term filing stays valid until changed or cancelled and a temporary one covers
//! repeated trips while it is valid; they say nothing of two filings of one kind side by side, and a long-term and
//! a temporary filing answer different needs. So we read them as: at most one long-term and one temporary filing
//! per person at a time, and the way to a different destination or end date is to change the one in effect.

use chrono::NaiveDate;

use super::{FilingState, FilingView, Person, Phone, ResidentId};
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

/// Among the filings this device made (newest first), the newest in effect for `kind` on `today` for this ID number.
/// The device keeps only the masked number (its first and last four characters), so that is what is compared: two
/// people whose numbers agree there would match too. It only warns; the server's check is the one that counts.
pub fn in_effect_on_device<'a>(
    filings: &'a [FilingView],
    resident_id: &ResidentId,
    kind: FilingKind,
    today: NaiveDate,
) -> Option<&'a FilingView> {
    let masked = resident_id.masked();
    filings.iter().find(|filing| {
        filing.resident_id_masked == masked
            && EarlierFiling::from(*filing).in_effect_for(kind, today)
    })
}

/// Whether two people as typed have the same name and mobile number, ignoring spaces, letter case and the
/// hyphens people put in phone numbers. A phone number that does not parse matches nothing.
pub fn same_name_and_phone(a: &Person, b: &Person) -> bool {
    is_name_and_phone(&a.name, &a.phone, b)
}

/// Whether `person` has this name and mobile number, compared as [`same_name_and_phone`] does.
pub fn is_name_and_phone(name: &str, phone: &str, person: &Person) -> bool {
    let name_key = |name: &str| -> String {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let phone_key = |phone: &str| Phone::parse(phone).ok().map(|p| p.as_str().to_owned());
    name_key(name) == name_key(&person.name)
        && phone_key(phone).is_some()
        && phone_key(phone) == phone_key(&person.phone)
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

    fn view(number: &str, id: &str, category: FilingCategory, state: FilingState) -> FilingView {
        super::super::view::sample(number, id, category, state)
    }

    #[test]
    fn the_device_finds_its_filing_for_the_id_number_and_kind() {
        let sample = "11010519491231002X";
        let other = super::super::valid_id("11010519500101003");
        let filings = [
            view(
                "YD1",
                &other,
                FilingCategory::ResettledRetiree,
                FilingState::InEffect,
            ),
            view(
                "YD2",
                sample,
                FilingCategory::Referral,
                FilingState::NotYetInEffect,
            ),
            view(
                "YD3",
                sample,
                FilingCategory::LongTermResident,
                FilingState::Cancelled,
            ),
            view(
                "YD4",
                sample,
                FilingCategory::ResettledRetiree,
                FilingState::NotYetInEffect,
            ),
        ];
        let id = ResidentId::parse("11010519491231002x").unwrap();
        let found =
            |kind, day| in_effect_on_device(&filings, &id, kind, day).map(|f| f.number.as_str());
        assert_eq!(found(FilingKind::LongTerm, today()), Some("YD4"));
        assert_eq!(found(FilingKind::Temporary, today()), Some("YD2"));
        assert_eq!(found(FilingKind::Temporary, d(2027, 6, 1)), None, "ended");
        let stranger = ResidentId::parse(&super::super::valid_id("44030119900307123")).unwrap();
        assert!(in_effect_on_device(&filings, &stranger, FilingKind::LongTerm, today()).is_none());
    }

    #[test]
    fn a_view_counts_as_cancelled_only_in_the_cancelled_state() {
        for state in [
            FilingState::NotYetInEffect,
            FilingState::InEffect,
            FilingState::Expired,
            FilingState::Cancelled,
        ] {
            let filing = view(
                "YD1",
                "11010519491231002X",
                FilingCategory::Emergency,
                state,
            );
            assert_eq!(
                EarlierFiling::from(&filing).cancelled,
                state == FilingState::Cancelled
            );
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

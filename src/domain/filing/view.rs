//! What the API answers about a filing: masked personal data, the status, and the history of changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Destination, Supplementary};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::day;
use crate::domain::institutions::Service;
use crate::domain::json::{self, FromJson, Json};

/// 备案状态, as of a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum FilingState {
    NotYetInEffect,
    InEffect,
    Expired,
    Cancelled,
}

impl FilingState {
    pub fn on(
        today: NaiveDate,
        start: NaiveDate,
        valid_until: Option<NaiveDate>,
        cancelled: bool,
    ) -> FilingState {
        if cancelled {
            FilingState::Cancelled
        } else if today < start {
            FilingState::NotYetInEffect
        } else if valid_until.is_some_and(|end| today > end) {
            FilingState::Expired
        } else {
            FilingState::InEffect
        }
    }
}

impl FromJson for FilingState {
    fn from_json(json: &Json) -> Option<Self> {
        use FilingState::*;
        json::named(
            json,
            &[
                ("not_yet_in_effect", NotYetInEffect),
                ("in_effect", InEffect),
                ("expired", Expired),
                ("cancelled", Cancelled),
            ],
        )
    }
}

/// A filing as shown to the person: never the full ID number, phone or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct FilingView {
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schema(pattern = "^YD[0-9A-HJKMNP-TV-Z]{12}$")
    )]
    pub number: String,
    pub state: FilingState,
    pub category: FilingCategory,
    pub scheme: Scheme,
    pub insured_city: String,
    pub destination: Destination,
    #[serde(deserialize_with = "day::de")]
    pub start_date: NaiveDate,
    /// The last day the filing is valid; `null` for a long-term filing with no end set.
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    #[serde(default, deserialize_with = "day::de_opt")]
    pub valid_until: Option<NaiveDate>,
    pub settles_directly: bool,
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    pub supplementary: Option<Supplementary>,
    pub chronic_qualifications: Vec<ChronicDisease>,
    pub name_masked: String,
    pub resident_id_masked: String,
    pub phone_masked: String,
    /// Changes to the destination are refused until this day, where the insured place locks them.
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    #[serde(default, deserialize_with = "day::de_opt")]
    pub locked_until: Option<NaiveDate>,
    /// RFC 3339, China time.
    #[cfg_attr(not(target_arch = "wasm32"), schema(format = DateTime))]
    pub created_at: String,
    pub history: Vec<HistoryEntry>,
    /// 选点: the institution codes the person named at the destination, where the insured place asks for them.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    pub points: Vec<String>,
    /// The names of `points`, in the same order, as the institutions file names them (a code it no longer lists
    /// stands for itself): a page can show them without reading the file (the card does).
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    pub point_names: Vec<String>,
    /// The service the named institutions are for; `null` until the person names any.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(required = true))]
    pub points_service: Option<Service>,
}

impl FromJson for FilingView {
    fn from_json(json: &Json) -> Option<Self> {
        Some(FilingView {
            number: json.field("number")?,
            state: json.field("state")?,
            category: json.field("category")?,
            scheme: json.field("scheme")?,
            insured_city: json.field("insured_city")?,
            destination: json.field("destination")?,
            start_date: json.field("start_date")?,
            valid_until: json.field_or_default("valid_until")?,
            settles_directly: json.field("settles_directly")?,
            supplementary: json.field_or_default("supplementary")?,
            chronic_qualifications: json.field("chronic_qualifications")?,
            name_masked: json.field("name_masked")?,
            resident_id_masked: json.field("resident_id_masked")?,
            phone_masked: json.field("phone_masked")?,
            locked_until: json.field_or_default("locked_until")?,
            created_at: json.field("created_at")?,
            history: json.field("history")?,
            points: json.field_or_default("points")?,
            point_names: json.field_or_default("point_names")?,
            points_service: json.field_or_default("points_service")?,
        })
    }
}

/// One event in a filing's life; nothing is ever deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// RFC 3339 time the server recorded it.
    #[cfg_attr(not(target_arch = "wasm32"), schema(format = DateTime))]
    pub at: String,
    pub action: HistoryAction,
    /// The fields it changed (`end_date`, `phone`, `destination`, `points`), never their personal values.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum HistoryAction {
    Filed,
    Changed,
    Cancelled,
}

impl FromJson for HistoryEntry {
    fn from_json(json: &Json) -> Option<Self> {
        Some(HistoryEntry {
            at: json.field("at")?,
            action: json::named(
                json.get("action")?,
                &[
                    ("filed", HistoryAction::Filed),
                    ("changed", HistoryAction::Changed),
                    ("cancelled", HistoryAction::Cancelled),
                ],
            )?,
            fields: json.field("fields")?,
        })
    }
}

/// `POST /api/filings/lookup` and the proof of identity for change and cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LookupRequest {
    pub number: String,
    pub resident_id: String,
}

/// `POST /api/filings/find`: a person's filings, found on any device by what the person certainly knows: the
/// ID number, the name and the mobile number given at filing (all three must match a filing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct FindRequest {
    pub resident_id: String,
    pub name: String,
    pub phone: String,
}

impl FindRequest {
    /// The ID number to search by, or every problem of the form at once (the browser shows them beside the
    /// fields; the server answers them as a 422, which says nothing about anyone's filings).
    pub fn check(&self) -> Result<super::ResidentId, Vec<super::FilingError>> {
        use super::{ErrorCode, Field};
        let mut errors = Vec::new();
        let resident_id = super::ResidentId::parse(&self.resident_id).map_err(|e| errors.push(e));
        if let Err(error) =
            super::request::check_name(&self.name, Field::Name, ErrorCode::NameMissing)
        {
            errors.push(error);
        }
        if let Err(error) = super::Phone::parse(&self.phone) {
            errors.push(error);
        }
        match resident_id {
            Ok(id) if errors.is_empty() => Ok(id),
            _ => Err(errors),
        }
    }

    /// Whether a filing's person is this one: the same name and mobile number (the ID number is the search).
    pub fn matches(&self, person: &super::Person) -> bool {
        super::is_name_and_phone(&self.name, &self.phone, person)
    }
}

/// The answer of `POST /api/filings/find`: the person's filings, newest first, masked; empty when none matches
/// (the same answer whether the ID number has no filing or the name or phone differ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct FoundFilings {
    pub filings: Vec<FilingView>,
}

/// `PATCH /api/filings/{number}`: what may change; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChangeRequest {
    pub resident_id: String,
    /// `null` clears a long-term filing's end date (`Some(None)`; absent is `None`).
    #[serde(default, with = "double_option")]
    pub end_date: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub destination: Option<Destination>,
    /// The whole phone number the filing has now: asked when the phone or the destination changes, since
    /// whoever changes where a filing settles, or where its messages go, should know more than the ID number
    /// (the masked phone already shows the last four digits, so those alone would prove nothing).
    #[serde(default)]
    pub current_phone: Option<String>,
}

/// `POST /api/filings/{number}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CancelRequest {
    pub resident_id: String,
}

/// Tells a date field that is absent (`None`) from one that is `null` (`Some(None)`).
mod double_option {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            None => serializer.serialize_none(),
            Some(inner) => inner.serialize(serializer),
        }
    }

    /// Present, as a day or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<NaiveDate>>, D::Error> {
        crate::domain::day::de_opt(deserializer).map(Some)
    }
}

/// A filing as the API shows it, for tests: Tianjin's retired employee filed to Langfang from 2026-12-01, a
/// temporary category valid to 2027-05-31.
#[cfg(test)]
pub(crate) fn sample(
    number: &str,
    id: &str,
    category: FilingCategory,
    state: FilingState,
) -> FilingView {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    FilingView {
        number: number.into(),
        state,
        category,
        scheme: Scheme::EmployeeRetired,
        insured_city: "120000".into(),
        destination: Destination {
            province: "130000".into(),
            city: Some("131000".into()),
        },
        start_date: d(2026, 12, 1),
        valid_until: (!category.is_long_term()).then(|| d(2027, 5, 31)),
        settles_directly: true,
        supplementary: None,
        chronic_qualifications: vec![],
        name_masked: "王**".into(),
        resident_id_masked: super::ResidentId::parse(id).unwrap().masked(),
        phone_masked: "139****5678".into(),
        locked_until: None,
        created_at: "2026-11-24T10:00:00+08:00".into(),
        history: vec![],
        points: vec![],
        point_names: vec![],
        points_service: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filing::{Relation, Supplementary};
    use crate::domain::json::assert_reads_as_serde;

    /// Every field of a filing's view, each enum's every name, reads through the browser's reader as through serde.
    #[test]
    fn the_lean_reader_reads_a_filing_view_as_serde_does() {
        let id = "11010519491231002X";
        for (i, category) in FilingCategory::ALL.into_iter().enumerate() {
            let state = [
                FilingState::NotYetInEffect,
                FilingState::InEffect,
                FilingState::Expired,
                FilingState::Cancelled,
            ][i % 4];
            let mut view = sample("YD0000000000AB", id, category, state);
            assert_reads_as_serde(&view);
            view.scheme = Scheme::ALL[i % 3];
            view.destination.city = None;
            view.supplementary = Some(Supplementary::ALL[i % 2]);
            view.chronic_qualifications = ChronicDisease::ALL.to_vec();
            view.locked_until = NaiveDate::from_ymd_opt(2027, 1, 31);
            view.history = vec![
                HistoryEntry {
                    at: "2026-11-24T10:00:00+08:00".into(),
                    action: HistoryAction::Filed,
                    fields: vec![],
                },
                HistoryEntry {
                    at: "2026-11-25T10:00:00+08:00".into(),
                    action: [HistoryAction::Changed, HistoryAction::Cancelled][i % 2],
                    fields: vec!["end_date".into(), "points".into()],
                },
            ];
            view.points = vec!["H13100100001".into()];
            view.point_names = vec!["廊坊市人民医院 \"总院\"".into()];
            view.points_service = Some(
                [
                    Service::Inpatient,
                    Service::GeneralOutpatient,
                    Service::Chronic(ChronicDisease::ALL[i % 5]),
                ][i % 3],
            );
            assert_reads_as_serde(&view);
        }
        Relation::ALL.iter().for_each(assert_reads_as_serde);
        // What an older server left out reads as serde's defaults.
        let mut text = serde_json::to_value(sample(
            "YD0000000000AB",
            id,
            FilingCategory::Referral,
            FilingState::InEffect,
        ))
        .unwrap();
        for key in ["points", "point_names", "points_service", "locked_until"] {
            text.as_object_mut().unwrap().remove(key);
        }
        let text = text.to_string();
        assert_eq!(
            crate::domain::json::from_str::<FilingView>(&text),
            serde_json::from_str::<FilingView>(&text).ok()
        );
        assert_eq!(
            crate::domain::json::from_str::<FilingView>(r#"{"number":"YD0000000000AB"}"#),
            None
        );
    }

    fn find(resident_id: &str, name: &str, phone: &str) -> FindRequest {
        FindRequest {
            resident_id: resident_id.into(),
            name: name.into(),
            phone: phone.into(),
        }
    }

    #[test]
    fn finding_names_every_problem_of_the_form_at_once() {
        let codes = |r: FindRequest| -> Vec<&'static str> {
            r.check()
                .unwrap_err()
                .iter()
                .map(|e| e.code.as_str())
                .collect()
        };
        assert_eq!(
            codes(find("", " ", "123")),
            ["resident_id_missing", "name_missing", "phone_invalid"]
        );
        let id = super::super::valid_id("11010519491231002");
        assert_eq!(
            find(&id, "王大明", "138 0013 8000")
                .check()
                .unwrap()
                .as_str(),
            id
        );
    }

    #[test]
    fn a_filing_is_found_by_its_name_and_phone_as_people_type_them() {
        let person = super::super::Person {
            name: "王大明".into(),
            resident_id: super::super::valid_id("11010519491231002"),
            phone: "13800138000".into(),
            insured_city: "120000".into(),
            scheme: Scheme::EmployeeRetired,
        };
        assert!(find("", " 王 大明", "138-0013-8000").matches(&person));
        assert!(find("", "王大明", "１３８００１３８０００").matches(&person));
        assert!(!find("", "王小明", "13800138000").matches(&person));
        assert!(!find("", "王大明", "13800138001").matches(&person));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn state_follows_the_dates_and_cancellation() {
        let start = d(2026, 12, 1);
        let end = Some(d(2027, 5, 31));
        assert_eq!(
            FilingState::on(d(2026, 11, 30), start, end, false),
            FilingState::NotYetInEffect
        );
        assert_eq!(
            FilingState::on(d(2026, 12, 1), start, end, false),
            FilingState::InEffect
        );
        assert_eq!(
            FilingState::on(d(2027, 5, 31), start, end, false),
            FilingState::InEffect
        );
        assert_eq!(
            FilingState::on(d(2027, 6, 1), start, end, false),
            FilingState::Expired
        );
        assert_eq!(
            FilingState::on(d(2040, 1, 1), start, None, false),
            FilingState::InEffect
        );
        assert_eq!(
            FilingState::on(d(2026, 12, 5), start, end, true),
            FilingState::Cancelled
        );
    }

    #[test]
    fn change_request_tells_absent_from_null_end_date() {
        let absent: ChangeRequest = serde_json::from_str(r#"{"resident_id":"x"}"#).unwrap();
        assert_eq!(absent.end_date, None);
        let cleared: ChangeRequest =
            serde_json::from_str(r#"{"resident_id":"x","end_date":null}"#).unwrap();
        assert_eq!(cleared.end_date, Some(None));
        let set: ChangeRequest =
            serde_json::from_str(r#"{"resident_id":"x","end_date":"2027-01-31"}"#).unwrap();
        assert_eq!(set.end_date, Some(Some(d(2027, 1, 31))));
    }
}

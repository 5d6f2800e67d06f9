//! The estimator's input exactly as typed, and its link form (the query string of a shared estimate).
//!
//! Every value is a string, so nothing typed is ever lost to parsing; the estimator reads the numbers and codes
//! out of it when it settles. The link uses short keys so it stays short enough to send in a chat message. A link
//! comes from someone else, so reading one accepts any text: unknown keys are ignored, a broken escape is kept as
//! typed, and nothing panics (`fuzz/fuzz_targets/estimate_link.rs`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::case::CaseFiling;
use crate::domain::filing::FilingView;
use crate::domain::json::{self, FromJson, Json};
use crate::domain::names::serde_name;
use crate::domain::regions::province_of;

/// One line of an itemised bill, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub name: String,
    /// `a`, `b`, `c` or `s` (Class A, Class B, Class C/self-pay, service); empty when not chosen.
    pub kind: String,
    pub amount: String,
    /// Percent, Class B only.
    pub share: String,
}

/// The whole input of one estimate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Input {
    pub insured_province: String,
    pub insured_city: String,
    pub scheme: String,
    pub treatment_province: String,
    pub treatment_city: String,
    pub setting: String,
    pub level: String,
    pub disease: String,
    pub filing: String,
    pub date: String,
    /// `1` unless the person said this is not the year's first stay.
    pub first_stay: String,
    /// `quick` or `items`.
    pub mode: String,
    pub class_a: String,
    pub class_b: String,
    pub class_c: String,
    pub services: String,
    pub items: Vec<ItemInput>,
    pub ytd_deductible: String,
    pub ytd_fund: String,
    /// 今年已发生的政策范围内费用: in-scope spending in the year's earlier settlements, which moves this bill into later
    /// ratio bands where they count over the year.
    pub ytd_in_scope: String,
    pub my_deductible: String,
    pub my_bands: String,
    pub my_cap: String,
    pub my_reduction: String,
    pub my_reduction_value: String,
    pub my_class_b: String,
    /// 乙类先行自付 in yuan, copied from a settlement slip: used for the share when `my_class_b` is empty.
    pub my_class_b_amount: String,
    /// Set by an import only: `year` or `settlement` for the deductible, `expense` or `above_deductible` for bands.
    pub my_deductible_per: String,
    pub my_band_basis: String,
    /// How the ratio bands count: `per_year` (年度累计) or `per_settlement` (按次); empty (or anything else): not
    /// known, so both are tried where it matters.
    pub my_bands_counted: String,
}

/// Calls `$m!` with (URL key, field) for every plain field of [`Input`]; items are encoded apart. The web
/// estimator builds its signals from the same list, so a field added here is in the link, the signals and the draft.
macro_rules! input_fields {
    ($m:ident) => {
        $m! {
            ("ip", insured_province),
            ("ic", insured_city),
            ("sc", scheme),
            ("tp", treatment_province),
            ("tc", treatment_city),
            ("st", setting),
            ("lv", level),
            ("ds", disease),
            ("fi", filing),
            ("dt", date),
            ("fs", first_stay),
            ("m", mode),
            ("qa", class_a),
            ("qb", class_b),
            ("qc", class_c),
            ("qs", services),
            ("yd", ytd_deductible),
            ("yf", ytd_fund),
            ("yi", ytd_in_scope),
            ("od", my_deductible),
            ("ob", my_bands),
            ("oc", my_cap),
            ("or", my_reduction),
            ("ov", my_reduction_value),
            ("os", my_class_b),
            ("ot", my_class_b_amount),
            ("op", my_deductible_per),
            ("oa", my_band_basis),
            ("oy", my_bands_counted)
        }
    };
}
/// Each field's key in a link, by the field's name.
macro_rules! keys {
    ($(($key:literal, $field:ident)),*) => {
        // Every field has its key here; only a filing's few are read outside `to_query` today.
        #[allow(dead_code)]
        struct Keys {
            $($field: &'static str,)*
        }
        const KEYS: Keys = Keys { $($field: $key,)* };
    };
}
input_fields!(keys);

/// Each plain field with its link key and its JSON name, for the code that treats them all alike to walk once
/// instead of repeating itself per field (29 times in the estimator's download).
macro_rules! table {
    ($(($key:literal, $field:ident)),*) => {
        /// How many plain fields [`Input`] has.
        pub const FIELDS: usize = [$($key),*].len();

        impl Input {
            /// (link key, JSON name, value) of every plain field, in `input_fields!` order.
            pub fn plain(&self) -> [(&'static str, &'static str, &String); FIELDS] {
                [$(($key, stringify!($field), &self.$field)),*]
            }

            /// As [`Input::plain`], to write.
            pub fn plain_mut(&mut self) -> [(&'static str, &'static str, &mut String); FIELDS] {
                [$(($key, stringify!($field), &mut self.$field)),*]
            }
        }
    };
}
input_fields!(table);

// Used by the web estimator's signals (wasm only).
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use input_fields;

/// The longest query string an estimate link carries. A request line over 8 KB is refused by common proxies and
/// load balancers (nginx answers 414 with its default `large_client_header_buffers 4 8k`), and this server refuses a
/// URI over 64 KB; a long itemised bill (a few hundred rows with their names) passes both. 7,000 leaves the path and
/// the rest of the request line room under 8 KB. Past it, the estimate is kept on the device and shared as a file
/// (export and import) instead.
pub const LINK_LIMIT: usize = 7_000;

impl Input {
    /// The estimate a filing leads to: its insured place, scheme, category and destination filled in, the care on
    /// `today` or on the filing's first day if that is later; what the filing cannot tell (the setting, the bill)
    /// is left for the person.
    pub fn from_filing(filing: &FilingView, today: NaiveDate) -> Input {
        Input {
            insured_province: province_of(&filing.insured_city),
            insured_city: filing.insured_city.clone(),
            scheme: serde_name(&filing.scheme),
            treatment_province: filing.destination.province.clone(),
            treatment_city: filing.destination.city.clone().unwrap_or_default(),
            filing: CaseFiling::Filed(filing.category).name().to_owned(),
            date: today.max(filing.start_date).to_string(),
            first_stay: "1".to_owned(),
            mode: "quick".to_owned(),
            ..Input::default()
        }
    }

    /// The link query of [`Input::from_filing`], as [`Input::to_query`] writes it, without its code for every
    /// field: the filing's confirmation page links to the estimator with it, and only this comes with that page.
    pub fn filing_link_query(filing: &FilingView, today: NaiveDate) -> String {
        let input = Input::from_filing(filing, today);
        let keys = KEYS;
        [
            (keys.insured_province, &input.insured_province),
            (keys.insured_city, &input.insured_city),
            (keys.scheme, &input.scheme),
            (keys.treatment_province, &input.treatment_province),
            (keys.treatment_city, &input.treatment_city),
            (keys.filing, &input.filing),
            (keys.date, &input.date),
            (keys.first_stay, &input.first_stay),
            (keys.mode, &input.mode),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The query string of this input's link, or `None` when it is longer than [`LINK_LIMIT`].
    pub fn link_query(&self) -> Option<String> {
        let query = self.to_query();
        (query.len() <= LINK_LIMIT).then_some(query)
    }

    /// The query string (without `?`): only non-empty fields, items as `it=kind~amount~share~name`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = self
            .plain()
            .into_iter()
            .filter(|(_, _, value)| !value.is_empty())
            .map(|(key, _, value)| format!("{key}={}", encode(value)))
            .collect();
        for item in &self.items {
            parts.push(format!(
                "it={}~{}~{}~{}",
                encode(&item.kind),
                encode(&item.amount),
                encode(&item.share),
                encode(&item.name)
            ));
        }
        parts.join("&")
    }

    /// Reads a query string (with or without `?`); unknown keys are ignored.
    pub fn from_query(query: &str) -> Input {
        let mut input = Input::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "it" {
                let mut parts = raw.split('~').map(decode);
                input.items.push(ItemInput {
                    kind: parts.next().unwrap_or_default(),
                    amount: parts.next().unwrap_or_default(),
                    share: parts.next().unwrap_or_default(),
                    name: parts.next().unwrap_or_default(),
                });
                continue;
            }
            if let Some((_, _, field)) = input.plain_mut().into_iter().find(|(k, _, _)| *k == key) {
                *field = decode(raw);
            }
        }
        input
    }

    pub fn is_empty(&self) -> bool {
        *self == Input::default()
    }

    /// Reads what a device kept ([`Input::to_query`]'s form), or the JSON that versions before 2026-12 kept, so an
    /// estimate in progress survives the update.
    pub fn from_kept(text: &str) -> Option<Input> {
        if text.starts_with('{') {
            json::from_str(text)
        } else {
            Some(Input::from_query(text))
        }
    }
}

/// The JSON form (serde's, every field optional), read without serde's generated parser in the browser.
impl FromJson for Input {
    fn from_json(json: &Json) -> Option<Self> {
        let mut input = Input {
            items: json.field_or_default("items")?,
            ..Input::default()
        };
        for (_, name, field) in input.plain_mut() {
            *field = json.field_or_default(name)?;
        }
        Some(input)
    }
}

impl FromJson for ItemInput {
    fn from_json(json: &Json) -> Option<Self> {
        Some(ItemInput {
            name: json.field_or_default("name")?,
            kind: json.field_or_default("kind")?,
            amount: json.field_or_default("amount")?,
            share: json.field_or_default("share")?,
        })
    }
}

/// Percent-encodes everything but the unreserved characters, so `~`, `&` and `=` can separate.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::FilingCategory;
    use crate::domain::filing::{FilingState, sample_view};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_filing_fills_in_its_places_scheme_category_and_the_day_of_care() {
        let filing = sample_view(
            "YD1",
            "11010519491231002X",
            FilingCategory::Referral,
            FilingState::NotYetInEffect,
        );
        let input = Input::from_filing(&filing, d(2026, 11, 20));
        assert_eq!(
            input.to_query(),
            "ip=120000&ic=120000&sc=employee_retired&tp=130000&tc=131000&fi=referral&dt=2026-12-01&fs=1&m=quick"
        );
        assert_eq!(
            Some(Input::filing_link_query(&filing, d(2026, 11, 20))),
            input.link_query()
        );
        // Once the filing has started, the care is today's.
        assert_eq!(
            Input::from_filing(&filing, d(2027, 1, 5)).date,
            "2027-01-05"
        );
        // A filing to a whole province leaves the city to the person.
        let mut province = filing.clone();
        province.destination.city = None;
        let input = Input::from_filing(&province, d(2026, 11, 20));
        assert_eq!(
            Some(Input::filing_link_query(&province, d(2026, 11, 20))),
            input.link_query()
        );
        assert_eq!(
            (
                input.treatment_province.as_str(),
                input.treatment_city.as_str()
            ),
            ("130000", "")
        );
    }

    fn sample() -> Input {
        Input {
            insured_province: "120000".to_owned(),
            insured_city: "120000".to_owned(),
            scheme: "employee_retired".to_owned(),
            setting: "inpatient".to_owned(),
            date: "2026-11-24".to_owned(),
            mode: "items".to_owned(),
            my_reduction_value: "10%".to_owned(),
            items: vec![
                ItemInput {
                    name: "头孢 ~ & = + % 100".to_owned(),
                    kind: "b".to_owned(),
                    amount: "1,234.50".to_owned(),
                    share: "10".to_owned(),
                },
                ItemInput::default(),
            ],
            ..Input::default()
        }
    }

    #[test]
    fn a_link_reads_back_as_the_input_it_was_made_from() {
        let input = sample();
        assert_eq!(Input::from_query(&input.to_query()), input);
        assert_eq!(Input::from_query(&format!("?{}", input.to_query())), input);
    }

    #[test]
    fn a_link_uses_only_characters_that_need_no_escaping_in_a_url() {
        let query = sample().to_query();
        assert!(
            query
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.%=&~".contains(&b)),
            "{query}"
        );
        assert!(query.starts_with(
            "ip=120000&ic=120000&sc=employee_retired&st=inpatient&dt=2026-11-24&m=items"
        ));
        assert!(query.contains("&ov=10%25&"), "{query}");
        assert!(query.ends_with("&it=~~~"), "an empty row is kept: {query}");
    }

    #[test]
    fn a_link_written_by_hand_or_by_another_tool_still_reads() {
        let input =
            Input::from_query("ip=440000&zz=ignored&qa=1+000&it=a~12.5&it=b~30~~%E8%8D%AF&ic");
        assert_eq!(input.insured_province, "440000");
        assert_eq!(input.class_a, "1 000", "+ is a space, as in a form");
        assert_eq!(input.insured_city, "", "a key with no value is empty");
        assert_eq!(input.items.len(), 2);
        assert_eq!(
            (input.items[0].kind.as_str(), input.items[0].amount.as_str()),
            ("a", "12.5")
        );
        assert_eq!(input.items[0].name, "", "missing parts are empty");
        assert_eq!(input.items[1].name, "药");
    }

    #[test]
    fn a_broken_escape_is_kept_as_typed() {
        assert_eq!(Input::from_query("qa=%G1%4").class_a, "%G1%4");
        assert_eq!(Input::from_query("qa=5%").class_a, "5%");
        // A byte sequence that is not UTF-8 reads as the replacement character, not an error.
        assert_eq!(Input::from_query("qa=%FF1").class_a, "\u{FFFD}1");
    }

    #[test]
    fn an_input_too_long_for_a_link_has_none() {
        let mut input = sample();
        assert_eq!(input.link_query(), Some(input.to_query()));
        let row = ItemInput {
            name: "注射用头孢曲松钠（每支1克）".to_owned(),
            kind: "b".to_owned(),
            amount: "35.60".to_owned(),
            share: "10".to_owned(),
        };
        while input.to_query().len() <= LINK_LIMIT {
            input.items.push(row.clone());
        }
        assert_eq!(input.link_query(), None);
        input.items.pop();
        assert!(input.link_query().is_some_and(|q| q.len() <= LINK_LIMIT));
    }

    #[test]
    fn what_a_device_keeps_reads_back_in_either_form() {
        let input = sample();
        assert_eq!(Input::from_kept(&input.to_query()), Some(input.clone()));
        // What earlier versions kept: serde's JSON, which the lean reader reads as serde does.
        let json = serde_json::to_string(&input).unwrap();
        assert_eq!(Input::from_kept(&json), Some(input));
        let partial = r#"{"scheme":"resident","items":[{"amount":"5"}]}"#;
        assert_eq!(
            Input::from_kept(partial),
            Some(serde_json::from_str::<Input>(partial).unwrap())
        );
        assert_eq!(Input::from_kept("{broken"), None);
        assert_eq!(Input::from_kept(r#"{"scheme":1}"#), None);
    }

    #[test]
    fn an_empty_link_is_an_empty_input() {
        assert!(Input::from_query("").is_empty());
        assert!(Input::from_query("?").is_empty());
        assert_eq!(Input::default().to_query(), "");
    }
}

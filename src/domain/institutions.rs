//! 定点医疗机构: the designated institutions a person may be treated at, the code format, a fast filter, and the
//! select-point (选点) rules that check a person's chosen institutions against their filing.
//!
//! The data format is documented in `docs/institutions.md`. No open list of institutions networked for
//! cross-provincial settlement exists, so what the app ships is sample data, and says so (`sample`).

use std::collections::HashMap;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::category::{ChronicDisease, InstitutionLevel};
use crate::domain::filing::Destination;
use crate::domain::json::{self, FromJson, Json};
use crate::domain::lang::Lang;
use crate::domain::names::names;

/// The format version this code reads; a data file with another is refused.
pub const SCHEMA_VERSION: u32 = 1;

/// 定点医疗机构编码: `H`, the 6-digit region code of where the institution is, and a 5-digit serial.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct InstitutionCode(String);

/// The two-digit prefixes of GB/T 2260 province-level codes.
const PROVINCE_PREFIXES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

impl InstitutionCode {
    /// Accepts `H` (or `h`, as people type it) followed by 11 digits whose first six are a region code.
    pub fn parse(input: &str) -> Result<InstitutionCode, CodeError> {
        let input = input.trim();
        let Some(digits) = input.strip_prefix(['H', 'h']) else {
            return Err(CodeError::Prefix);
        };
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Length);
        }
        if !PROVINCE_PREFIXES.contains(&&digits[..2]) {
            return Err(CodeError::Region);
        }
        Ok(InstitutionCode(format!("H{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit region code inside the code.
    pub fn region(&self) -> &str {
        &self.0[1..7]
    }
}

impl std::fmt::Display for InstitutionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for InstitutionCode {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        InstitutionCode::parse(&value)
    }
}

impl From<InstitutionCode> for String {
    fn from(code: InstitutionCode) -> String {
        code.0
    }
}

/// Why a string is not an institution code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("an institution code starts with H")]
    Prefix,
    #[error("an institution code is H and 11 digits")]
    Length,
    #[error("the 6 digits after H must be a region code")]
    Region,
}

/// 医院等次 within a level (三级甲等 is tertiary, grade A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 特等
    Special,
    /// 甲等
    A,
    /// 乙等
    B,
    /// 丙等
    C,
}

impl FromJson for Grade {
    fn from_json(json: &Json) -> Option<Self> {
        use Grade::*;
        json::named(json, &[("special", Special), ("a", A), ("b", B), ("c", C)])
    }
}

/// A service settled across provinces at an institution: what a person picks institutions for.
///
/// In JSON `"inpatient"`, `"general_outpatient"` or `{"chronic": "M03900"}`; read by hand (below) so that a second
/// key in the object is refused as an unknown field, as everywhere else, where serde_json would call it broken JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum Service {
    /// 住院
    Inpatient,
    /// 普通门诊
    GeneralOutpatient,
    /// 门诊慢特病, for one disease.
    Chronic(ChronicDisease),
}

impl Service {
    pub fn kind(self) -> ServiceKind {
        match self {
            Service::Inpatient => ServiceKind::Inpatient,
            Service::GeneralOutpatient => ServiceKind::GeneralOutpatient,
            Service::Chronic(_) => ServiceKind::Chronic,
        }
    }
}

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Service, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Named {
            Inpatient,
            GeneralOutpatient,
        }

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Chronic {
            chronic: ChronicDisease,
        }

        struct ServiceVisitor;

        impl<'de> Visitor<'de> for ServiceVisitor {
            type Value = Service;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#""inpatient", "general_outpatient" or {"chronic": a disease code}"#)
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Service, E> {
                Ok(match Named::deserialize(name.into_deserializer())? {
                    Named::Inpatient => Service::Inpatient,
                    Named::GeneralOutpatient => Service::GeneralOutpatient,
                })
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Service, M::Error> {
                let Chronic { chronic } = Chronic::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Service::Chronic(chronic))
            }
        }

        deserializer.deserialize_any(ServiceVisitor)
    }
}

/// As the `Deserialize` above reads it.
impl FromJson for Service {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::String(name) => match name.as_str() {
                "inpatient" => Some(Service::Inpatient),
                "general_outpatient" => Some(Service::GeneralOutpatient),
                _ => None,
            },
            Json::Object(fields) if fields.len() == 1 => {
                json.field("chronic").map(Service::Chronic)
            }
            _ => None,
        }
    }
}

impl FromJson for InstitutionCode {
    fn from_json(json: &Json) -> Option<Self> {
        InstitutionCode::try_from(String::from_json(json)?).ok()
    }
}

impl FromJson for PointWarning {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PointWarning {
            code: json.field("code")?,
            institution: json.field("institution")?,
            service: json.field("service")?,
        })
    }
}

/// A service without its disease: what a select-point rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Inpatient,
    GeneralOutpatient,
    Chronic,
}

impl FromJson for ServiceKind {
    fn from_json(json: &Json) -> Option<Self> {
        use ServiceKind::*;
        json::named(
            json,
            &[
                ("inpatient", Inpatient),
                ("general_outpatient", GeneralOutpatient),
                ("chronic", Chronic),
            ],
        )
    }
}

/// Which cross-provincial services an institution is networked (联网) for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    pub inpatient: bool,
    pub general_outpatient: bool,
    /// The outpatient chronic and special diseases it settles, by code.
    #[serde(default)]
    pub chronic: Vec<ChronicDisease>,
}

impl FromJson for Services {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Services {
            inpatient: json.field("inpatient")?,
            general_outpatient: json.field("general_outpatient")?,
            chronic: json.field_or_default("chronic")?,
        })
    }
}

impl Services {
    pub fn covers(&self, service: Service) -> bool {
        match service {
            Service::Inpatient => self.inpatient,
            Service::GeneralOutpatient => self.general_outpatient,
            Service::Chronic(disease) => self.chronic.contains(&disease),
        }
    }
}

/// One designated institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    pub code: InstitutionCode,
    pub name: String,
    /// The first letter of each syllable of the name's pinyin, lowercase (`bjxhyy` for 北京协和医院), digits kept;
    /// what a search box matches typed Latin letters against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials: Option<String>,
    pub level: InstitutionLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// The 6-digit code of the prefecture-level city (a municipality's own code) it is in.
    pub city_code: String,
    pub district: String,
    pub address: String,
    pub services: Services,
    /// True unless every fact of the entry was read from the source it names.
    pub sample: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl FromJson for Institution {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Institution {
            code: json.field("code")?,
            name: json.field("name")?,
            initials: json.field_or_default("initials")?,
            level: json.field("level")?,
            grade: json.field_or_default("grade")?,
            city_code: json.field("city_code")?,
            district: json.field("district")?,
            address: json.field("address")?,
            services: json.field("services")?,
            sample: json.field("sample")?,
            source: json.field_or_default("source")?,
        })
    }
}

impl Institution {
    /// Whether it is in `area`: a city's code, or a province's (`xx0000`) for a whole-province filing.
    /// A municipality's code is both, and matches its own institutions either way.
    pub fn is_in(&self, area: &str) -> bool {
        if area.len() == 6 && area.ends_with("0000") {
            self.city_code.get(..2) == area.get(..2)
        } else {
            self.city_code == area
        }
    }
}

/// The whole institutions file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institutions {
    pub schema_version: u32,
    pub data_version: String,
    /// True when any entry is sample data; the page then says so.
    pub sample: bool,
    /// What the data is and is not, for people opening the file and for the page.
    pub about: String,
    /// Where the authoritative list can be queried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_query: Option<String>,
    pub institutions: Vec<Institution>,
    #[serde(skip)]
    by_code: HashMap<InstitutionCode, usize>,
}

impl FromJson for Institutions {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Institutions {
            schema_version: json.field("schema_version")?,
            data_version: json.field("data_version")?,
            sample: json.field("sample")?,
            about: json.field("about")?,
            official_query: json.field_or_default("official_query")?,
            institutions: json.field("institutions")?,
            by_code: HashMap::new(),
        })
    }
}

/// What is wrong with an institutions file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstitutionsError {
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("schema version {0} is not the {SCHEMA_VERSION} this code reads")]
    SchemaVersion(u32),
    #[error("institutions[{index}]: the code {code} appears twice")]
    DuplicateCode { index: usize, code: String },
    #[error("institutions[{index}]: city_code must be a 6-digit region code")]
    CityCode { index: usize },
    #[error("institutions[{index}]: the code's region is not in city {city}")]
    CodeOutsideCity { index: usize, city: String },
    #[error("institutions[{index}]: the name is empty")]
    EmptyName { index: usize },
    #[error("institutions[{index}]: initials must be lowercase a-z and digits")]
    Initials { index: usize },
    #[error("institutions[{index}]: a sample entry in a file that says it is not sample data")]
    UnlabelledSample { index: usize },
}

/// A search over the institutions: all conditions must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query<'a> {
    /// A city's code, or a province's for a whole-province filing.
    pub city_code: &'a str,
    pub service: Option<Service>,
    pub level: Option<InstitutionLevel>,
    /// Part of the name or the district, or of the name's pinyin initials (any case); empty matches every name.
    pub text: &'a str,
}

impl Institutions {
    /// Reads and validates the file.
    pub fn from_json(text: &str) -> Result<Institutions, InstitutionsError> {
        let data: Institutions = serde_json::from_str(text)
            .map_err(|err| InstitutionsError::Unreadable(err.to_string()))?;
        data.checked()
    }

    /// As [`Institutions::from_json`], through the browser's lean reader ([`crate::domain::json`]).
    pub fn read(text: &str) -> Result<Institutions, InstitutionsError> {
        let data: Institutions = json::from_str(text)
            .ok_or_else(|| InstitutionsError::Unreadable("not an institutions file".to_owned()))?;
        data.checked()
    }

    fn checked(mut self) -> Result<Institutions, InstitutionsError> {
        self.validate()?;
        self.by_code = self
            .institutions
            .iter()
            .enumerate()
            .map(|(i, inst)| (inst.code.clone(), i))
            .collect();
        Ok(self)
    }

    fn validate(&self) -> Result<(), InstitutionsError> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(InstitutionsError::SchemaVersion(self.schema_version));
        }
        let mut seen = std::collections::HashSet::new();
        for (index, inst) in self.institutions.iter().enumerate() {
            let city = &inst.city_code;
            if city.len() != 6 || !city.bytes().all(|b| b.is_ascii_digit()) {
                return Err(InstitutionsError::CityCode { index });
            }
            // A municipality's districts share its two digits; elsewhere a county shares the city's four.
            let shared = if city.ends_with("0000") { 2 } else { 4 };
            if inst.code.region()[..shared] != city[..shared] {
                return Err(InstitutionsError::CodeOutsideCity {
                    index,
                    city: city.clone(),
                });
            }
            if inst.name.trim().is_empty() {
                return Err(InstitutionsError::EmptyName { index });
            }
            if let Some(initials) = &inst.initials
                && (initials.is_empty()
                    || !initials
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
            {
                return Err(InstitutionsError::Initials { index });
            }
            if inst.sample && !self.sample {
                return Err(InstitutionsError::UnlabelledSample { index });
            }
            if !seen.insert(&inst.code) {
                return Err(InstitutionsError::DuplicateCode {
                    index,
                    code: inst.code.to_string(),
                });
            }
        }
        Ok(())
    }

    /// By code: indexed when read with [`Institutions::from_json`], else (deserialised some other way) a scan.
    pub fn get(&self, code: &InstitutionCode) -> Option<&Institution> {
        if self.by_code.is_empty() {
            return self.institutions.iter().find(|i| i.code == *code);
        }
        self.by_code.get(code).map(|&i| &self.institutions[i])
    }

    /// The institutions matching `query`, in file order. The cheap checks run first, the text match last.
    pub fn filter<'a>(
        &'a self,
        query: &'a Query<'a>,
    ) -> impl Iterator<Item = &'a Institution> + 'a {
        let text = query.text.trim();
        // Typed Latin letters are matched against the initials too: `xy` finds 湘雅.
        let latin = (!text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| text.to_ascii_lowercase());
        self.institutions.iter().filter(move |inst| {
            inst.is_in(query.city_code)
                && query.level.is_none_or(|level| inst.level == level)
                && query.service.is_none_or(|s| inst.services.covers(s))
                && (text.is_empty()
                    || inst.name.contains(text)
                    || inst.district.contains(text)
                    || latin.as_deref().is_some_and(|latin| {
                        inst.initials.as_deref().is_some_and(|i| i.contains(latin))
                    }))
        })
    }
}

/// 选点规则 of an insured place: for which service its filers name institutions, whether they must, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRules {
    pub service: ServiceKind,
    /// The person must name at least one; otherwise naming is offered, not asked.
    pub required: bool,
    /// The most institutions one filing may name.
    pub max_institutions: u32,
}

impl FromJson for PointsRules {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PointsRules {
            service: json.field("service")?,
            required: json.field("required")?,
            max_institutions: json.field("max_institutions")?,
        })
    }
}

/// `PUT /api/filings/{number}/points`: the institutions a person names for a service; an empty list clears them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PointsRequest {
    pub resident_id: String,
    pub service: Service,
    pub institutions: Vec<String>,
}

/// What the rules need to know about the filing: where it is to, and what the person qualifies for.
#[derive(Debug, Clone, Copy)]
pub struct PointsFiling<'a> {
    pub destination: &'a Destination,
    /// 门诊慢特病待遇资格 held at the insured place.
    pub chronic_qualifications: &'a [ChronicDisease],
}

impl PointsFiling<'_> {
    /// The city of a city filing, the province of a whole-province filing.
    pub fn area(&self) -> &str {
        self.destination
            .city
            .as_deref()
            .unwrap_or(&self.destination.province)
    }
}

names! {
    /// What is wrong with a choice of institutions (选点): the stable machine code the browser, the server and the
    /// API share.
    pub enum PointsCode {
        PointsNotOffered = "points_not_offered",
        ChronicNotQualified = "chronic_not_qualified",
        InstitutionsMissing = "institutions_missing",
        InstitutionsTooMany = "institutions_too_many",
        InstitutionCodeInvalid = "institution_code_invalid",
        InstitutionUnknown = "institution_unknown",
        InstitutionDuplicate = "institution_duplicate",
        InstitutionOutsideDestination = "institution_outside_destination",
        InstitutionNotNetworked = "institution_not_networked",
    }
}

impl PointsCode {
    /// The field the code is reported on, `institutions[i]` as the first it can be (`institutions[0]`, or
    /// `institutions[1]` for a duplicate).
    pub const fn field(self) -> &'static str {
        match self {
            PointsCode::PointsNotOffered => "service",
            PointsCode::ChronicNotQualified => "service",
            PointsCode::InstitutionsMissing => "institutions",
            PointsCode::InstitutionsTooMany => "institutions",
            PointsCode::InstitutionCodeInvalid => "institutions[0]",
            PointsCode::InstitutionUnknown => "institutions[0]",
            PointsCode::InstitutionDuplicate => "institutions[1]",
            PointsCode::InstitutionOutsideDestination => "institutions[0]",
            PointsCode::InstitutionNotNetworked => "institutions[0]",
        }
    }
}

/// One thing wrong with a choice of institutions: a stable code and the request field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {code}")]
pub struct PointsError {
    pub code: PointsCode,
    /// `service`, `institutions` or `institutions[2]`.
    pub field: String,
}

impl PointsError {
    pub fn new(code: PointsCode, field: impl Into<String>) -> PointsError {
        PointsError {
            code,
            field: field.into(),
        }
    }

    /// What to do about it.
    pub fn message(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self.code {
            PointsCode::PointsNotOffered => (
                "您的参保地不要求为这项服务选择定点医疗机构：备案后就医地所有联网定点医疗机构都可以直接结算",
                "Your insured place does not ask you to choose institutions for this service: every networked institution at your destination settles it",
            ),
            PointsCode::ChronicNotQualified => (
                "您的备案没有这种门诊慢特病的待遇资格：请先在参保地办理资格认定",
                "Your filing holds no qualification for this chronic disease: get it recognised at your insured place first",
            ),
            PointsCode::InstitutionsMissing => (
                "请至少选择一家定点医疗机构",
                "Choose at least one designated institution",
            ),
            PointsCode::InstitutionsTooMany => (
                "选择的定点医疗机构超过了参保地允许的数量，请减少",
                "You chose more institutions than your insured place allows: remove some",
            ),
            PointsCode::InstitutionCodeInvalid => (
                "定点医疗机构编码应为H加11位数字",
                "Enter an institution code: H followed by 11 digits",
            ),
            PointsCode::InstitutionUnknown => (
                "没有找到这个编码的定点医疗机构，请从列表中选择",
                "No institution has this code: choose one from the list",
            ),
            PointsCode::InstitutionDuplicate => (
                "同一家定点医疗机构选择了两次",
                "You chose this institution twice: remove one",
            ),
            PointsCode::InstitutionOutsideDestination => (
                "这家医疗机构不在您备案的就医地，请选择就医地的机构",
                "This institution is not in your filing's destination: choose one there",
            ),
            PointsCode::InstitutionNotNetworked => (
                "这家医疗机构没有开通这项服务的跨省直接结算，请选择其他机构",
                "This institution does not settle this service across provinces: choose another",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Something the person should know before relying on an accepted choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointWarning {
    /// `institution_not_networked_for`.
    pub code: String,
    pub institution: InstitutionCode,
    /// A service the filing needs that this institution does not settle across provinces.
    pub service: Service,
}

impl PointWarning {
    pub fn message(&self, lang: Lang) -> String {
        let what = match (self.service, lang) {
            (Service::Inpatient, Lang::Zh) => "住院".to_owned(),
            (Service::Inpatient, Lang::En) => "inpatient care".to_owned(),
            (Service::GeneralOutpatient, Lang::Zh) => "普通门诊".to_owned(),
            (Service::GeneralOutpatient, Lang::En) => "general outpatient care".to_owned(),
            (Service::Chronic(d), Lang::Zh) => format!("{}门诊慢特病", d.name(lang)),
            (Service::Chronic(d), Lang::En) => format!("outpatient {}", d.name(lang)),
        };
        match lang {
            Lang::Zh => format!(
                "{} 没有开通{what}的跨省直接结算：在这里看{what}需要先自付，回参保地报销",
                self.institution
            ),
            Lang::En => format!(
                "{} does not settle {what} across provinces: there you would pay in full and claim at home",
                self.institution
            ),
        }
    }
}

/// A checked choice: the codes, normalised, and what the person should be warned of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPoints {
    pub institutions: Vec<InstitutionCode>,
    pub warnings: Vec<PointWarning>,
}

/// Checks `chosen` institutions for `service` against the filing, the insured place's rules (none where the
/// place asks for no choice) and the data; reports every problem at once.
pub fn check_points(
    filing: &PointsFiling<'_>,
    service: Service,
    chosen: &[String],
    rules: Option<&PointsRules>,
    data: &Institutions,
) -> Result<ValidPoints, Vec<PointsError>> {
    let mut errors = Vec::new();
    let Some(rules) = rules.filter(|r| r.service == service.kind()) else {
        return Err(vec![PointsError::new(
            PointsCode::PointsNotOffered,
            "service",
        )]);
    };
    if let Service::Chronic(disease) = service
        && !filing.chronic_qualifications.contains(&disease)
    {
        errors.push(PointsError::new(PointsCode::ChronicNotQualified, "service"));
    }
    if chosen.is_empty() && rules.required {
        errors.push(PointsError::new(
            PointsCode::InstitutionsMissing,
            "institutions",
        ));
    }
    if chosen.len() > usize::try_from(rules.max_institutions).unwrap_or(usize::MAX) {
        errors.push(PointsError::new(
            PointsCode::InstitutionsTooMany,
            "institutions",
        ));
    }
    let mut codes: Vec<InstitutionCode> = Vec::with_capacity(chosen.len());
    let mut warnings = Vec::new();
    for (i, raw) in chosen.iter().enumerate() {
        let field = format!("institutions[{i}]");
        let Ok(code) = InstitutionCode::parse(raw) else {
            errors.push(PointsError::new(PointsCode::InstitutionCodeInvalid, field));
            continue;
        };
        if codes.contains(&code) {
            errors.push(PointsError::new(PointsCode::InstitutionDuplicate, field));
            continue;
        }
        let Some(inst) = data.get(&code) else {
            errors.push(PointsError::new(PointsCode::InstitutionUnknown, field));
            codes.push(code);
            continue;
        };
        if !inst.is_in(filing.area()) {
            errors.push(PointsError::new(
                PointsCode::InstitutionOutsideDestination,
                field,
            ));
        } else if !inst.services.covers(service) {
            errors.push(PointsError::new(PointsCode::InstitutionNotNetworked, field));
        } else {
            let others = filing
                .chronic_qualifications
                .iter()
                .map(|&d| Service::Chronic(d))
                .chain([Service::GeneralOutpatient])
                .filter(|&s| s != service);
            for other in others {
                if !inst.services.covers(other) {
                    warnings.push(PointWarning {
                        code: "institution_not_networked_for".into(),
                        institution: code.clone(),
                        service: other,
                    });
                }
            }
        }
        codes.push(code);
    }
    if errors.is_empty() {
        Ok(ValidPoints {
            institutions: codes,
            warnings,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::json::assert_reads_as_serde;

    /// The browser's lean reader makes of the shipped file and of these tests' file what serde does.
    #[test]
    fn the_lean_reader_reads_institutions_as_serde_does() {
        let shipped = std::fs::read_to_string("public/data/institutions.json").unwrap();
        for text in [shipped.as_str(), DATA] {
            assert_eq!(Institutions::read(text), Institutions::from_json(text));
            assert!(Institutions::read(text).is_ok());
        }
        let twice = DATA.replacen("H13100000002", "H13100000001", 1);
        assert_eq!(Institutions::read(&twice), Institutions::from_json(&twice));
        assert!(Institutions::read(&twice).is_err());
        for service in [
            Service::Inpatient,
            Service::GeneralOutpatient,
            Service::Chronic(ChronicDisease::Diabetes),
        ] {
            assert_reads_as_serde(&service);
            assert_reads_as_serde(&service.kind());
            assert_reads_as_serde(&PointWarning {
                code: "institution_not_networked_for".into(),
                institution: InstitutionCode::parse("H13100000001").unwrap(),
                service,
            });
        }
        assert_eq!(
            json::from_str::<Service>(r#"{"chronic":"M01600","x":1}"#),
            None
        );
        [Grade::Special, Grade::A, Grade::B, Grade::C]
            .iter()
            .for_each(assert_reads_as_serde);
    }

    const DATA: &str = r#"{
      "schema_version": 1, "data_version": "test", "sample": true, "about": "test data",
      "institutions": [
        {"code": "H13100000001", "name": "廊坊甲医院", "initials": "lfjyy", "level": "tertiary", "grade": "a", "city_code": "131000",
         "district": "广阳区", "address": "一路1号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": true, "chronic": ["M01600", "M03900"]}},
        {"code": "H13100000002", "name": "廊坊乙医院", "level": "secondary", "city_code": "131000",
         "district": "安次区", "address": "二路2号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": false, "chronic": ["M01600"]}},
        {"code": "H13100000003", "name": "廊坊丙卫生院", "initials": "lfbwsy", "level": "primary", "city_code": "131000",
         "district": "广阳区", "address": "三路3号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": true}},
        {"code": "H13108200004", "name": "三河丁医院", "level": "tertiary", "city_code": "131000",
         "district": "三河市", "address": "四路4号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": true, "chronic": ["M01600"]}},
        {"code": "H11010100001", "name": "北京戊医院", "level": "tertiary", "city_code": "110000",
         "district": "东城区", "address": "五路5号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": true, "chronic": ["M01600"]}},
        {"code": "H13010000001", "name": "石家庄己医院", "level": "tertiary", "city_code": "130100",
         "district": "长安区", "address": "六路6号", "sample": true,
         "services": {"inpatient": true, "general_outpatient": true, "chronic": ["M01600"]}}
      ]
    }"#;

    fn data() -> Institutions {
        Institutions::from_json(DATA).unwrap()
    }

    fn tianjin() -> PointsRules {
        PointsRules {
            service: ServiceKind::Chronic,
            required: false,
            max_institutions: 2,
        }
    }

    fn langfang() -> Destination {
        Destination {
            province: "130000".into(),
            city: Some("131000".into()),
        }
    }

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn error_codes(result: Result<ValidPoints, Vec<PointsError>>) -> Vec<(&'static str, String)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.code.as_str(), e.field))
            .collect()
    }

    const DIABETES: Service = Service::Chronic(ChronicDisease::Diabetes);

    #[test]
    fn every_select_point_code_has_its_own_name_and_message() {
        let names: std::collections::HashSet<&str> =
            PointsCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), PointsCode::ALL.len());
        for code in PointsCode::ALL {
            assert_eq!(PointsCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(
            PointsCode::InstitutionOutsideDestination.as_str(),
            "institution_outside_destination"
        );
        for lang in [Lang::Zh, Lang::En] {
            let messages: std::collections::HashSet<&str> = PointsCode::ALL
                .into_iter()
                .map(|code| PointsError::new(code, code.field()).message(lang))
                .collect();
            assert_eq!(messages.len(), PointsCode::ALL.len(), "{lang:?}");
        }
    }

    #[test]
    fn parses_codes_and_refuses_the_wrong_shape() {
        let code = InstitutionCode::parse(" h45012400011 ").unwrap();
        assert_eq!(code.as_str(), "H45012400011");
        assert_eq!(code.region(), "450124");
        assert_eq!(
            InstitutionCode::parse("45012400011"),
            Err(CodeError::Prefix)
        );
        assert_eq!(
            InstitutionCode::parse("H4501240001"),
            Err(CodeError::Length)
        );
        assert_eq!(
            InstitutionCode::parse("H450124000111"),
            Err(CodeError::Length)
        );
        assert_eq!(
            InstitutionCode::parse("H45012400O11"),
            Err(CodeError::Length)
        );
        assert_eq!(
            InstitutionCode::parse("H99012400011"),
            Err(CodeError::Region)
        );
        let parsed: Result<InstitutionCode, _> = serde_json::from_str(r#""X1""#);
        assert!(parsed.is_err());
    }

    #[test]
    fn refuses_bad_files_by_name() {
        let dup = DATA.replace("H13100000002", "H13100000001");
        assert!(matches!(
            Institutions::from_json(&dup),
            Err(InstitutionsError::DuplicateCode { index: 1, .. })
        ));
        let bad_initials = DATA.replace("\"lfjyy\"", "\"LF JYY\"");
        assert!(matches!(
            Institutions::from_json(&bad_initials),
            Err(InstitutionsError::Initials { index: 0 })
        ));
        let moved = DATA.replace("H11010100001", "H12010100001");
        assert!(matches!(
            Institutions::from_json(&moved),
            Err(InstitutionsError::CodeOutsideCity { index: 4, .. })
        ));
        let unlabelled = DATA.replacen(
            r#""sample": true, "about""#,
            r#""sample": false, "about""#,
            1,
        );
        assert!(matches!(
            Institutions::from_json(&unlabelled),
            Err(InstitutionsError::UnlabelledSample { index: 0 })
        ));
        let version = DATA.replace(r#""schema_version": 1"#, r#""schema_version": 2"#);
        assert_eq!(
            Institutions::from_json(&version),
            Err(InstitutionsError::SchemaVersion(2))
        );
    }

    #[test]
    fn filters_by_city_service_level_and_text() {
        let data = data();
        let names = |q: Query<'_>| data.filter(&q).map(|i| i.name.clone()).collect::<Vec<_>>();
        let all = Query {
            city_code: "131000",
            service: None,
            level: None,
            text: "",
        };
        assert_eq!(names(all).len(), 4);
        assert_eq!(
            names(Query {
                service: Some(Service::GeneralOutpatient),
                ..all
            }),
            ["廊坊甲医院", "廊坊丙卫生院", "三河丁医院"]
        );
        assert_eq!(
            names(Query {
                service: Some(Service::Chronic(ChronicDisease::Hypertension)),
                ..all
            }),
            ["廊坊甲医院"]
        );
        assert_eq!(
            names(Query {
                level: Some(InstitutionLevel::Tertiary),
                ..all
            }),
            ["廊坊甲医院", "三河丁医院"]
        );
        assert_eq!(
            names(Query {
                text: "广阳",
                ..all
            })
            .len(),
            2
        );
        assert_eq!(names(Query { text: "丙", ..all }), ["廊坊丙卫生院"]);
        // Pinyin initials, any case, anywhere in the initials; an entry without initials is not matched by them.
        assert_eq!(names(Query { text: "LFJ", ..all }), ["廊坊甲医院"]);
        assert_eq!(names(Query { text: "wsy", ..all }), ["廊坊丙卫生院"]);
        assert_eq!(names(Query { text: "lf", ..all }).len(), 2);
        assert!(names(Query { text: "sh", ..all }).is_empty());
        // A whole-province filing to Hebei reaches Shijiazhuang too; Beijing stays out.
        assert_eq!(
            names(Query {
                city_code: "130000",
                ..all
            })
            .len(),
            5
        );
        assert_eq!(
            names(Query {
                city_code: "110000",
                ..all
            }),
            ["北京戊医院"]
        );
    }

    #[test]
    fn tianjin_chronic_filers_name_up_to_two() {
        let data = data();
        let destination = langfang();
        let filing = PointsFiling {
            destination: &destination,
            chronic_qualifications: &[ChronicDisease::Diabetes],
        };
        let two = check_points(
            &filing,
            DIABETES,
            &codes(&["h13100000001", "H13108200004"]),
            Some(&tianjin()),
            &data,
        )
        .unwrap();
        assert_eq!(two.institutions[0].as_str(), "H13100000001");
        assert!(two.warnings.is_empty(), "{:?}", two.warnings);
        let three = check_points(
            &filing,
            DIABETES,
            &codes(&["H13100000001", "H13108200004", "H13100000002"]),
            Some(&tianjin()),
            &data,
        );
        assert_eq!(
            error_codes(three),
            [("institutions_too_many", "institutions".to_owned())]
        );
        // Naming none is allowed where the rule offers rather than requires.
        assert!(check_points(&filing, DIABETES, &[], Some(&tianjin()), &data).is_ok());
        let required = PointsRules {
            required: true,
            ..tianjin()
        };
        assert_eq!(
            error_codes(check_points(&filing, DIABETES, &[], Some(&required), &data)),
            [("institutions_missing", "institutions".to_owned())]
        );
    }

    #[test]
    fn refuses_each_bad_institution_by_its_position() {
        let data = data();
        let destination = langfang();
        let filing = PointsFiling {
            destination: &destination,
            chronic_qualifications: &[ChronicDisease::Hypertension],
        };
        let rules = PointsRules {
            max_institutions: 9,
            ..tianjin()
        };
        let hypertension = Service::Chronic(ChronicDisease::Hypertension);
        let result = check_points(
            &filing,
            hypertension,
            &codes(&[
                "H13100000002",
                "H11010100001",
                "H13100099999",
                "bad",
                "H13100000001",
                "H13100000001",
            ]),
            Some(&rules),
            &data,
        );
        assert_eq!(
            error_codes(result),
            [
                ("institution_not_networked", "institutions[0]".to_owned()),
                (
                    "institution_outside_destination",
                    "institutions[1]".to_owned()
                ),
                ("institution_unknown", "institutions[2]".to_owned()),
                ("institution_code_invalid", "institutions[3]".to_owned()),
                ("institution_duplicate", "institutions[5]".to_owned()),
            ]
        );
    }

    #[test]
    fn a_whole_province_filing_reaches_every_city_in_it() {
        let data = data();
        let hebei = Destination {
            province: "130000".into(),
            city: None,
        };
        let filing = PointsFiling {
            destination: &hebei,
            chronic_qualifications: &[ChronicDisease::Diabetes],
        };
        let chosen = codes(&["H13010000001", "H13100000001"]);
        assert!(check_points(&filing, DIABETES, &chosen, Some(&tianjin()), &data).is_ok());
        let city = langfang();
        let city_filing = PointsFiling {
            destination: &city,
            ..filing
        };
        assert_eq!(
            error_codes(check_points(
                &city_filing,
                DIABETES,
                &chosen,
                Some(&tianjin()),
                &data
            )),
            [(
                "institution_outside_destination",
                "institutions[0]".to_owned()
            )]
        );
    }

    #[test]
    fn warns_of_what_a_chosen_institution_does_not_settle() {
        let data = data();
        let destination = langfang();
        let filing = PointsFiling {
            destination: &destination,
            chronic_qualifications: &[ChronicDisease::Diabetes, ChronicDisease::Hypertension],
        };
        let valid = check_points(
            &filing,
            DIABETES,
            &codes(&["H13100000002"]),
            Some(&tianjin()),
            &data,
        )
        .unwrap();
        let warned: Vec<Service> = valid.warnings.iter().map(|w| w.service).collect();
        assert_eq!(
            warned,
            [
                Service::Chronic(ChronicDisease::Hypertension),
                Service::GeneralOutpatient
            ]
        );
        assert!(
            valid.warnings[0]
                .message(Lang::En)
                .contains("outpatient hypertension")
        );
        assert!(
            valid.warnings[0]
                .message(Lang::Zh)
                .contains("高血压门诊慢特病")
        );
    }

    #[test]
    fn refuses_a_choice_the_insured_place_does_not_ask_for_or_the_person_does_not_qualify_for() {
        let data = data();
        let destination = langfang();
        let filing = PointsFiling {
            destination: &destination,
            chronic_qualifications: &[],
        };
        let one = codes(&["H13100000001"]);
        assert_eq!(
            error_codes(check_points(&filing, DIABETES, &one, None, &data)),
            [("points_not_offered", "service".to_owned())]
        );
        assert_eq!(
            error_codes(check_points(
                &filing,
                Service::Inpatient,
                &one,
                Some(&tianjin()),
                &data
            )),
            [("points_not_offered", "service".to_owned())]
        );
        assert_eq!(
            error_codes(check_points(
                &filing,
                DIABETES,
                &one,
                Some(&tianjin()),
                &data
            )),
            [("chronic_not_qualified", "service".to_owned())]
        );
    }

    #[test]
    fn services_read_as_the_api_writes_them() {
        let parse = |s: &str| serde_json::from_str::<Service>(s).unwrap();
        assert_eq!(parse(r#""inpatient""#), Service::Inpatient);
        assert_eq!(parse(r#""general_outpatient""#), Service::GeneralOutpatient);
        assert_eq!(parse(r#"{"chronic":"M01600"}"#), DIABETES);
        for service in [Service::Inpatient, Service::GeneralOutpatient, DIABETES] {
            assert_eq!(parse(&serde_json::to_string(&service).unwrap()), service);
        }
        for (json, error) in [
            (r#"{"chronic":"M01600","x":1}"#, "unknown field `x`"),
            (r#"{"x":"M01600"}"#, "unknown field `x`"),
            (r#"{}"#, "missing field `chronic`"),
            (r#""chronic""#, "unknown variant `chronic`"),
            (r#"{"chronic":"M99999"}"#, "unknown variant `M99999`"),
            ("1", "invalid type"),
        ] {
            let message = serde_json::from_str::<Service>(json)
                .unwrap_err()
                .to_string();
            assert!(message.starts_with(error), "{json}: {message}");
        }
    }
}

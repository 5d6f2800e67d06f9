//! A filing as the person submits it, and its validation into a `ValidFiling`.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::json::{self, FromJson, Json};

use super::{ErrorCode, Field, FilingError, ResidentId};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::day;
use crate::domain::regions::{crosses_provinces, province_of};
use crate::domain::text::{half_width, is_legible};

/// 临时外出就医备案: valid at least six months nationally (and half a year by default).
pub const TEMPORARY_MIN_MONTHS: u32 = 6;
const MAX_TEXT: usize = 100;
const MAX_NAME: usize = 30;

/// What the insured place allows, from its policy data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingRules {
    /// Whether a filing may name a whole province rather than one city (Tianjin allows both).
    pub allows_province_filing: bool,
    /// The longest temporary filing the insured place allows, in months (Tianjin: 12).
    pub max_temporary_months: u32,
}

impl Default for FilingRules {
    /// Where the insured place's rule is unknown: city filings only, and the national half year.
    fn default() -> Self {
        FilingRules {
            allows_province_filing: false,
            max_temporary_months: TEMPORARY_MIN_MONTHS,
        }
    }
}

/// The request body of `POST /api/filings`, exactly as typed: validated by [`FilingRequest::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct FilingRequest {
    pub applicant: Applicant,
    pub person: Person,
    pub category: FilingCategory,
    pub destination: Destination,
    #[serde(deserialize_with = "day::de")]
    pub start_date: NaiveDate,
    /// Long-term: none unless the person sets one. Temporary: none means the default half year.
    #[serde(default, deserialize_with = "day::de_opt")]
    pub end_date: Option<NaiveDate>,
    /// 门诊慢特病待遇资格 the person already holds at the insured place.
    #[serde(default)]
    pub chronic_qualifications: Vec<ChronicDisease>,
    pub proof: Proof,
    /// Required when the start date is before today (补办备案).
    #[serde(default)]
    pub supplementary: Option<Supplementary>,
}

/// Who fills in the filing: the patient, or a family member on their behalf (亲情账户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "for", deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum Applicant {
    // A struct variant, not a unit one: serde lets a tagged unit variant ignore other keys, a struct variant
    // refuses them. (A plain comment: a doc comment would be the API's description of the variant.)
    Myself {},
    Family {
        filer_name: String,
        relation: Relation,
    },
}

/// What the family member filing is to the patient: `child` for a son or daughter filing for a parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum Relation {
    Spouse,
    Child,
    Parent,
    Other,
}

impl FromJson for Relation {
    fn from_json(json: &Json) -> Option<Self> {
        use Relation::*;
        json::named(
            json,
            &[
                ("spouse", Spouse),
                ("child", Child),
                ("parent", Parent),
                ("other", Other),
            ],
        )
    }
}

impl Relation {
    pub const ALL: [Relation; 4] = [
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Other,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Person {
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    /// 参保地: the 6-digit code of the insured city (a municipality's own code for a municipality).
    pub insured_city: String,
    pub scheme: Scheme,
}

/// 就医地: a province, and a city in it unless the filing covers the whole province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Destination {
    pub province: String,
    #[serde(default)]
    pub city: Option<String>,
}

impl FromJson for Destination {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Destination {
            province: json.field("province")?,
            city: json.field_or_default("city")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Proof {
    /// 个人承诺书, in place of residence or work documents.
    pub commitment_agreed: bool,
    /// A referral's referring designated institution of the insured place.
    #[serde(default)]
    pub referral_institution: Option<String>,
}

/// 补办备案: a filing made after care began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum Supplementary {
    /// Admitted, not yet settled at discharge: the stay is settled directly.
    BeforeDischargeSettlement,
    /// Already paid in full: manual reimbursement (手工报销) at the insured place.
    PaidInFull,
}

impl Supplementary {
    pub const ALL: [Supplementary; 2] = [
        Supplementary::BeforeDischargeSettlement,
        Supplementary::PaidInFull,
    ];
}

impl FromJson for Supplementary {
    fn from_json(json: &Json) -> Option<Self> {
        use Supplementary::*;
        json::named(
            json,
            &[
                ("before_discharge_settlement", BeforeDischargeSettlement),
                ("paid_in_full", PaidInFull),
            ],
        )
    }
}

/// An 11-digit mainland mobile number.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, FilingError> {
        let digits: String = input
            .chars()
            .map(crate::domain::text::half_width)
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if digits.is_empty() {
            return Err(FilingError::new(ErrorCode::PhoneMissing, Field::Phone));
        }
        let ok = digits.len() == 11
            && digits.starts_with('1')
            && digits.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(FilingError::new(ErrorCode::PhoneInvalid, Field::Phone));
        }
        Ok(Phone(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For display only: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

/// For display only: the family name and a star for each other character (`张**`); a one-character name is starred.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
        None => String::new(),
    }
}

/// The facts a place lookup must answer, so that validation needs no particular data file.
pub trait Places {
    fn is_city(&self, code: &str) -> bool;
    fn is_province(&self, code: &str) -> bool;
}

/// A filing whose every answer was checked: what the store keeps and the confirmation shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFiling {
    pub request: FilingRequest,
    pub resident_id: ResidentId,
    pub phone: Phone,
    /// The last day the filing is valid; none for a long-term filing with no end set.
    pub valid_until: Option<NaiveDate>,
    /// False only for a supplementary filing after paying in full: then the claim is manual, at home.
    pub settles_directly: bool,
}

fn last_day(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(months))?
        .checked_sub_days(Days::new(1))
}

impl FilingRequest {
    /// Checks every answer, reporting all problems at once (in form order) so the person sees them together.
    pub fn validate(
        &self,
        rules: &FilingRules,
        places: &dyn Places,
        today: NaiveDate,
    ) -> Result<ValidFiling, Vec<FilingError>> {
        let mut errors = Vec::new();
        let mut check = |result: Result<(), FilingError>| {
            if let Err(error) = result {
                errors.push(error);
            }
        };
        check(self.check_applicant());
        check(check_name(
            &self.person.name,
            Field::Name,
            ErrorCode::NameMissing,
        ));
        let resident_id = ResidentId::parse(&self.person.resident_id);
        let phone = Phone::parse(&self.person.phone);
        match &resident_id {
            Err(error) => check(Err(*error)),
            // A birth date after today is a typing slip; parsing alone cannot know the day.
            Ok(id) if id.birth_date().is_some_and(|born| born > today) => check(Err(
                FilingError::new(ErrorCode::ResidentIdBirthFuture, Field::ResidentId),
            )),
            Ok(_) => {}
        }
        if let Err(error) = &phone {
            check(Err(*error));
        }
        check(self.check_insured_place(places));
        check(check_destination(
            &self.person.insured_city,
            &self.destination,
            rules,
            places,
        ));
        let valid_until = self.check_dates(rules, today);
        if let Err(error) = &valid_until {
            check(Err(*error));
        }
        check(self.check_proof());
        match (resident_id, phone, valid_until) {
            (Ok(resident_id), Ok(phone), Ok(valid_until)) if errors.is_empty() => Ok(ValidFiling {
                request: self.normalised(&resident_id),
                resident_id,
                phone,
                valid_until,
                settles_directly: self.supplementary != Some(Supplementary::PaidInFull),
            }),
            _ => Err(errors),
        }
    }

    /// The request as it is kept: the ID number in its one form, and names and codes without the spaces around
    /// them that validation ignored, a blank city being no city (a whole-province filing).
    fn normalised(&self, resident_id: &ResidentId) -> FilingRequest {
        let trimmed = |text: &str| text.trim().to_owned();
        let mut request = self.clone();
        request.person.resident_id = resident_id.as_str().to_owned();
        request.person.name = trimmed(&self.person.name);
        request.person.insured_city = trimmed(&self.person.insured_city);
        request.destination = Destination {
            province: trimmed(&self.destination.province),
            city: self
                .destination
                .city
                .as_deref()
                .map(str::trim)
                .filter(|city| !city.is_empty())
                .map(str::to_owned),
        };
        if let Applicant::Family { filer_name, .. } = &mut request.applicant {
            *filer_name = filer_name.trim().to_owned();
        }
        request.proof.referral_institution = self
            .proof
            .referral_institution
            .as_deref()
            .map(str::trim)
            .filter(|institution| !institution.is_empty())
            .map(str::to_owned);
        request
    }

    fn check_applicant(&self) -> Result<(), FilingError> {
        match &self.applicant {
            Applicant::Myself {} => Ok(()),
            Applicant::Family { filer_name, .. } => {
                check_name(filer_name, Field::FilerName, ErrorCode::FilerNameMissing)
            }
        }
    }

    fn check_insured_place(&self, places: &dyn Places) -> Result<(), FilingError> {
        let code = self.person.insured_city.trim();
        if code.is_empty() {
            Err(FilingError::new(
                ErrorCode::InsuredPlaceMissing,
                Field::InsuredCity,
            ))
        } else if !places.is_city(code) {
            Err(FilingError::new(
                ErrorCode::InsuredPlaceUnknown,
                Field::InsuredCity,
            ))
        } else {
            Ok(())
        }
    }

    /// The start date's rules, then the last valid day.
    fn check_dates(
        &self,
        rules: &FilingRules,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, FilingError> {
        let start = self.start_date;
        if last_day(today, 12).is_some_and(|limit| start > limit) {
            return Err(FilingError::new(ErrorCode::StartTooLate, Field::StartDate));
        }
        if start < today && self.supplementary.is_none() {
            return Err(FilingError::new(
                ErrorCode::SupplementaryMissing,
                Field::Supplementary,
            ));
        }
        self.valid_until(rules)
    }

    /// The last valid day, from the category's rule and what the insured place allows; a change of the end
    /// date is checked by this same rule.
    pub(super) fn valid_until(
        &self,
        rules: &FilingRules,
    ) -> Result<Option<NaiveDate>, FilingError> {
        valid_until(self.category, self.start_date, self.end_date, rules)
    }

    fn check_proof(&self) -> Result<(), FilingError> {
        let emergency = self.category == FilingCategory::Emergency;
        if !self.proof.commitment_agreed && !emergency {
            return Err(FilingError::new(
                ErrorCode::CommitmentNotAgreed,
                Field::Commitment,
            ));
        }
        // Checked wherever it is given, since it is kept whatever the category.
        let institution = self.proof.referral_institution.as_deref().unwrap_or("");
        if institution.trim().is_empty() {
            return if self.category == FilingCategory::Referral {
                Err(FilingError::new(
                    ErrorCode::ReferralInstitutionMissing,
                    Field::ReferralInstitution,
                ))
            } else {
                Ok(())
            };
        }
        if !is_legible(institution) {
            return Err(FilingError::new(
                ErrorCode::TextInvisibleCharacters,
                Field::ReferralInstitution,
            ));
        }
        if institution.trim().chars().count() > MAX_TEXT {
            return Err(FilingError::new(
                ErrorCode::TextTooLong,
                Field::ReferralInstitution,
            ));
        }
        Ok(())
    }
}

/// A name must show every character it holds: a control or invisible one would reach a record, a log or another
/// screen unseen (`text::is_legible`).
pub(super) fn check_name(name: &str, field: Field, missing: ErrorCode) -> Result<(), FilingError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Err(FilingError::new(missing, field))
    } else if !is_legible(name) {
        Err(FilingError::new(ErrorCode::NameInvisibleCharacters, field))
    } else if trimmed.chars().count() > MAX_NAME {
        Err(FilingError::new(ErrorCode::NameTooLong, field))
    } else if trimmed.chars().map(half_width).any(|c| c.is_ascii_digit()) {
        // 张三1 or 张三１: a slip of the keyboard. Numerals that are characters of a name (三, 〇) are not digits.
        Err(FilingError::new(ErrorCode::NameDigits, field))
    } else {
        Ok(())
    }
}

impl Places for crate::domain::regions::Regions {
    fn is_city(&self, code: &str) -> bool {
        self.city(code).is_some()
    }

    fn is_province(&self, code: &str) -> bool {
        self.province(code).is_some()
    }
}

/// Where a filing may send the patient: a province (and a city of it, unless the insured place allows a whole
/// province) other than the insured one. The filing checks it, and so does a change of destination, in the
/// browser as on the server.
pub fn check_destination(
    insured_city: &str,
    destination: &Destination,
    rules: &FilingRules,
    places: &dyn Places,
) -> Result<(), FilingError> {
    let province = destination.province.trim();
    if province.is_empty() || !places.is_province(province) {
        return Err(FilingError::new(
            ErrorCode::DestinationMissing,
            Field::DestinationProvince,
        ));
    }
    // The picker lists the Corps' cities (石河子 659001 …) under Xinjiang, yet they are a provincial-level unit of
    // their own: a named city in the province decides the unit, else the province does.
    let unit = match destination.city.as_deref().map(str::trim) {
        Some(city) if !city.is_empty() && province_of(city) == province => city,
        _ => province,
    };
    if !crosses_provinces(insured_city.trim(), unit) {
        return Err(FilingError::new(
            ErrorCode::DestinationIsInsuredProvince,
            Field::DestinationProvince,
        ));
    }
    match destination.city.as_deref().map(str::trim) {
        None | Some("") if rules.allows_province_filing => Ok(()),
        None | Some("") => Err(FilingError::new(
            ErrorCode::DestinationCityMissing,
            Field::DestinationCity,
        )),
        Some(city) if !places.is_city(city) || province_of(city) != province => {
            Err(FilingError::new(
                ErrorCode::DestinationCityOutsideProvince,
                Field::DestinationCity,
            ))
        }
        Some(_) => Ok(()),
    }
}

/// The last valid day of a filing of `category` from `start`, with the end date the person gave (`None`: the
/// category's default), by the category's rule and what the insured place allows. The same rule checks a filing
/// and a change of its end date, on the server and in the browser's change form.
pub fn valid_until(
    category: FilingCategory,
    start: NaiveDate,
    end_date: Option<NaiveDate>,
    rules: &FilingRules,
) -> Result<Option<NaiveDate>, FilingError> {
    if end_date.is_some_and(|end| end < start) {
        return Err(FilingError::new(ErrorCode::EndBeforeStart, Field::EndDate));
    }
    if category.is_long_term() {
        return Ok(end_date);
    }
    let shortest = last_day(start, TEMPORARY_MIN_MONTHS);
    let longest = last_day(start, rules.max_temporary_months.max(TEMPORARY_MIN_MONTHS));
    match end_date {
        None => Ok(shortest),
        Some(end) if shortest.is_some_and(|s| end < s) => Err(FilingError::new(
            ErrorCode::TemporaryTooShort,
            Field::EndDate,
        )),
        Some(end) if longest.is_some_and(|l| end > l) => Err(FilingError::new(
            ErrorCode::TemporaryTooLong,
            Field::EndDate,
        )),
        Some(end) => Ok(Some(end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filing::resident_id::tests::valid_id;

    struct TestPlaces;
    impl Places for TestPlaces {
        fn is_city(&self, code: &str) -> bool {
            [
                "120000", "110000", "131000", "130100", "310000", "650100", "659001", "659002",
            ]
            .contains(&code)
        }
        fn is_province(&self, code: &str) -> bool {
            ["120000", "110000", "130000", "310000", "650000"].contains(&code)
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// A Tianjin resettled retiree filing to Langfang? No: to Beijing, long-term.
    fn retiree() -> FilingRequest {
        FilingRequest {
            applicant: Applicant::Myself {},
            person: Person {
                name: " 张三 ".into(),
                resident_id: valid_id("12010119500101001").to_lowercase(),
                phone: "138 0013 8000".into(),
                insured_city: "120000".into(),
                scheme: Scheme::EmployeeRetired,
            },
            category: FilingCategory::ResettledRetiree,
            destination: Destination {
                province: "130000".into(),
                city: Some("131000".into()),
            },
            start_date: today(),
            end_date: None,
            chronic_qualifications: vec![],
            proof: Proof {
                commitment_agreed: true,
                referral_institution: None,
            },
            supplementary: None,
        }
    }

    fn codes(request: &FilingRequest, rules: &FilingRules) -> Vec<&'static str> {
        match request.validate(rules, &TestPlaces, today()) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| e.code.as_str()).collect(),
        }
    }

    #[test]
    fn a_long_term_filing_has_no_end_unless_set() {
        let valid = retiree()
            .validate(&FilingRules::default(), &TestPlaces, today())
            .unwrap();
        assert_eq!(valid.valid_until, None);
        assert!(valid.settles_directly);
        assert_eq!(valid.request.person.name, "张三");
        assert!(
            valid
                .request
                .person
                .resident_id
                .ends_with(|c: char| c.is_ascii_digit() || c == 'X')
        );
        assert_eq!(valid.phone.as_str(), "13800138000");
    }

    #[test]
    fn a_temporary_filing_defaults_to_half_a_year() {
        let mut request = retiree();
        request.category = FilingCategory::Referral;
        request.proof.referral_institution = Some("天津医科大学总医院".into());
        let valid = request
            .validate(&FilingRules::default(), &TestPlaces, today())
            .unwrap();
        assert_eq!(valid.valid_until, NaiveDate::from_ymd_opt(2027, 5, 23));
    }

    #[test]
    fn a_temporary_filing_is_never_shorter_than_six_months_nor_longer_than_allowed() {
        let mut request = retiree();
        request.category = FilingCategory::OtherTemporary;
        request.end_date = NaiveDate::from_ymd_opt(2027, 3, 1);
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["temporary_too_short"]
        );
        request.end_date = NaiveDate::from_ymd_opt(2027, 11, 23);
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["temporary_too_long"]
        );
        let tianjin = FilingRules {
            allows_province_filing: true,
            max_temporary_months: 12,
        };
        assert_eq!(codes(&request, &tianjin), Vec::<&str>::new());
        request.end_date = NaiveDate::from_ymd_opt(2027, 11, 24);
        assert_eq!(codes(&request, &tianjin), ["temporary_too_long"]);
    }

    #[test]
    fn a_whole_province_only_where_the_insured_place_allows_it() {
        let mut request = retiree();
        request.destination.city = None;
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["destination_city_missing"]
        );
        let allows = FilingRules {
            allows_province_filing: true,
            max_temporary_months: 12,
        };
        assert_eq!(codes(&request, &allows), Vec::<&str>::new());
    }

    #[test]
    fn the_destination_city_must_lie_in_the_province_and_outside_the_insured_one() {
        let mut request = retiree();
        request.destination.city = Some("110000".into());
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["destination_city_outside_province"]
        );
        request.destination = Destination {
            province: "120000".into(),
            city: Some("120000".into()),
        };
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["destination_is_insured_province"]
        );
    }

    /// The Corps (新疆生产建设兵团) is a provincial-level unit of its own, though its cities sit under Xinjiang in
    /// the picker: Shihezi ↔ Urumqi is cross-provincial, Shihezi → Aral is not (docs/regions.md).
    #[test]
    fn a_corps_city_and_xinjiang_are_different_provinces() {
        let mut request = retiree();
        request.person.insured_city = "659001".into();
        request.destination = Destination {
            province: "650000".into(),
            city: Some("650100".into()),
        };
        assert_eq!(codes(&request, &FilingRules::default()), Vec::<&str>::new());
        request.destination.city = Some("659002".into());
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["destination_is_insured_province"]
        );
        request.person.insured_city = "650100".into();
        request.destination.city = Some("659001".into());
        assert_eq!(codes(&request, &FilingRules::default()), Vec::<&str>::new());
        request.destination.city = None;
        let allows = FilingRules {
            allows_province_filing: true,
            max_temporary_months: 12,
        };
        assert_eq!(
            codes(&request, &allows),
            ["destination_is_insured_province"]
        );
    }

    #[test]
    fn a_past_start_needs_the_supplementary_answer_and_paid_in_full_is_not_direct() {
        let mut request = retiree();
        request.start_date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["supplementary_missing"]
        );
        request.supplementary = Some(Supplementary::PaidInFull);
        let valid = request
            .validate(&FilingRules::default(), &TestPlaces, today())
            .unwrap();
        assert!(!valid.settles_directly);
        request.supplementary = Some(Supplementary::BeforeDischargeSettlement);
        let valid = request
            .validate(&FilingRules::default(), &TestPlaces, today())
            .unwrap();
        assert!(valid.settles_directly);
    }

    #[test]
    fn proof_commitment_and_referral_rules() {
        let mut request = retiree();
        request.proof.commitment_agreed = false;
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["commitment_not_agreed"]
        );
        request.category = FilingCategory::Emergency;
        assert_eq!(codes(&request, &FilingRules::default()), Vec::<&str>::new());
        request.category = FilingCategory::Referral;
        request.proof.commitment_agreed = true;
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["referral_institution_missing"]
        );
    }

    #[test]
    fn reports_every_problem_at_once_in_form_order() {
        let mut request = retiree();
        request.applicant = Applicant::Family {
            filer_name: " ".into(),
            relation: Relation::Child,
        };
        request.person.name = String::new();
        request.person.resident_id = "12345".into();
        request.person.phone = "2380013800".into();
        request.person.insured_city = "999999".into();
        assert_eq!(
            codes(&request, &FilingRules::default()),
            [
                "filer_name_missing",
                "name_missing",
                "resident_id_length",
                "phone_invalid",
                "insured_place_unknown",
            ]
        );
    }

    #[test]
    fn spaces_around_the_insured_city_do_not_hide_a_filing_within_its_own_province() {
        let mut request = retiree();
        request.person.insured_city = " 120000".into();
        request.destination = Destination {
            province: "120000".into(),
            city: Some("120000".into()),
        };
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["destination_is_insured_province"]
        );
    }

    /// Found by the hostile-input suite: a blank city passed as a whole-province filing but was kept as `"   "`.
    #[test]
    fn keeps_codes_and_names_without_the_spaces_validation_ignored() {
        let mut request = retiree();
        request.applicant = Applicant::Family {
            filer_name: " 李四 ".into(),
            relation: Relation::Child,
        };
        request.person.insured_city = " 120000 ".into();
        request.destination = Destination {
            province: " 130000".into(),
            city: Some("   ".into()),
        };
        request.proof.referral_institution = Some("  ".into());
        let tianjin = FilingRules {
            allows_province_filing: true,
            max_temporary_months: 12,
        };
        let kept = request
            .validate(&tianjin, &TestPlaces, today())
            .unwrap()
            .request;
        assert_eq!(kept.person.insured_city, "120000");
        assert_eq!(
            kept.destination,
            Destination {
                province: "130000".into(),
                city: None
            }
        );
        assert_eq!(
            kept.applicant,
            Applicant::Family {
                filer_name: "李四".into(),
                relation: Relation::Child
            }
        );
        assert_eq!(kept.proof.referral_institution, None);
        request.destination.city = Some(" 131000 ".into());
        let kept = request
            .validate(&tianjin, &TestPlaces, today())
            .unwrap()
            .request;
        assert_eq!(kept.destination.city.as_deref(), Some("131000"));
    }

    /// Names a person cannot check by eye: each must be refused, whichever name field holds it.
    const HIDDEN_NAMES: [&str; 14] = [
        "王\u{0}小明",
        "\u{1b}[31m王小明\u{1b}[0m",
        "王小明\r",
        "王\n小明",
        "\u{202e}明小王",
        "王\u{2066}小明\u{2069}",
        "\u{200b}",
        "王小\u{200d}明",
        "\u{feff}王小明",
        "\u{3164}",
        "\u{115f}\u{1160}\u{ffa0}",
        "王\u{2028}小明",
        "王小\u{ad}明",
        "王\u{7f}\u{85}小明",
    ];

    #[test]
    fn refuses_names_with_control_or_invisible_characters() {
        for name in HIDDEN_NAMES {
            let mut request = retiree();
            request.person.name = name.into();
            let errors = request
                .validate(&FilingRules::default(), &TestPlaces, today())
                .unwrap_err();
            assert_eq!(
                errors,
                [FilingError::new(
                    ErrorCode::NameInvisibleCharacters,
                    Field::Name
                )],
                "{name:?}"
            );
            request.person.name = "王小明".into();
            request.applicant = Applicant::Family {
                filer_name: name.into(),
                relation: Relation::Parent,
            };
            let errors = request
                .validate(&FilingRules::default(), &TestPlaces, today())
                .unwrap_err();
            assert_eq!(
                errors,
                [FilingError::new(
                    ErrorCode::NameInvisibleCharacters,
                    Field::FilerName
                )],
                "{name:?}"
            );
        }
    }

    #[test]
    fn accepts_names_of_every_script_rare_characters_and_private_use() {
        for name in [
            "王小明",
            "𠀀𪚥",
            "\u{30000}\u{31350}",
            "阿依古丽·买买提",
            "阿依古丽・买买提",
            "阿依古丽•买买提",
            "Zhang San",
            "Nurlan Asqar uli",
            "王\u{e000}",
            "\u{f0000}",
            "葛\u{e0100}优",
            "王\u{3164}",
        ] {
            let mut request = retiree();
            request.person.name = name.into();
            let valid = request
                .validate(&FilingRules::default(), &TestPlaces, today())
                .unwrap_or_else(|errors| panic!("{name:?}: {errors:?}"));
            assert_eq!(valid.request.person.name, name);
        }
    }

    #[test]
    fn a_name_with_a_digit_is_a_slip_numerals_of_a_name_are_not() {
        for name in ["张三1", "张三１", "2王小明"] {
            let mut request = retiree();
            request.person.name = name.into();
            assert_eq!(
                codes(&request, &FilingRules::default()),
                ["name_digits"],
                "{name}"
            );
        }
        let mut request = retiree();
        request.person.name = "李〇三".into();
        assert_eq!(codes(&request, &FilingRules::default()), Vec::<&str>::new());
    }

    #[test]
    fn a_birth_date_after_today_is_a_slip() {
        let mut request = retiree();
        let tomorrow = today().succ_opt().unwrap().format("%Y%m%d").to_string();
        request.person.resident_id = valid_id(&format!("120101{tomorrow}001"));
        assert_eq!(
            codes(&request, &FilingRules::default()),
            ["resident_id_birth_future"]
        );
        let born_today = today().format("%Y%m%d").to_string();
        request.person.resident_id = valid_id(&format!("120101{born_today}001"));
        assert_eq!(codes(&request, &FilingRules::default()), Vec::<&str>::new());
    }

    #[test]
    fn a_blank_name_is_missing_rather_than_invisible() {
        let mut request = retiree();
        request.person.name = " \r\n\u{3000}".into();
        assert_eq!(codes(&request, &FilingRules::default()), ["name_missing"]);
    }

    #[test]
    fn refuses_a_referral_institution_with_invisible_characters_whatever_the_category() {
        let mut request = retiree();
        request.category = FilingCategory::Referral;
        request.proof.referral_institution = Some("天津医科大学\u{200b}总医院".into());
        let refused = [FilingError::new(
            ErrorCode::TextInvisibleCharacters,
            Field::ReferralInstitution,
        )];
        let validate = |request: &FilingRequest| {
            request
                .validate(&FilingRules::default(), &TestPlaces, today())
                .map(|_| ())
        };
        assert_eq!(validate(&request), Err(refused.to_vec()));
        // A filing of another category keeps the answer too, so it is checked there as well.
        request.category = FilingCategory::ResettledRetiree;
        request.proof.referral_institution = Some("\u{1b}[2J".into());
        assert_eq!(validate(&request), Err(refused.to_vec()));
        request.proof.referral_institution = Some("天津医科大学总医院（滨海）".into());
        assert_eq!(validate(&request), Ok(()));
    }

    #[test]
    fn rejects_unknown_fields_in_the_request() {
        let mut json = serde_json::to_value(retiree()).unwrap();
        assert_eq!(json["applicant"], serde_json::json!({"for": "myself"}));
        assert!(serde_json::from_value::<FilingRequest>(json.clone()).is_ok());
        json["applicant"]["x"] = 1.into();
        assert!(serde_json::from_value::<FilingRequest>(json.clone()).is_err());
        json["applicant"] = serde_json::json!({"for": "myself"});
        json["person"]["nickname"] = "x".into();
        assert!(serde_json::from_value::<FilingRequest>(json).is_err());
    }

    #[test]
    fn masks_for_display() {
        assert_eq!(Phone::parse("13800138000").unwrap().masked(), "138****8000");
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(" "), "");
    }
}

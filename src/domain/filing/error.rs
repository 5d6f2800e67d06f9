//! The errors of a filing: a stable code, the field it belongs to, a message in the person's language.

use crate::domain::lang::Lang;
use crate::domain::names::names;

/// One thing wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {code}")]
pub struct FilingError {
    /// Stable machine code, shared by the browser, the server and the API.
    pub code: ErrorCode,
    /// The request field (and form input) it belongs to.
    pub field: Field,
}

names! {
    /// A filing's request field, which is also the id of its input on the form: in the order the journey asks for
    /// them, so problems sort in that order.
    pub enum Field {
        Applicant = "applicant",
        FilerName = "filer_name",
        Relation = "relation",
        Name = "name",
        ResidentId = "resident_id",
        Phone = "phone",
        /// A change of phone or destination: the phone the filing has now (not asked by the journey).
        CurrentPhone = "current_phone",
        InsuredCity = "insured_city",
        Scheme = "scheme",
        Category = "category",
        DestinationProvince = "destination_province",
        DestinationCity = "destination_city",
        StartDate = "start_date",
        Supplementary = "supplementary",
        EndDate = "end_date",
        ReferralInstitution = "referral_institution",
        Commitment = "commitment",
    }
}

names! {
    /// What is wrong with an answer: the stable machine code the browser, the server and the API share.
    pub enum ErrorCode {
        ApplicantMissing = "applicant_missing",
        SchemeMissing = "scheme_missing",
        CategoryMissing = "category_missing",
        DateInvalid = "date_invalid",
        ResidentIdMissing = "resident_id_missing",
        ResidentIdLength = "resident_id_length",
        ResidentIdCharacters = "resident_id_characters",
        ResidentIdBirthDate = "resident_id_birth_date",
        ResidentIdBirthFuture = "resident_id_birth_future",
        ResidentIdRegion = "resident_id_region",
        ResidentIdCheckDigit = "resident_id_check_digit",
        NameMissing = "name_missing",
        NameTooLong = "name_too_long",
        NameInvisibleCharacters = "name_invisible_characters",
        NameDigits = "name_digits",
        PhoneMissing = "phone_missing",
        PhoneInvalid = "phone_invalid",
        CurrentPhoneMissing = "current_phone_missing",
        CurrentPhoneMismatch = "current_phone_mismatch",
        RelationMissing = "relation_missing",
        FilerNameMissing = "filer_name_missing",
        InsuredPlaceMissing = "insured_place_missing",
        InsuredPlaceUnknown = "insured_place_unknown",
        DestinationMissing = "destination_missing",
        DestinationCityMissing = "destination_city_missing",
        DestinationCityOutsideProvince = "destination_city_outside_province",
        DestinationIsInsuredProvince = "destination_is_insured_province",
        StartDateMissing = "start_date_missing",
        EndBeforeStart = "end_before_start",
        TemporaryTooShort = "temporary_too_short",
        TemporaryTooLong = "temporary_too_long",
        StartTooLate = "start_too_late",
        SupplementaryMissing = "supplementary_missing",
        CommitmentNotAgreed = "commitment_not_agreed",
        ReferralInstitutionMissing = "referral_institution_missing",
        TextTooLong = "text_too_long",
        TextInvisibleCharacters = "text_invisible_characters",
    }
}

/// Which rule answers a code: the API describes, endpoint by endpoint, the rules each runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `ResidentId::parse`: every request about a filing proves the person with it.
    ResidentId,
    /// `Phone::parse`, at filing and on a change of phone.
    Phone,
    /// The rest of a new filing: names, the insured place, the start date, the proof.
    Filing,
    /// The destination, at filing and on a change of it.
    Destination,
    /// The end date, at filing and on a change of it.
    EndDate,
    /// A change of phone or destination proves the phone the filing has now.
    CurrentPhone,
    /// The browser's form only (an answer not given yet); the API refuses those bodies as `invalid_value`.
    Form,
}

impl ErrorCode {
    /// The field the code is reported on (the first of them, where there are two).
    pub const fn field(self) -> Field {
        self.reported().0
    }

    /// The rule that answers the code.
    pub const fn check(self) -> Check {
        self.reported().1
    }

    const fn reported(self) -> (Field, Check) {
        match self {
            ErrorCode::ApplicantMissing => (Field::Applicant, Check::Form),
            ErrorCode::SchemeMissing => (Field::Scheme, Check::Form),
            ErrorCode::CategoryMissing => (Field::Category, Check::Form),
            ErrorCode::DateInvalid => (Field::StartDate, Check::Form),
            ErrorCode::ResidentIdMissing => (Field::ResidentId, Check::ResidentId),
            ErrorCode::ResidentIdLength => (Field::ResidentId, Check::ResidentId),
            ErrorCode::ResidentIdCharacters => (Field::ResidentId, Check::ResidentId),
            ErrorCode::ResidentIdBirthDate => (Field::ResidentId, Check::ResidentId),
            ErrorCode::ResidentIdBirthFuture => (Field::ResidentId, Check::Filing),
            ErrorCode::ResidentIdRegion => (Field::ResidentId, Check::ResidentId),
            ErrorCode::ResidentIdCheckDigit => (Field::ResidentId, Check::ResidentId),
            ErrorCode::NameMissing => (Field::Name, Check::Filing),
            ErrorCode::NameTooLong => (Field::Name, Check::Filing),
            ErrorCode::NameInvisibleCharacters => (Field::Name, Check::Filing),
            ErrorCode::NameDigits => (Field::Name, Check::Filing),
            ErrorCode::PhoneMissing => (Field::Phone, Check::Phone),
            ErrorCode::PhoneInvalid => (Field::Phone, Check::Phone),
            ErrorCode::CurrentPhoneMissing => (Field::CurrentPhone, Check::CurrentPhone),
            ErrorCode::CurrentPhoneMismatch => (Field::CurrentPhone, Check::CurrentPhone),
            ErrorCode::RelationMissing => (Field::Relation, Check::Form),
            ErrorCode::FilerNameMissing => (Field::FilerName, Check::Filing),
            ErrorCode::InsuredPlaceMissing => (Field::InsuredCity, Check::Filing),
            ErrorCode::InsuredPlaceUnknown => (Field::InsuredCity, Check::Filing),
            ErrorCode::DestinationMissing => (Field::DestinationProvince, Check::Destination),
            ErrorCode::DestinationCityMissing => (Field::DestinationCity, Check::Destination),
            ErrorCode::DestinationCityOutsideProvince => {
                (Field::DestinationCity, Check::Destination)
            }
            ErrorCode::DestinationIsInsuredProvince => {
                (Field::DestinationProvince, Check::Destination)
            }
            ErrorCode::StartDateMissing => (Field::StartDate, Check::Form),
            ErrorCode::EndBeforeStart => (Field::EndDate, Check::EndDate),
            ErrorCode::TemporaryTooShort => (Field::EndDate, Check::EndDate),
            ErrorCode::TemporaryTooLong => (Field::EndDate, Check::EndDate),
            ErrorCode::StartTooLate => (Field::StartDate, Check::Filing),
            ErrorCode::SupplementaryMissing => (Field::Supplementary, Check::Filing),
            ErrorCode::CommitmentNotAgreed => (Field::Commitment, Check::Filing),
            ErrorCode::ReferralInstitutionMissing => (Field::ReferralInstitution, Check::Filing),
            ErrorCode::TextTooLong => (Field::ReferralInstitution, Check::Filing),
            ErrorCode::TextInvisibleCharacters => (Field::ReferralInstitution, Check::Filing),
        }
    }
}

impl FilingError {
    pub const fn new(code: ErrorCode, field: Field) -> FilingError {
        FilingError { code, field }
    }

    /// What to do about it, said to the person (GOV.UK style: an instruction, never just "invalid").
    pub fn message(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self.code {
            ErrorCode::ResidentIdMissing => ("请输入身份证号码", "Enter the resident ID number"),
            ErrorCode::ResidentIdLength => (
                "身份证号码应为18位",
                "Enter an 18-character resident ID number",
            ),
            ErrorCode::ResidentIdCharacters => (
                "身份证号码前17位应为数字，最后一位为数字或X",
                "The first 17 characters must be digits and the last a digit or X",
            ),
            ErrorCode::ResidentIdBirthDate => (
                "身份证号码中的出生日期（第7到14位）不是有效日期，请核对",
                "The date of birth in the ID number (characters 7 to 14) is not a real date: check it",
            ),
            ErrorCode::ResidentIdBirthFuture => (
                "身份证号码中的出生日期（第7到14位）在今天之后，请核对",
                "The date of birth in the ID number (characters 7 to 14) is after today: check it",
            ),
            ErrorCode::ResidentIdRegion => (
                "身份证号码的前两位不是省份代码，请核对",
                "The first two digits of the ID number are not a province's code: check them",
            ),
            ErrorCode::ResidentIdCheckDigit => (
                "身份证号码的校验位不对，请逐位核对",
                "The last character does not match the rest of the number: check each character",
            ),
            ErrorCode::ApplicantMissing => ("请选择为谁办理备案", "Select who the filing is for"),
            ErrorCode::SchemeMissing => ("请选择参保险种", "Select the insurance scheme"),
            ErrorCode::CategoryMissing => ("请选择备案类别", "Select the filing category"),
            ErrorCode::DateInvalid => (
                "请输入有效日期，例如 2027-01-31",
                "Enter a real date, for example 2027-01-31",
            ),
            ErrorCode::NameMissing => ("请输入姓名", "Enter the name"),
            ErrorCode::NameTooLong => (
                "姓名不能超过30个字",
                "Enter a name of 30 characters or fewer",
            ),
            ErrorCode::NameDigits => ("姓名里不能有数字，请核对", "A name has no digits: check it"),
            ErrorCode::NameInvisibleCharacters => (
                "姓名中有看不见的字符或控制字符，请删除后重新输入",
                "The name contains invisible or control characters: delete them and type it again",
            ),
            ErrorCode::PhoneMissing => ("请输入手机号码", "Enter a mobile phone number"),
            ErrorCode::PhoneInvalid => (
                "请输入11位手机号码，以1开头",
                "Enter an 11-digit mobile number starting with 1",
            ),
            ErrorCode::CurrentPhoneMissing => (
                "变更手机号码或就医地时，请输入备案现在登记的完整手机号码",
                "To change the phone or the destination, enter the full phone number the filing has now",
            ),
            ErrorCode::CurrentPhoneMismatch => (
                "这不是备案现在登记的手机号码，请输入完整的11位号码",
                "That is not the phone number the filing has now: enter all 11 digits",
            ),
            ErrorCode::RelationMissing => (
                "请选择您是就医人的哪位亲属",
                "Select what you are to the patient: spouse, child, parent or other",
            ),
            ErrorCode::FilerNameMissing => ("请输入您的姓名", "Enter your own name"),
            ErrorCode::InsuredPlaceMissing => ("请选择参保地", "Select the insured place"),
            ErrorCode::InsuredPlaceUnknown => (
                "这个参保地暂不支持，请选择列表中的城市",
                "Select an insured place from the list",
            ),
            ErrorCode::DestinationMissing => ("请选择就医省份", "Select the province of treatment"),
            ErrorCode::DestinationCityMissing => (
                "请选择就医城市；您的参保地不支持备案到全省",
                "Select the city of treatment: your insured place does not allow filing to a whole province",
            ),
            ErrorCode::DestinationCityOutsideProvince => (
                "所选城市不在所选省份内",
                "The city is not in the province you chose",
            ),
            ErrorCode::DestinationIsInsuredProvince => (
                "就医地与参保地在同一省份，不属于跨省异地就医",
                "The place of treatment is in the insured province: that is not cross-provincial care",
            ),
            ErrorCode::StartDateMissing => ("请输入开始日期", "Enter the start date"),
            ErrorCode::EndBeforeStart => (
                "结束日期不能早于开始日期",
                "The end date must be after the start date",
            ),
            ErrorCode::TemporaryTooShort => (
                "临时外出就医（包括异地转诊和急诊抢救）的备案有效期不少于6个月：结束日期请选在开始日期6个月以后，或者不填（默认半年）",
                "A temporary filing (a referral and emergency care included) must last at least 6 months: choose an end date at least 6 months after the start, or leave it empty for half a year",
            ),
            ErrorCode::TemporaryTooLong => (
                "超过了参保地允许的临时备案最长期限",
                "That is longer than the insured place allows for a temporary filing",
            ),
            ErrorCode::StartTooLate => (
                "开始日期不能晚于今天起一年",
                "The start date must be within a year from today",
            ),
            ErrorCode::SupplementaryMissing => (
                "开始日期早于今天：请说明是否已入院或已结算",
                "The start date is in the past: say whether the patient is in hospital or has already paid",
            ),
            ErrorCode::CommitmentNotAgreed => (
                "请阅读并同意个人承诺书",
                "Read and agree to the personal commitment letter",
            ),
            ErrorCode::ReferralInstitutionMissing => (
                "转诊需要填写参保地出具转诊的定点医疗机构",
                "Enter the designated institution of the insured place that referred the patient",
            ),
            ErrorCode::TextTooLong => ("内容太长，请缩短", "Shorten this answer"),
            ErrorCode::TextInvisibleCharacters => (
                "这一项中有看不见的字符或控制字符，请删除后重新输入",
                "This answer contains invisible or control characters: delete them and type it again",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_snake_case_and_read_back() {
        let codes = ErrorCode::ALL.map(ErrorCode::as_str);
        let fields = Field::ALL.map(Field::as_str);
        for names in [&codes[..], &fields[..]] {
            let distinct: std::collections::HashSet<&str> = names.iter().copied().collect();
            assert_eq!(distinct.len(), names.len(), "{names:?}");
            for name in names {
                assert!(
                    name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{name}"
                );
            }
        }
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        for field in Field::ALL {
            assert_eq!(Field::parse(field.as_str()), Some(field));
        }
        assert_eq!(Field::parse("destination"), None);
    }

    #[test]
    fn the_api_names_are_the_ones_clients_already_read() {
        assert_eq!(ErrorCode::ALL.len(), 37);
        assert_eq!(
            ErrorCode::ResidentIdCheckDigit.as_str(),
            "resident_id_check_digit"
        );
        assert_eq!(
            ErrorCode::DestinationCityOutsideProvince.as_str(),
            "destination_city_outside_province"
        );
        assert_eq!(Field::InsuredCity.as_str(), "insured_city");
        assert_eq!(
            serde_json::to_string(&FilingError::new(ErrorCode::PhoneInvalid, Field::Phone).code)
                .unwrap(),
            r#""phone_invalid""#
        );
        assert_eq!(
            FilingError::new(ErrorCode::NameMissing, Field::FilerName).to_string(),
            "filer_name: name_missing"
        );
    }

    #[test]
    fn every_code_has_its_own_message() {
        for lang in [Lang::Zh, Lang::En] {
            let messages: std::collections::HashSet<&str> = ErrorCode::ALL
                .into_iter()
                .map(|code| FilingError::new(code, code.field()).message(lang))
                .collect();
            assert_eq!(messages.len(), ErrorCode::ALL.len(), "{lang:?}");
        }
    }
}

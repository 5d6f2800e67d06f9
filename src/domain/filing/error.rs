//! The errors of a filing: a stable code, the field it belongs to, a message in the person's language.

use crate::domain::lang::Lang;

/// One thing wrong with one answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {code}")]
pub struct FilingError {
    /// Stable machine code, shared by the browser, the server and the API.
    pub code: &'static str,
    /// The request field (and form input) it belongs to.
    pub field: &'static str,
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

impl FilingError {
    /// Every code the rules use, the field it is reported on (the first of them, where there are two), and the
    /// rule that answers it.
    pub const CODES: [(&'static str, &'static str, Check); 34] = [
        ("applicant_missing", "applicant", Check::Form),
        ("scheme_missing", "scheme", Check::Form),
        ("category_missing", "category", Check::Form),
        ("date_invalid", "start_date", Check::Form),
        ("resident_id_missing", "resident_id", Check::ResidentId),
        ("resident_id_length", "resident_id", Check::ResidentId),
        ("resident_id_characters", "resident_id", Check::ResidentId),
        ("resident_id_birth_date", "resident_id", Check::ResidentId),
        ("resident_id_check_digit", "resident_id", Check::ResidentId),
        ("name_missing", "name", Check::Filing),
        ("name_too_long", "name", Check::Filing),
        ("name_invisible_characters", "name", Check::Filing),
        ("phone_missing", "phone", Check::Phone),
        ("phone_invalid", "phone", Check::Phone),
        (
            "current_phone_missing",
            "current_phone",
            Check::CurrentPhone,
        ),
        (
            "current_phone_mismatch",
            "current_phone",
            Check::CurrentPhone,
        ),
        ("relation_missing", "relation", Check::Form),
        ("filer_name_missing", "filer_name", Check::Filing),
        ("insured_place_missing", "insured_city", Check::Filing),
        ("insured_place_unknown", "insured_city", Check::Filing),
        (
            "destination_missing",
            "destination_province",
            Check::Destination,
        ),
        (
            "destination_city_missing",
            "destination_city",
            Check::Destination,
        ),
        (
            "destination_city_outside_province",
            "destination_city",
            Check::Destination,
        ),
        (
            "destination_is_insured_province",
            "destination_province",
            Check::Destination,
        ),
        ("start_date_missing", "start_date", Check::Form),
        ("end_before_start", "end_date", Check::EndDate),
        ("temporary_too_short", "end_date", Check::EndDate),
        ("temporary_too_long", "end_date", Check::EndDate),
        ("start_too_late", "start_date", Check::Filing),
        ("supplementary_missing", "supplementary", Check::Filing),
        ("commitment_not_agreed", "commitment", Check::Filing),
        (
            "referral_institution_missing",
            "referral_institution",
            Check::Filing,
        ),
        ("text_too_long", "referral_institution", Check::Filing),
        (
            "text_invisible_characters",
            "referral_institution",
            Check::Filing,
        ),
    ];

    pub const fn new(code: &'static str, field: &'static str) -> FilingError {
        FilingError { code, field }
    }

    /// What to do about it, said to the person (GOV.UK style: an instruction, never just "invalid").
    pub fn message(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self.code {
            "resident_id_missing" => ("请输入身份证号码", "Enter the resident ID number"),
            "resident_id_length" => (
                "身份证号码应为18位",
                "Enter an 18-character resident ID number",
            ),
            "resident_id_characters" => (
                "身份证号码前17位应为数字，最后一位为数字或X",
                "The first 17 characters must be digits and the last a digit or X",
            ),
            "resident_id_birth_date" => (
                "身份证号码中的出生日期（第7到14位）不是有效日期，请核对",
                "The date of birth in the ID number (characters 7 to 14) is not a real date: check it",
            ),
            "resident_id_check_digit" => (
                "身份证号码的校验位不对，请逐位核对",
                "The last character does not match the rest of the number: check each character",
            ),
            "applicant_missing" => ("请选择为谁办理备案", "Select who the filing is for"),
            "scheme_missing" => ("请选择参保险种", "Select the insurance scheme"),
            "category_missing" => ("请选择备案类别", "Select the filing category"),
            "date_invalid" => (
                "请输入有效日期，例如 2027-01-31",
                "Enter a real date, for example 2027-01-31",
            ),
            "name_missing" => ("请输入姓名", "Enter the name"),
            "name_too_long" => (
                "姓名不能超过30个字",
                "Enter a name of 30 characters or fewer",
            ),
            "name_invisible_characters" => (
                "姓名中有看不见的字符或控制字符，请删除后重新输入",
                "The name contains invisible or control characters: delete them and type it again",
            ),
            "phone_missing" => ("请输入手机号码", "Enter a mobile phone number"),
            "phone_invalid" => (
                "请输入11位手机号码，以1开头",
                "Enter an 11-digit mobile number starting with 1",
            ),
            "current_phone_missing" => (
                "变更手机号码或就医地时，请输入备案现在登记的完整手机号码",
                "To change the phone or the destination, enter the full phone number the filing has now",
            ),
            "current_phone_mismatch" => (
                "这不是备案现在登记的手机号码，请输入完整的11位号码",
                "That is not the phone number the filing has now: enter all 11 digits",
            ),
            "relation_missing" => (
                "请选择您和就医人的关系",
                "Select how you are related to the patient",
            ),
            "filer_name_missing" => ("请输入您的姓名", "Enter your own name"),
            "insured_place_missing" => ("请选择参保地", "Select the insured place"),
            "insured_place_unknown" => (
                "这个参保地暂不支持，请选择列表中的城市",
                "Select an insured place from the list",
            ),
            "destination_missing" => ("请选择就医省份", "Select the province of treatment"),
            "destination_city_missing" => (
                "请选择就医城市；您的参保地不支持备案到全省",
                "Select the city of treatment: your insured place does not allow filing to a whole province",
            ),
            "destination_city_outside_province" => (
                "所选城市不在所选省份内",
                "The city is not in the province you chose",
            ),
            "destination_is_insured_province" => (
                "就医地与参保地在同一省份，不属于跨省异地就医",
                "The place of treatment is in the insured province: that is not cross-provincial care",
            ),
            "start_date_missing" => ("请输入开始日期", "Enter the start date"),
            "end_before_start" => (
                "结束日期不能早于开始日期",
                "The end date must be after the start date",
            ),
            "temporary_too_short" => (
                "临时外出就医备案有效期不少于6个月",
                "A temporary filing must last at least 6 months",
            ),
            "temporary_too_long" => (
                "超过了参保地允许的临时备案最长期限",
                "That is longer than the insured place allows for a temporary filing",
            ),
            "start_too_late" => (
                "开始日期不能晚于今天起一年",
                "The start date must be within a year from today",
            ),
            "supplementary_missing" => (
                "开始日期早于今天：请说明是否已入院或已结算",
                "The start date is in the past: say whether the patient is in hospital or has already paid",
            ),
            "commitment_not_agreed" => (
                "请阅读并同意个人承诺书",
                "Read and agree to the personal commitment letter",
            ),
            "referral_institution_missing" => (
                "转诊需要填写参保地出具转诊的定点医疗机构",
                "Enter the designated institution of the insured place that referred the patient",
            ),
            "text_too_long" => ("内容太长，请缩短", "Shorten this answer"),
            "text_invisible_characters" => (
                "这一项中有看不见的字符或控制字符，请删除后重新输入",
                "This answer contains invisible or control characters: delete them and type it again",
            ),
            _ => ("请检查这一项", "Check this answer"),
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
    fn every_code_the_rules_use_has_its_own_message() {
        let fallback = FilingError::new("no_such_code", "x");
        let mut seen = std::collections::HashSet::new();
        for (code, field, _) in FilingError::CODES {
            assert!(seen.insert(code), "{code} twice");
            let error = FilingError::new(code, field);
            for lang in [Lang::Zh, Lang::En] {
                assert_ne!(
                    error.message(lang),
                    fallback.message(lang),
                    "{code} has no message"
                );
            }
        }
    }
}

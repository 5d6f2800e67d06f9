//! Who is insured how, where they are treated and why: the words shared by filing, policy and estimate.

use serde::{Deserialize, Serialize};

use crate::domain::json::{self, FromJson, Json};
use crate::domain::lang::Lang;

/// 备案类别: why a person is treated away from the insured place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum FilingCategory {
    /// 异地安置退休人员
    ResettledRetiree,
    /// 异地长期居住人员
    LongTermResident,
    /// 常驻异地工作人员
    ResidentStaff,
    /// 其他跨省长期异地居住人员
    OtherLongTerm,
    /// 异地转诊人员
    Referral,
    /// 异地急诊抢救人员: treated as filed even without a filing.
    Emergency,
    /// 其他临时外出就医人员
    OtherTemporary,
}

impl FilingCategory {
    pub const ALL: [FilingCategory; 7] = [
        FilingCategory::ResettledRetiree,
        FilingCategory::LongTermResident,
        FilingCategory::ResidentStaff,
        FilingCategory::OtherLongTerm,
        FilingCategory::Referral,
        FilingCategory::Emergency,
        FilingCategory::OtherTemporary,
    ];

    /// 跨省长期异地居住 (as opposed to 跨省临时外出就医).
    pub fn is_long_term(self) -> bool {
        matches!(
            self,
            FilingCategory::ResettledRetiree
                | FilingCategory::LongTermResident
                | FilingCategory::ResidentStaff
                | FilingCategory::OtherLongTerm
        )
    }

    /// The kind of filing this category is: a person holds at most one filing of each kind in effect.
    pub fn kind(self) -> FilingKind {
        if self.is_long_term() {
            FilingKind::LongTerm
        } else {
            FilingKind::Temporary
        }
    }
}

impl FromJson for FilingCategory {
    fn from_json(json: &Json) -> Option<Self> {
        use FilingCategory::*;
        json::named(
            json,
            &[
                ("resettled_retiree", ResettledRetiree),
                ("long_term_resident", LongTermResident),
                ("resident_staff", ResidentStaff),
                ("other_long_term", OtherLongTerm),
                ("referral", Referral),
                ("emergency", Emergency),
                ("other_temporary", OtherTemporary),
            ],
        )
    }
}

/// 备案类型: the two kinds the categories fall into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilingKind {
    /// 跨省长期异地居住: resettled retiree, long-term resident, resident staff, other long-term.
    LongTerm,
    /// 跨省临时外出就医: referral, emergency, other temporary.
    Temporary,
}

impl FilingKind {
    /// The kind's name inside a sentence (`长期`, `long-term`).
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FilingKind::LongTerm, Lang::Zh) => "长期",
            (FilingKind::LongTerm, Lang::En) => "long-term",
            (FilingKind::Temporary, Lang::Zh) => "临时",
            (FilingKind::Temporary, Lang::En) => "temporary",
        }
    }
}

/// The filing status of one settlement: filed in a category, or not filed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "category")]
pub enum FilingStatus {
    Filed(FilingCategory),
    NotFiled,
}

/// 险种 and the person's standing in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum Scheme {
    /// 职工医保, in service (在职)
    EmployeeInService,
    /// 职工医保, retired (退休)
    EmployeeRetired,
    /// 城乡居民医保
    Resident,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [
        Scheme::EmployeeInService,
        Scheme::EmployeeRetired,
        Scheme::Resident,
    ];
}

impl FromJson for Scheme {
    fn from_json(json: &Json) -> Option<Self> {
        use Scheme::*;
        json::named(
            json,
            &[
                ("employee_in_service", EmployeeInService),
                ("employee_retired", EmployeeRetired),
                ("resident", Resident),
            ],
        )
    }
}

/// 医疗机构等级
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionLevel {
    /// 基层 / 一级
    Primary,
    /// 二级
    Secondary,
    /// 三级
    Tertiary,
}

impl InstitutionLevel {
    /// Highest first, as people look for them.
    pub const ALL: [InstitutionLevel; 3] = [
        InstitutionLevel::Tertiary,
        InstitutionLevel::Secondary,
        InstitutionLevel::Primary,
    ];

    /// The level's name in the data files and forms (`tertiary`, ...), as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            InstitutionLevel::Tertiary => "tertiary",
            InstitutionLevel::Secondary => "secondary",
            InstitutionLevel::Primary => "primary",
        }
    }

    pub fn from_code(code: &str) -> Option<InstitutionLevel> {
        InstitutionLevel::ALL
            .into_iter()
            .find(|level| level.code() == code)
    }
}

impl FromJson for InstitutionLevel {
    fn from_json(json: &Json) -> Option<Self> {
        InstitutionLevel::from_code(json.as_str()?)
    }
}

/// 门诊慢特病 settled across provinces (the national pilot's five, by code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub enum ChronicDisease {
    /// 高血压 M03900
    #[serde(rename = "M03900")]
    Hypertension,
    /// 糖尿病 M01600
    #[serde(rename = "M01600")]
    Diabetes,
    /// 恶性肿瘤门诊放化疗 M00500
    #[serde(rename = "M00500")]
    CancerOutpatientTherapy,
    /// 尿毒症透析 M07801
    #[serde(rename = "M07801")]
    UremiaDialysis,
    /// 器官移植术后抗排异治疗 M08300
    #[serde(rename = "M08300")]
    TransplantAntiRejection,
}

impl ChronicDisease {
    pub const ALL: [ChronicDisease; 5] = [
        ChronicDisease::Hypertension,
        ChronicDisease::Diabetes,
        ChronicDisease::CancerOutpatientTherapy,
        ChronicDisease::UremiaDialysis,
        ChronicDisease::TransplantAntiRejection,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChronicDisease::Hypertension => "M03900",
            ChronicDisease::Diabetes => "M01600",
            ChronicDisease::CancerOutpatientTherapy => "M00500",
            ChronicDisease::UremiaDialysis => "M07801",
            ChronicDisease::TransplantAntiRejection => "M08300",
        }
    }

    /// The disease's name as people say it.
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ChronicDisease::Hypertension => ("高血压", "hypertension"),
            ChronicDisease::Diabetes => ("糖尿病", "diabetes"),
            ChronicDisease::CancerOutpatientTherapy => (
                "恶性肿瘤门诊放化疗",
                "outpatient cancer radiotherapy or chemotherapy",
            ),
            ChronicDisease::UremiaDialysis => ("尿毒症透析", "uremia dialysis"),
            ChronicDisease::TransplantAntiRejection => (
                "器官移植术后抗排异治疗",
                "anti-rejection after organ transplant",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromJson for ChronicDisease {
    fn from_json(json: &Json) -> Option<Self> {
        let code = json.as_str()?;
        ChronicDisease::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// 就医类型: what kind of care one settlement is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CareSetting {
    /// 住院, at an institution of a level.
    Inpatient { level: InstitutionLevel },
    /// 普通门诊
    GeneralOutpatient { level: InstitutionLevel },
    /// 门诊慢特病
    ChronicOutpatient { disease: ChronicDisease },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::json::assert_reads_as_serde;

    #[test]
    fn the_lean_reader_knows_every_name_serde_writes() {
        FilingCategory::ALL.iter().for_each(assert_reads_as_serde);
        Scheme::ALL.iter().for_each(assert_reads_as_serde);
        InstitutionLevel::ALL.iter().for_each(assert_reads_as_serde);
        ChronicDisease::ALL.iter().for_each(assert_reads_as_serde);
        assert_eq!(json::from_str::<Scheme>(r#""student""#), None);
    }

    #[test]
    fn four_categories_are_long_term_and_three_temporary() {
        let long_term: Vec<_> = FilingCategory::ALL
            .into_iter()
            .filter(|c| c.kind() == FilingKind::LongTerm)
            .collect();
        assert_eq!(
            long_term,
            [
                FilingCategory::ResettledRetiree,
                FilingCategory::LongTermResident,
                FilingCategory::ResidentStaff,
                FilingCategory::OtherLongTerm,
            ]
        );
        for category in FilingCategory::ALL {
            assert_eq!(
                category.kind() == FilingKind::LongTerm,
                category.is_long_term()
            );
        }
        assert_eq!(FilingCategory::Emergency.kind(), FilingKind::Temporary);
    }

    #[test]
    fn level_codes_are_the_names_serde_reads_and_writes() {
        for level in InstitutionLevel::ALL {
            let json = serde_json::to_string(&level).unwrap();
            assert_eq!(json, format!("\"{}\"", level.code()));
            assert_eq!(InstitutionLevel::from_code(level.code()), Some(level));
        }
        assert_eq!(InstitutionLevel::from_code("Tertiary"), None);
        assert_eq!(InstitutionLevel::from_code(""), None);
    }
}

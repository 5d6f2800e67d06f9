//! The estimator's words, typed, in Chinese and English (one struct per language, like `i18n::Strings`).

use crate::domain::category::{ChronicDisease, FilingCategory};
use crate::domain::estimate::{
    Amount, Basis, Bound, EstimateError, Field, Problem, ReductionMethod, Scope, Span, Warning,
};
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::settle::{BandsCounted, ParamName};
use crate::web::components::FieldError;
use crate::web::i18n::use_i18n;

use super::ids::field_id;

/// The estimator's strings in the current language (tracked: a view reading them follows a switch).
pub fn use_text() -> impl Fn() -> &'static EstimateText + Copy {
    let i18n = use_i18n();
    move || text(i18n.lang())
}

pub fn text(lang: Lang) -> &'static EstimateText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub struct EstimateText {
    pub title: &'static str,
    pub lead: &'static str,
    pub private_note: &'static str,

    pub who_heading: &'static str,
    pub insured_place: &'static str,
    pub insured_hint: &'static str,
    pub treatment_place: &'static str,
    pub treatment_hint: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_none: &'static str,
    pub province: &'static str,
    pub city: &'static str,
    pub scheme: &'static str,
    pub scheme_in_service: &'static str,
    pub scheme_retired: &'static str,
    pub scheme_resident: &'static str,

    pub care_heading: &'static str,
    pub setting: &'static str,
    pub setting_inpatient: &'static str,
    pub setting_outpatient: &'static str,
    pub setting_chronic: &'static str,
    pub level: &'static str,
    pub level_primary: &'static str,
    pub level_secondary: &'static str,
    pub level_tertiary: &'static str,
    pub disease: &'static str,
    pub disease_hypertension: &'static str,
    pub disease_diabetes: &'static str,
    pub disease_cancer_therapy: &'static str,
    pub disease_uremia_dialysis: &'static str,
    pub disease_transplant_anti_rejection: &'static str,
    pub filing: &'static str,
    pub filing_hint: &'static str,
    pub filing_long_term_group: &'static str,
    pub filing_temporary_group: &'static str,
    pub category_resettled_retiree: &'static str,
    pub category_long_term_resident: &'static str,
    pub category_resident_staff: &'static str,
    pub category_other_long_term: &'static str,
    pub category_referral: &'static str,
    pub category_emergency: &'static str,
    pub category_other_temporary: &'static str,
    pub not_filed: &'static str,
    pub date: &'static str,
    pub date_hint: &'static str,
    pub first_stay: &'static str,

    pub bill_heading: &'static str,
    pub bill_mode: &'static str,
    pub bill_quick: &'static str,
    pub bill_quick_hint: &'static str,
    pub bill_items: &'static str,
    pub bill_items_hint: &'static str,
    pub class_a: &'static str,
    pub class_a_hint: &'static str,
    pub class_b: &'static str,
    pub class_b_hint: &'static str,
    pub class_c: &'static str,
    pub class_c_hint: &'static str,
    pub services: &'static str,
    pub services_hint: &'static str,
    /// The four totals' labels, with the unit: the names above stay as they are for the itemised bill's kinds and
    /// for the messages that name a field.
    pub class_a_total: &'static str,
    pub class_b_total: &'static str,
    pub class_c_total: &'static str,
    pub services_total: &'static str,
    pub item: &'static str,
    pub item_from_directory: &'static str,
    pub item_directory_none: &'static str,
    pub item_name: &'static str,
    pub item_kind: &'static str,
    pub item_amount: &'static str,
    pub item_share: &'static str,
    pub item_share_hint: &'static str,
    pub add_item: &'static str,
    pub remove_item: &'static str,
    pub directory_note: &'static str,

    pub ytd_heading: &'static str,
    pub ytd_deductible: &'static str,
    pub ytd_fund: &'static str,
    pub ytd_hint: &'static str,

    pub notice_heading: &'static str,
    pub notice_lead: &'static str,
    pub notice_deductible: &'static str,
    pub notice_bands: &'static str,
    pub notice_bands_hint: &'static str,
    pub notice_cap: &'static str,
    pub notice_cap_hint: &'static str,
    pub notice_reduction: &'static str,
    pub notice_reduction_value: &'static str,
    pub notice_reduction_value_hint: &'static str,
    pub reduction_none: &'static str,
    pub reduction_subtract_points: &'static str,
    pub reduction_multiply_ratio: &'static str,
    pub reduction_add_first_self_pay: &'static str,
    pub reduction_higher_deductible: &'static str,
    pub notice_class_b: &'static str,
    pub notice_class_b_hint: &'static str,
    pub keep_resolved: &'static str,

    pub calculate: &'static str,
    pub export: &'static str,
    /// Printing the estimate, or saving it as a PDF from the print dialog: what people share.
    pub print: &'static str,
    /// The estimate file (JSON) for specialists, under this heading.
    pub advanced: &'static str,
    pub advanced_hint: &'static str,
    pub import: &'static str,
    pub import_hint: &'static str,
    pub import_failed: &'static str,
    /// After `import_failed`: the file holds no estimate.
    pub import_empty: &'static str,
    /// After `import_failed`: the code that reads files did not download.
    pub import_unavailable: &'static str,
    pub items_unavailable: &'static str,
    /// The code that writes the file did not download.
    pub export_unavailable: &'static str,
    pub imported: &'static str,
    pub keep_heading: &'static str,
    pub link: &'static str,
    pub link_hint: &'static str,
    /// In place of the link when the estimate is too long for one.
    pub link_too_long: &'static str,
    pub start_again: &'static str,
    pub start_again_confirm: &'static str,
    pub start_again_yes: &'static str,
    pub start_again_no: &'static str,

    pub result_heading: &'static str,
    pub result_waiting: &'static str,
    pub result_blocked: &'static str,
    pub fund_pays: &'static str,
    pub you_pay: &'static str,
    pub total: &'static str,
    pub not_settled_badge: &'static str,
    pub yours_note: &'static str,
    pub steps_heading: &'static str,
    pub source_yours: &'static str,
    pub source_missing: &'static str,
    pub unverified: &'static str,
    pub see_steps: &'static str,
    pub param_deductible: &'static str,
    pub param_ratio_bands: &'static str,
    pub param_annual_cap: &'static str,
    pub param_reduction: &'static str,
    pub param_class_b_share: &'static str,
    pub param_not_filed: &'static str,

    pub warn_not_filed: &'static str,
    pub warn_emergency: &'static str,
    pub warn_temporary_missing: &'static str,
    pub warn_temporary: &'static str,
    pub warn_long_term_would: &'static str,
    pub warn_class_b: &'static str,
    pub warn_cap: &'static str,
    pub warn_unverified: &'static str,

    pub err_choose_insured: &'static str,
    pub err_choose_treatment: &'static str,
    pub err_scheme: &'static str,
    pub err_setting: &'static str,
    pub err_level: &'static str,
    pub err_disease: &'static str,
    pub err_filing: &'static str,
    pub err_date: &'static str,
    pub err_date_format: &'static str,
    pub err_not_a_number: &'static str,
    pub err_negative: &'static str,
    pub err_too_precise: &'static str,
    pub err_too_large: &'static str,
    pub err_percent: &'static str,
    pub err_percent_fraction: &'static str,
    pub err_percent_over: &'static str,
    pub err_bands: &'static str,
    pub err_bill_empty: &'static str,
    pub err_item_kind: &'static str,
    pub err_item_amount: &'static str,
    pub err_reduction_value: &'static str,
    pub err_same_province: &'static str,

    /// Which insured places the data covers: `{n}` places, named in `{places}`.
    pub coverage: &'static str,
    /// Between the two ends of a range: "¥1.00 至 ¥2.00".
    pub range_to: &'static str,
    pub range_note: &'static str,
    /// Before a share in the bar's words: "医保基金支付约 76%".
    pub about: &'static str,
    /// The bar's hatched part, while figures are missing.
    pub split_open: &'static str,
    pub ask_heading: &'static str,
    pub ask_lead: &'static str,
    /// The lead when the missing figures do not change this estimate (a cap far above the bill).
    pub ask_lead_no_effect: &'static str,
    /// After a figure's basis when the missing figures do not change this estimate.
    pub basis_no_effect: &'static str,
    pub ask_deductible_where: &'static str,
    pub ask_bands_where: &'static str,
    pub ask_cap_where: &'static str,
    pub ask_class_b_where: &'static str,
    pub ask_class_b_amount: &'static str,
    pub ask_class_b_amount_hint: &'static str,
    /// The amount's name where a message names it (its label starts with "or:").
    pub class_b_amount_name: &'static str,
    pub err_class_b_amount_too_large: &'static str,
    pub err_class_b_amount_no_share: &'static str,
    pub ask_reduction_where: &'static str,
    pub ask_answered: &'static str,
    /// The reduction's "not chosen" option where the data lacks it.
    pub ask_unknown: &'static str,
    pub counted_label: &'static str,
    pub counted_per_year: &'static str,
    pub counted_per_settlement: &'static str,
    pub ask_counted_where: &'static str,
    pub ytd_in_scope: &'static str,
    pub ask_link: &'static str,
    /// A range taken among places: `{low}`, `{high}`, `{n}` places, `{scope}`.
    pub basis_among: &'static str,
    pub scope_same: &'static str,
    pub scope_kind: &'static str,
    pub scope_any: &'static str,
    /// A Class B share taken among treatment places: `{low}`, `{high}`, `{n}`.
    pub basis_treatment: &'static str,
    /// A temporary filing's cut: `{high}` points, from `{source}`.
    pub basis_cut: &'static str,
    /// Nothing to go by: `{low}`, `{high}`.
    pub basis_widest: &'static str,
    pub no_cap: &'static str,
    pub steps_range_note: &'static str,
}

impl EstimateText {
    /// A disease's name (its national code is added where shown, `disease_choices`).
    pub fn disease_name(&self, disease: ChronicDisease) -> &'static str {
        match disease {
            ChronicDisease::Hypertension => self.disease_hypertension,
            ChronicDisease::Diabetes => self.disease_diabetes,
            ChronicDisease::CancerOutpatientTherapy => self.disease_cancer_therapy,
            ChronicDisease::UremiaDialysis => self.disease_uremia_dialysis,
            ChronicDisease::TransplantAntiRejection => self.disease_transplant_anti_rejection,
        }
    }

    pub fn category_name(&self, category: FilingCategory) -> &'static str {
        match category {
            FilingCategory::ResettledRetiree => self.category_resettled_retiree,
            FilingCategory::LongTermResident => self.category_long_term_resident,
            FilingCategory::ResidentStaff => self.category_resident_staff,
            FilingCategory::OtherLongTerm => self.category_other_long_term,
            FilingCategory::Referral => self.category_referral,
            FilingCategory::Emergency => self.category_emergency,
            FilingCategory::OtherTemporary => self.category_other_temporary,
        }
    }

    pub fn reduction_method(&self, method: ReductionMethod) -> &'static str {
        match method {
            ReductionMethod::None => self.reduction_none,
            ReductionMethod::SubtractPoints => self.reduction_subtract_points,
            ReductionMethod::MultiplyRatio => self.reduction_multiply_ratio,
            ReductionMethod::AddFirstSelfPay => self.reduction_add_first_self_pay,
            ReductionMethod::HigherDeductible => self.reduction_higher_deductible,
        }
    }

    /// A figure of the settlement, by name.
    pub fn param_name(&self, name: ParamName) -> &'static str {
        match name {
            ParamName::Deductible => self.param_deductible,
            ParamName::RatioBands => self.param_ratio_bands,
            ParamName::AnnualCap => self.param_annual_cap,
            ParamName::Reduction => self.param_reduction,
            ParamName::ClassBShare => self.param_class_b_share,
            ParamName::NotFiled => self.param_not_filed,
        }
    }

    /// What to do about a problem, said beside its field.
    pub fn problem(&self, problem: Problem) -> &'static str {
        match problem {
            Problem::InsuredPlaceMissing => self.err_choose_insured,
            Problem::TreatmentPlaceMissing => self.err_choose_treatment,
            Problem::SchemeMissing => self.err_scheme,
            Problem::SettingMissing => self.err_setting,
            Problem::LevelMissing => self.err_level,
            Problem::DiseaseMissing => self.err_disease,
            Problem::FilingMissing => self.err_filing,
            Problem::DateMissing => self.err_date,
            Problem::BillEmpty => self.err_bill_empty,
            Problem::DateInvalid => self.err_date_format,
            Problem::NotANumber => self.err_not_a_number,
            Problem::Negative => self.err_negative,
            Problem::TooPrecise => self.err_too_precise,
            Problem::TooLarge => self.err_too_large,
            Problem::PercentInvalid => self.err_percent,
            Problem::PercentFraction => self.err_percent_fraction,
            Problem::PercentTooHigh => self.err_percent_over,
            Problem::BandsInvalid => self.err_bands,
            Problem::ItemKindMissing => self.err_item_kind,
            Problem::ItemAmountMissing => self.err_item_amount,
            Problem::ReductionValueInvalid => self.err_reduction_value,
            Problem::ClassBAmountTooLarge => self.err_class_b_amount_too_large,
            Problem::ClassBAmountNoShare => self.err_class_b_amount_no_share,
            Problem::NotCrossProvincial => self.err_same_province,
        }
    }

    /// A problem as the page says it, beside its input and in the error summary. Where the message alone does not
    /// say which answer it is about ("金额只能填数字" is said of every amount), it starts with the answer's name.
    pub fn field_error(&self, error: &EstimateError, colon: &str) -> FieldError {
        let message = self.problem(error.problem);
        let said_of_any = matches!(
            error.problem,
            Problem::NotANumber
                | Problem::Negative
                | Problem::TooPrecise
                | Problem::TooLarge
                | Problem::PercentInvalid
                | Problem::PercentFraction
                | Problem::PercentTooHigh
                | Problem::ItemKindMissing
                | Problem::ItemAmountMissing
        );
        let name = match error.field {
            Field::ClassA => Some(self.class_a.to_owned()),
            Field::ClassB => Some(self.class_b.to_owned()),
            Field::ClassC => Some(self.class_c.to_owned()),
            Field::Services => Some(self.services.to_owned()),
            Field::Item { index, .. } => Some(self.item.replace("{n}", &(index + 1).to_string())),
            Field::YtdDeductible => Some(self.ytd_deductible.to_owned()),
            Field::YtdFund => Some(self.ytd_fund.to_owned()),
            Field::YtdInScope => Some(self.ytd_in_scope.to_owned()),
            Field::MyDeductible => Some(self.notice_deductible.to_owned()),
            Field::MyCap => Some(self.notice_cap.to_owned()),
            Field::MyClassB => Some(self.notice_class_b.to_owned()),
            Field::MyClassBAmount => Some(self.class_b_amount_name.to_owned()),
            _ => None,
        };
        let message = match name.filter(|_| said_of_any) {
            Some(name) => format!("{name}{colon}{message}"),
            None => message.to_owned(),
        };
        FieldError::new(field_id(error.field), message)
    }

    /// Both ends of a range, or the one amount.
    pub fn amount(&self, amount: Amount) -> String {
        match amount {
            Amount::Exact(m) => m.yuan(),
            Amount::Range { low, high } => {
                format!("{}{}{}", low.yuan(), self.range_to, high.yuan())
            }
        }
    }

    /// A share in whole percent, or both ends of it: "76%", "32% 至 76%".
    pub fn percent(&self, (low, high): (u32, u32)) -> String {
        if low == high {
            format!("{low}%")
        } else {
            format!("{low}%{}{high}%", self.range_to)
        }
    }

    /// What a missing figure's range rests on, in a sentence; `source` names the national rule for a cut.
    pub fn basis(&self, bound: &Bound, source: &str) -> String {
        let (low, high) = match bound.span {
            Span::Amount { low, high } => (low.yuan(), high.yuan()),
            Span::Ratios { low, high } | Span::Share { low, high } => {
                (low.to_string(), high.to_string())
            }
            Span::Cap { low, high } => (
                low.yuan(),
                high.map_or_else(|| self.no_cap.to_owned(), Money::yuan),
            ),
            Span::Counted { low, high } => {
                (self.counted(low).to_owned(), self.counted(high).to_owned())
            }
            Span::Cut { low, high } => (
                low.value().normalize().to_string(),
                high.value().normalize().to_string(),
            ),
        };
        let template = match &bound.fund_low {
            Basis::AmongPlaces { places, scope } => self
                .basis_among
                .replace("{n}", &places.to_string())
                .replace(
                    "{scope}",
                    match scope {
                        Scope::SameSchemeAndCare => self.scope_same,
                        Scope::SameKindOfCare => self.scope_kind,
                        Scope::AnyRule => self.scope_any,
                    },
                ),
            Basis::AmongTreatmentPlaces { places } => {
                self.basis_treatment.replace("{n}", &places.to_string())
            }
            Basis::NationalMaximumCut { .. } => self.basis_cut.replace("{source}", source),
            Basis::NoCut | Basis::Widest => self.basis_widest.to_owned(),
        };
        template
            .replace("{to}", self.range_to)
            .replace("{low}", &low)
            .replace("{high}", &high)
    }

    /// A way of counting bands, in words.
    pub fn counted(&self, counted: BandsCounted) -> &'static str {
        match counted {
            BandsCounted::PerYear => self.counted_per_year,
            BandsCounted::PerSettlement => self.counted_per_settlement,
        }
    }

    /// A note on the estimate, in words.
    pub fn warning(&self, warning: &Warning) -> String {
        match warning {
            Warning::NotFiled => self.warn_not_filed.to_owned(),
            Warning::Emergency => self.warn_emergency.to_owned(),
            Warning::TemporaryReductionMissing { up_to_points } => self
                .warn_temporary_missing
                .replace("{n}", &up_to_points.normalize().to_string()),
            Warning::TemporaryReduced { long_term_fund } => match long_term_fund {
                Some(fund) => format!(
                    "{} {}",
                    self.warn_temporary,
                    self.warn_long_term_would.replace("{fund}", &fund.yuan())
                ),
                None => self.warn_temporary.to_owned(),
            },
            Warning::ClassBFromTreatmentPlace { share } => {
                self.warn_class_b.replace("{share}", &share.to_string())
            }
            Warning::CapReached { left } => self.warn_cap.replace("{left}", &left.yuan()),
            Warning::Unverified => self.warn_unverified.to_owned(),
        }
    }
}

pub static ZH: EstimateText = EstimateText {
    title: "估算医保报多少、自己付多少",
    lead: "按参保地政策和就医地目录，估算一次住院或门诊结算中医保基金支付多少、个人支付多少。边填边算，每一步都写明依据。",
    private_note: "计算全部在您的手机或电脑上完成，填写的内容不会发送到服务器。",

    who_heading: "参保地和就医地",
    insured_place: "参保地（在哪里参加医保）",
    insured_hint: "先选省份，再选城市。也可以输入名称、拼音或首字母搜索。",
    treatment_place: "就医地（在哪里看病）",
    treatment_hint: "另一个省份的城市。",
    search_label: "搜索城市",
    search_hint: "例如：廊坊、langfang、lf",
    search_none: "没有找到匹配的地方",
    province: "省份",
    city: "城市",
    scheme: "险种和身份",
    scheme_in_service: "职工医保，在职",
    scheme_retired: "职工医保，退休",
    scheme_resident: "城乡居民医保",

    care_heading: "就医情况",
    setting: "就医类型",
    setting_inpatient: "住院",
    setting_outpatient: "普通门诊",
    setting_chronic: "门诊慢特病",
    level: "医疗机构等级",
    level_primary: "一级及基层",
    level_secondary: "二级",
    level_tertiary: "三级",
    disease: "病种",
    disease_hypertension: "高血压",
    disease_diabetes: "糖尿病",
    disease_cancer_therapy: "恶性肿瘤门诊放化疗",
    disease_uremia_dialysis: "尿毒症透析",
    disease_transplant_anti_rejection: "器官移植术后抗排异治疗",
    filing: "备案类别",
    filing_hint: "没有备案的，选“未备案”；急诊抢救视同已备案。",
    filing_long_term_group: "跨省长期异地居住",
    filing_temporary_group: "跨省临时外出就医",
    category_resettled_retiree: "异地安置退休人员",
    category_long_term_resident: "异地长期居住人员",
    category_resident_staff: "常驻异地工作人员",
    category_other_long_term: "其他长期异地居住人员",
    category_referral: "异地转诊人员",
    category_emergency: "异地急诊抢救人员",
    category_other_temporary: "其他临时外出就医人员",
    not_filed: "未备案",
    date: "就医日期",
    date_hint: "住院的，填入院日期。决定适用哪一年的政策。",
    first_stay: "今年第一次住院",

    bill_heading: "费用",
    bill_mode: "怎样填写费用",
    bill_quick: "按类别填合计",
    bill_quick_hint: "照着费用清单或结算单上的分类合计填写。",
    bill_items: "逐项填写",
    bill_items_hint: "一项一项填，可以从药品目录示例中选择。",
    class_a: "甲类药品和项目",
    class_a_hint: "全部纳入报销范围。",
    class_b: "乙类药品和项目",
    class_b_hint: "先由个人按就医地比例自付一部分，其余纳入报销范围。",
    class_c: "丙类和自费",
    class_c_hint: "医保不支付，全部自己付。",
    services: "医疗服务项目（床位、检查、治疗等）",
    services_hint: "床位、检查、治疗等纳入报销范围的医疗服务费用。",
    class_a_total: "甲类药品和项目（元）",
    class_b_total: "乙类药品和项目（元）",
    class_c_total: "丙类和自费（元）",
    services_total: "医疗服务项目（元）",
    item: "第 {n} 项",
    item_from_directory: "从目录示例中选择",
    item_directory_none: "自己填写",
    item_name: "名称",
    item_kind: "类别",
    item_amount: "金额（元）",
    item_share: "乙类先行自付比例（%）",
    item_share_hint: "空着则按就医地比例。",
    add_item: "再加一项",
    remove_item: "删除这一项",
    directory_note: "药品目录为示例数据：只收录《国家基本医疗保险、工伤保险和生育保险药品目录（2024年）》中的部分常用药及其甲乙类别，以医院结算单为准。",

    ytd_heading: "今年已经发生的",
    ytd_deductible: "今年已付的起付标准（元）",
    ytd_fund: "今年医保统筹基金已支付（元）",
    ytd_hint: "不知道就空着，按 0 计算。",

    notice_heading: "我的医保待遇通知上写的是……",
    notice_lead: "如果您手上的通知或参保地公布的标准与这里不同，在下面填入您的数字。填了的项目按您的数字计算，并在结果中注明“您填写的”。",
    notice_deductible: "起付标准（元）",
    notice_bands: "支付比例",
    notice_bands_hint: "一个比例填“85%”；分段填“30000 85%，40000 90%，95%”（每段的上限和比例，最后一段不写上限）。",
    notice_cap: "年度最高支付限额（元）",
    notice_cap_hint: "没有限额的填“无”。",
    notice_reduction: "临时外出就医的下调办法",
    notice_reduction_value: "下调的数值",
    notice_reduction_value_hint: "百分点、百分比或金额，按上面选的办法。",
    reduction_none: "不下调",
    reduction_subtract_points: "支付比例降低若干个百分点",
    reduction_multiply_ratio: "按原支付比例的一定百分比支付",
    reduction_add_first_self_pay: "个人先行自付一定比例",
    reduction_higher_deductible: "提高起付标准到（元）",
    notice_class_b: "乙类先行自付比例（%）",
    notice_class_b_hint: "就医地的比例，例如 10。",
    keep_resolved: "按我们数据里的办法",

    calculate: "计算",
    export: "导出这次估算（JSON 文件）",
    print: "打印或保存为 PDF",
    advanced: "高级：估算文件",
    advanced_hint: "把这次估算保存为文件，以后在这里重新打开。文件格式公开（JSON），医保经办和技术人员可以用它逐项核对。",
    import: "导入估算文件",
    import_hint: "选择以前从这里保存的估算文件。",
    import_failed: "无法导入这个文件：",
    import_empty: "文件里没有估算。",
    import_unavailable: "读取文件的程序没能下载。请检查网络后再选一次文件。",
    items_unavailable: "逐项填写账单的程序没能下载。请检查网络连接，然后点“重新载入”。您已经填写的内容都还在。",
    export_unavailable: "导出文件的程序没能下载。请检查网络后再试一次。",
    imported: "已导入。文件中的起付标准、支付比例等数字按“您填写的”计算。",
    keep_heading: "保存和分享",
    link: "这次估算的链接",
    link_hint: "把这个链接发给家人，打开后看到的是同样的估算。",
    link_too_long: "这次估算的项目太多，做不成链接。请用“导出”保存为文件发给家人，对方用“导入估算文件”打开。",
    start_again: "重新开始",
    start_again_confirm: "要清除已填写的全部内容吗？",
    start_again_yes: "清除，重新开始",
    start_again_no: "保留",

    result_heading: "估算结果",
    result_waiting: "填好这些问题后，这里显示医保支付和个人支付。",
    result_blocked: "有需要修改的地方，改好后这里会更新。",
    fund_pays: "医保基金支付",
    you_pay: "个人支付",
    total: "医疗总费用",
    not_settled_badge: "不能直接结算",
    yours_note: "包含您填写的数字：",
    steps_heading: "怎么算出来的",
    source_yours: "您填写的（来自您的待遇通知）",
    source_missing: "我们没有这个数字，见上面的范围",
    unverified: "未核实",
    see_steps: "查看计算步骤",
    param_deductible: "起付标准",
    param_ratio_bands: "支付比例",
    param_annual_cap: "年度最高支付限额",
    param_reduction: "下调办法",
    param_class_b_share: "乙类先行自付比例",
    param_not_filed: "未备案的处理",

    warn_not_filed: "没有备案：医院不能直接结算。需要先全额支付，再回参保地申请手工报销。出院结算前补办备案的，仍可直接结算。",
    warn_emergency: "急诊抢救视同已备案，可以直接结算；抢救结束后请尽快补办备案。",
    warn_temporary_missing: "临时外出就医：参保地可能把支付比例最多下调 {n} 个百分点。我们没有参保地的具体办法，所以结果是从不下调到下调 {n} 个百分点的范围。",
    warn_temporary: "临时外出就医：按参保地办法下调了支付比例。",
    warn_long_term_would: "如果是长期异地居住并按长期类别备案，按参保地原比例，医保约支付 {fund}。",
    warn_class_b: "乙类先行自付比例按就医地的规定（{share}），不是参保地的。",
    warn_cap: "已达到年度最高支付限额：今年医保最多还能支付 {left}，超出部分由个人负担。",
    warn_unverified: "部分数字未经核实，或没有找到公布的标准（见下面的步骤），请与参保地公布的标准核对。",

    err_choose_insured: "选择参保地所在的城市",
    err_choose_treatment: "选择就医地所在的城市",
    err_scheme: "选择险种和身份",
    err_setting: "选择就医类型",
    err_level: "选择医疗机构等级",
    err_disease: "选择门诊慢特病的病种",
    err_filing: "选择备案类别，没有备案的选“未备案”",
    err_date: "填写就医日期",
    err_date_format: "就医日期要写成 2024-05-01 这样的日期",
    err_not_a_number: "金额只能填数字，例如 1280.50",
    err_negative: "金额不能是负数",
    err_too_precise: "金额最多保留两位小数（到分）",
    err_too_large: "金额太大了，请核对（一次结算不超过 1 亿元）",
    err_percent: "比例填 0 到 100 之间的数字，最多两位小数",
    err_percent_fraction: "比例请写成百分数：85% 写“85%”，不写“0.85”；不到 1% 的请带上“%”，如“0.5%”",
    err_percent_over: "比例不能超过 100%",
    err_bands: "支付比例写成“85%”，分段写成“30000 85%，40000 90%，95%”",
    err_bill_empty: "至少填写一项费用",
    err_item_kind: "选择这一项的类别",
    err_item_amount: "填写这一项的金额",
    err_reduction_value: "按选择的下调办法填写数值",
    err_same_province: "就医地和参保地在同一个省，不属于跨省异地就医",

    coverage: "我们收录了 {n} 个参保地的待遇标准：{places}。标着“未核实”的数字还没有和官方原文核对过。其他参保地也能估算：还不知道的数字先按一个范围计算，请您补上。",
    range_to: " 至 ",
    about: "约 ",
    split_open: "斜线部分：还不知道的数字定下来后，才知道由谁支付",
    range_note: "结果是一个范围，因为下面这些数字还不知道。填入您知道的，范围就会缩小；都填了，就是一个确定的数。",
    ask_heading: "请补上还不知道的数字",
    ask_lead: "不知道的可以空着，结果按范围显示。",
    ask_lead_no_effect: "下面的数字我们还没有，但不影响这次的结果；情况不同时（比如费用更高）才会用到。知道的可以填上。",
    basis_no_effect: "在这个范围内，这次的结果都一样。",
    ask_deductible_where: "在哪里找：参保地医保局公布的待遇标准通知；以前的住院结算单上的“起付标准”；或拨打医保服务热线 12393 问参保地。",
    ask_bands_where: "在哪里找：待遇标准通知中的“支付比例”或“报销比例”；或拨打医保服务热线 12393 问参保地。一个比例填“85%”；分段填“30000 85%，40000 90%，95%”。",
    ask_cap_where: "在哪里找：待遇标准通知中的“最高支付限额”（也叫“封顶线”）。没有限额的填“无”。费用不高时，这个数字不影响结果。",
    ask_class_b_where: "在哪里找：就医地医保局规定的乙类先行自付比例，填百分数，例如 10。没有比例、只有结算单的，填下面一项。",
    ask_class_b_amount: "或者：结算单上的“乙类先行自付”金额（元）",
    ask_class_b_amount_hint: "就医地医院开的结算单或费用清单上的这一行。我们由它推算比例。",
    class_b_amount_name: "结算单上的乙类先行自付金额",
    err_class_b_amount_too_large: "乙类先行自付不能超过乙类费用，请核对结算单",
    err_class_b_amount_no_share: "这个金额推算不出比例，请核对，或直接填乙类先行自付比例",
    ask_reduction_where: "在哪里找：参保地关于“临时外出就医”的规定，常写作“支付比例降低 10 个百分点”；或拨打医保服务热线 12393 问参保地。",
    ask_answered: "已按您填写的数字计算。",
    ask_unknown: "不知道（按范围计算）",
    counted_label: "分段支付比例怎样累计",
    counted_per_year: "按年度累计（本年此前的费用也算）",
    counted_per_settlement: "按次（每次住院或门诊重新算）",
    ask_counted_where: "在哪里找：待遇标准通知中分段比例的写法，“一个自然年度内累计”是按年度累计，“每次”是按次；或拨打医保服务热线 12393 问参保地。只有今年此前已经看过病时才有影响。",
    ytd_in_scope: "今年已发生的政策范围内费用（元）",
    ask_link: "填写缺少的数字",
    basis_among: "现在按 {low}{to}{high} 计算：这是我们收录的 {n} 个参保地{scope}中最低和最高的。",
    scope_same: "同一险种、同类就医",
    scope_kind: "同类就医（不分险种、等级或病种）",
    scope_any: "全部待遇标准",
    basis_treatment: "现在按 {low}{to}{high} 计算：这是我们收录的 {n} 个公布了这个比例的就医地中最低和最高的。",
    basis_cut: "现在按从不下调到下调 {high} 个百分点计算：{high} 个百分点是国家规定这类临时外出就医最多可以下调的幅度（{source}）。",
    basis_widest: "现在按 {low}{to}{high} 计算：我们的数据里还没有可以参照的数字。",
    no_cap: "不设限额",
    steps_range_note: "结果是范围时，下面的步骤按医保支付最多的一端列出。",
};

pub static EN: EstimateText = EstimateText {
    title: "Estimate what the fund pays and what you pay",
    lead: "For one hospital stay or outpatient settlement in another province: what the medical insurance fund pays and what the family pays, by the insured place's policy and the treatment place's directory. It updates as you type and shows every step with its source.",
    private_note: "Everything is worked out on your phone or computer: nothing you enter is sent to our server.",

    who_heading: "Where you are insured and treated",
    insured_place: "Insured place (where the medical insurance is)",
    insured_hint: "Choose the province, then the city, or search by name, pinyin or initials.",
    treatment_place: "Place of treatment",
    treatment_hint: "A city in another province.",
    search_label: "Search for a city",
    search_hint: "For example: Langfang, 廊坊, lf",
    search_none: "No matching place",
    province: "Province",
    city: "City",
    scheme: "Scheme and status",
    scheme_in_service: "Employee insurance, working",
    scheme_retired: "Employee insurance, retired",
    scheme_resident: "Urban and rural resident insurance",

    care_heading: "The care",
    setting: "Kind of care",
    setting_inpatient: "Hospital stay (inpatient)",
    setting_outpatient: "General outpatient",
    setting_chronic: "Outpatient chronic disease",
    level: "Level of the institution",
    level_primary: "Primary or community",
    level_secondary: "Secondary",
    level_tertiary: "Tertiary",
    disease: "Disease",
    disease_hypertension: "Hypertension",
    disease_diabetes: "Diabetes",
    disease_cancer_therapy: "Outpatient cancer radiotherapy or chemotherapy",
    disease_uremia_dialysis: "Uremia dialysis",
    disease_transplant_anti_rejection: "Anti-rejection treatment after an organ transplant",
    filing: "Filing category",
    filing_hint: "If the trip was not filed, choose \u{201c}Not filed\u{201d}. Emergency care counts as filed.",
    filing_long_term_group: "Living in another province long-term",
    filing_temporary_group: "Temporary trip for treatment",
    category_resettled_retiree: "Resettled retiree",
    category_long_term_resident: "Long-term resident",
    category_resident_staff: "Staff posted to another province",
    category_other_long_term: "Other long-term",
    category_referral: "Referral",
    category_emergency: "Emergency",
    category_other_temporary: "Other temporary trip",
    not_filed: "Not filed",
    date: "Date of care",
    date_hint: "For a hospital stay, the day of admission. It decides which year's rules apply.",
    first_stay: "First hospital stay this year",

    bill_heading: "The bill",
    bill_mode: "How do you want to enter the bill?",
    bill_quick: "Totals by kind",
    bill_quick_hint: "Copy the totals from the bill or settlement slip.",
    bill_items: "Item by item",
    bill_items_hint: "One line per item; pick drugs from the sample directory.",
    class_a: "Class A drugs and items",
    class_a_hint: "Fully within the fund's scope.",
    class_b: "Class B drugs and items",
    class_b_hint: "You first pay a share set by the treatment place; the rest is within scope.",
    class_c: "Class C and self-pay",
    class_c_hint: "The fund pays none of it.",
    services: "Medical services (bed, tests, treatment)",
    services_hint: "Bed, tests, treatment and other services within the fund's scope.",
    class_a_total: "Class A drugs and items (yuan)",
    class_b_total: "Class B drugs and items (yuan)",
    class_c_total: "Class C and self-pay (yuan)",
    services_total: "Medical services (yuan)",
    item: "Item {n}",
    item_from_directory: "Choose from the sample directory",
    item_directory_none: "Type my own",
    item_name: "Name",
    item_kind: "Class",
    item_amount: "Amount (yuan)",
    item_share: "Class B first self-pay share (%)",
    item_share_hint: "Leave empty to use the treatment place's share.",
    add_item: "Add another item",
    remove_item: "Remove this item",
    directory_note: "The directory is sample data: a few common drugs with their Class A or B from the National Drug List for Basic Medical Insurance (2024 edition). The hospital's settlement slip is what counts.",

    ytd_heading: "Already this year",
    ytd_deductible: "Deductible already paid this year (yuan)",
    ytd_fund: "Paid by the fund this year so far (yuan)",
    ytd_hint: "Leave empty if you don't know: 0 is used.",

    notice_heading: "My policy notice says…",
    notice_lead: "If your notice or your insured place's published figures differ from ours, enter yours here. Each figure you enter replaces ours and is marked \u{201c}yours\u{201d} in the result.",
    notice_deductible: "Deductible (yuan)",
    notice_bands: "Payment ratio",
    notice_bands_hint: "One ratio: \u{201c}85%\u{201d}. Bands: \u{201c}30000 85%, 40000 90%, 95%\u{201d} (each band's upper limit and ratio; the last has no limit).",
    notice_cap: "Annual cap (yuan)",
    notice_cap_hint: "Enter \u{201c}none\u{201d} if there is no cap.",
    notice_reduction: "Reduction for a temporary trip",
    notice_reduction_value: "Reduction figure",
    notice_reduction_value_hint: "Points, percent or yuan, by the method above.",
    reduction_none: "No reduction",
    reduction_subtract_points: "Ratio lowered by percentage points",
    reduction_multiply_ratio: "Paid at a percentage of the usual ratio",
    reduction_add_first_self_pay: "You first pay a percentage",
    reduction_higher_deductible: "Deductible raised to (yuan)",
    notice_class_b: "Class B first self-pay share (%)",
    notice_class_b_hint: "The treatment place's share, for example 10.",
    keep_resolved: "As in our data",

    calculate: "Calculate",
    export: "Export this estimate (JSON file)",
    print: "Print or save as PDF",
    advanced: "Advanced: estimate file",
    advanced_hint: "Save this estimate as a file and open it here later. The format is open (JSON), for insurance staff and specialists to check item by item.",
    import: "Import an estimate file",
    import_hint: "Choose an estimate file saved here before.",
    import_failed: "This file could not be imported: ",
    import_empty: "it holds no estimate.",
    import_unavailable: "the code that reads files did not download. Check the connection and choose the file again.",
    items_unavailable: "The code for an itemised bill did not download. Check your connection, then choose “Load again”. Everything you have entered is still here.",
    export_unavailable: "The code that writes the file did not download. Check the connection and try again.",
    imported: "Imported. The file's deductible, ratios and other figures are used as yours.",
    keep_heading: "Keep and share",
    link: "Link to this estimate",
    link_hint: "Send this link to a relative: it opens the same estimate.",
    link_too_long: "This estimate has too many items for a link. Export it as a file and send that; it opens with Import an estimate file.",
    start_again: "Start again",
    start_again_confirm: "Clear everything you have entered?",
    start_again_yes: "Clear and start again",
    start_again_no: "Keep it",

    result_heading: "Estimate",
    result_waiting: "Answer the questions to see what the fund pays and what you pay.",
    result_blocked: "Something in the form needs changing; the estimate updates when it is fixed.",
    fund_pays: "The fund pays",
    you_pay: "You pay",
    total: "Total bill",
    not_settled_badge: "Not settled directly",
    yours_note: "Uses your own figures for: ",
    steps_heading: "How it is worked out",
    source_yours: "Yours (from your policy notice)",
    source_missing: "We don't have this figure: see the range above",
    unverified: "unverified",
    see_steps: "See the steps",
    param_deductible: "deductible",
    param_ratio_bands: "payment ratio",
    param_annual_cap: "annual cap",
    param_reduction: "reduction",
    param_class_b_share: "Class B first self-pay share",
    param_not_filed: "rule for unfiled care",

    warn_not_filed: "Not filed: the hospital will not settle directly. You pay the whole bill there, then claim back by hand at the insured place. Filing before discharge settlement still allows direct settlement.",
    warn_emergency: "Emergency care counts as filed and is settled directly; file for it as soon as the emergency is over.",
    warn_temporary_missing: "Temporary trip: the insured place may lower the ratio by up to {n} percentage points. We don't have its rule, so the result runs from no cut to a cut of {n} points.",
    warn_temporary: "Temporary trip: the ratio is reduced by the insured place's rule.",
    warn_long_term_would: "Filed as living there long-term, you would be paid at the usual ratio: the fund would pay about {fund}.",
    warn_class_b: "The Class B first self-pay share ({share}) is the treatment place's, not the insured place's.",
    warn_cap: "The annual cap is reached: the fund can pay at most {left} more this year; you pay the rest.",
    warn_unverified: "Some figures are unverified or were not found in a published source (see the steps): check them against your insured place's published figures.",

    err_choose_insured: "Choose the city where you are insured",
    err_choose_treatment: "Choose the city where you are treated",
    err_scheme: "Choose the scheme and status",
    err_setting: "Choose the kind of care",
    err_level: "Choose the level of the institution",
    err_disease: "Choose the chronic disease",
    err_filing: "Choose the filing category, or \u{201c}Not filed\u{201d}",
    err_date: "Enter the date of care",
    err_date_format: "Enter the date of care as a date, for example 2024-05-01",
    err_not_a_number: "Enter an amount in numbers only, like 1280.50",
    err_negative: "Enter an amount of 0 or more",
    err_too_precise: "Enter an amount with at most two decimal places",
    err_too_large: "Enter an amount under 100,000,000 yuan",
    err_percent: "Enter a percentage between 0 and 100, with at most two decimal places",
    err_percent_fraction: "Write the ratio as a percentage: 85% is \u{201c}85%\u{201d}, not \u{201c}0.85\u{201d}; below 1%, add the sign, as in \u{201c}0.5%\u{201d}",
    err_percent_over: "A ratio cannot be more than 100%",
    err_bands: "Enter the ratio like \u{201c}85%\u{201d}, or bands like \u{201c}30000 85%, 40000 90%, 95%\u{201d}",
    err_bill_empty: "Enter at least one amount",
    err_item_kind: "Choose the class of this item",
    err_item_amount: "Enter the amount of this item",
    err_reduction_value: "Enter the figure for the reduction you chose",
    err_same_province: "The place of treatment is in the same province as the insured place: this is not cross-provincial care",

    coverage: "Our data has the benefit figures of {n} insured places: {places}. A figure marked unverified has not been checked against the official text yet. Every other insured place gets an estimate too: where a figure is not known yet, the result is a range and you are asked for it.",
    range_to: " to ",
    about: " about ",
    split_open: "Hatched: who pays this part depends on the figures not known yet",
    range_note: "The result is a range because the figures below are not known yet. Enter what you know and the range narrows; with all of them it is one amount.",
    ask_heading: "Figures not known yet",
    ask_lead: "Leave any you don't know empty: the result stays a range.",
    ask_lead_no_effect: "We don't have the figures below, but they don't change this result; they can matter in other cases, such as a larger bill. Enter them if you know them.",
    basis_no_effect: " Anywhere in that range, this result is the same.",
    ask_deductible_where: "Where to find it: the insured place's published benefit notice; the \u{201c}deductible\u{201d} (起付标准) line of an earlier settlement slip; or call the medical insurance hotline 12393 and ask about the insured place.",
    ask_bands_where: "Where to find it: the \u{201c}payment ratio\u{201d} (支付比例 or 报销比例) in the benefit notice, or the hotline 12393. One ratio: \u{201c}85%\u{201d}. Bands: \u{201c}30000 85%, 40000 90%, 95%\u{201d}.",
    ask_cap_where: "Where to find it: the \u{201c}annual cap\u{201d} (最高支付限额 or 封顶线) in the benefit notice. Enter \u{201c}none\u{201d} if there is no cap. For a bill that is not large it does not change the result.",
    ask_class_b_where: "Where to find it: the treatment place's rule for Class B first self-pay. Enter a percentage, for example 10. If you have a settlement slip but not the rule, use the next field.",
    ask_class_b_amount: "Or: the Class B first self-pay amount on a settlement slip (yuan)",
    ask_class_b_amount_hint: "The \u{201c}乙类先行自付\u{201d} line of a settlement slip or bill from a hospital there. We work out the share from it.",
    class_b_amount_name: "The Class B first self-pay amount on the slip",
    err_class_b_amount_too_large: "The Class B first self-pay cannot be more than the Class B amounts: check the slip",
    err_class_b_amount_no_share: "No share gives this amount: check it, or enter the Class B share instead",
    ask_reduction_where: "Where to find it: the insured place's rule for temporary trips for treatment, often worded \u{201c}the ratio is lowered by 10 percentage points\u{201d}; or the hotline 12393.",
    ask_answered: "Worked out with the figure you entered.",
    ask_unknown: "I don't know (show the range)",
    counted_label: "How the payment ratio bands count",
    counted_per_year: "Over the year (earlier spending this year counts)",
    counted_per_settlement: "Each stay or visit alone",
    ask_counted_where: "Where to find it: how the benefit notice words its bands: \u{201c}cumulative within a calendar year\u{201d} (年度内累计) counts over the year, \u{201c}each time\u{201d} (每次) counts each stay alone; or the hotline 12393. It matters only with earlier care this year.",
    ytd_in_scope: "In-scope spending earlier this year (yuan)",
    ask_link: "Enter the missing figures",
    basis_among: "Now worked out from {low}{to}{high}: the lowest and highest among the {n} insured places in our data, for {scope}.",
    scope_same: "the same scheme and the same care",
    scope_kind: "the same kind of care (any scheme, level or disease)",
    scope_any: "any scheme and care",
    basis_treatment: "Now worked out from {low}{to}{high}: the lowest and highest among the {n} treatment places in our data that publish this share.",
    basis_cut: "Now worked out from no cut to a cut of {high} percentage points: {high} points is the most national rules allow for this kind of temporary trip ({source}).",
    basis_widest: "Now worked out from {low}{to}{high}: there is no figure in our data to go by yet.",
    no_cap: "no cap",
    steps_range_note: "When the result is a range, the steps below are for the end where the fund pays most.",
};

//! The filing journey's words, in Chinese and English (part of the one typed translation layer).

use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{Relation, Supplementary};
use crate::domain::lang::Lang;

pub fn text(lang: Lang) -> &'static FilingText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub struct FilingText {
    /// The language these words are in, which names the words of check answers and the confirmation.
    pub lang: Lang,
    pub start_title: &'static str,
    pub start_lead: &'static str,
    pub start_need: &'static str,
    pub start_need_items: &'static [&'static str],
    pub start_button: &'static str,
    pub start_resume: &'static str,
    pub who_title: &'static str,
    pub who_myself: &'static str,
    pub who_family: &'static str,
    pub who_family_hint: &'static str,
    pub filer_name: &'static str,
    pub relation: &'static str,
    pub relation_spouse: &'static str,
    pub relation_child: &'static str,
    pub relation_parent: &'static str,
    pub relation_other: &'static str,
    pub person_title: &'static str,
    pub name: &'static str,
    pub resident_id: &'static str,
    pub resident_id_hint: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub insured_title: &'static str,
    pub insured_province: &'static str,
    pub insured_city: &'static str,
    pub insured_hint: &'static str,
    pub scheme: &'static str,
    pub scheme_in_service: &'static str,
    pub scheme_retired: &'static str,
    pub scheme_resident: &'static str,
    pub category_title: &'static str,
    pub category_hint: &'static str,
    pub category_resettled_retiree: (&'static str, &'static str),
    pub category_long_term_resident: (&'static str, &'static str),
    pub category_resident_staff: (&'static str, &'static str),
    pub category_other_long_term: (&'static str, &'static str),
    pub category_referral: (&'static str, &'static str),
    pub category_emergency: (&'static str, &'static str),
    pub category_other_temporary: (&'static str, &'static str),
    pub long_term_tag: &'static str,
    pub temporary_tag: &'static str,
    pub destination_title: &'static str,
    pub destination_province: &'static str,
    pub destination_scope: &'static str,
    pub scope_city: &'static str,
    pub scope_city_hint: &'static str,
    pub scope_province: &'static str,
    pub scope_province_hint: &'static str,
    pub destination_city: &'static str,
    pub destination_city_hint: &'static str,
    pub dates_title: &'static str,
    pub start_date: &'static str,
    pub start_date_hint: &'static str,
    pub end_date: &'static str,
    pub end_date_optional: &'static str,
    pub end_date_long_hint: &'static str,
    pub end_date_temporary_hint: &'static str,
    pub supplementary: &'static str,
    pub supplementary_before: (&'static str, &'static str),
    pub supplementary_paid: (&'static str, &'static str),
    pub proof_title: &'static str,
    pub chronic: &'static str,
    pub chronic_hint: &'static str,
    pub disease_hypertension: &'static str,
    pub disease_diabetes: &'static str,
    pub disease_cancer_therapy: &'static str,
    pub disease_uremia_dialysis: &'static str,
    pub disease_transplant_anti_rejection: &'static str,
    pub referral_institution: &'static str,
    pub referral_institution_hint: &'static str,
    pub commitment_heading: &'static str,
    pub commitment_text: &'static str,
    /// The same commitment made by a family member filing for the patient.
    pub commitment_text_family: &'static str,
    pub commitment_agree: &'static str,
    pub emergency_note: &'static str,
    pub label_category: &'static str,
    pub label_destination: &'static str,
    pub whole_province: &'static str,
    pub no_end: &'static str,
    pub none: &'static str,
    /// Above each question's heading: `{n}` of `{total}`.
    pub step_of: &'static str,
    pub done_number: &'static str,
    pub valid_until: &'static str,
    pub print: &'static str,
}

impl FilingText {
    /// The words of check answers, in statics of their own: only that page's own code (a child split) reads them,
    /// so they come with it and not with every question.
    pub fn check(&self) -> &'static CheckText {
        match self.lang {
            Lang::Zh => &CHECK_ZH,
            Lang::En => &CHECK_EN,
        }
    }

    /// The confirmation's words, likewise.
    pub fn done(&self) -> &'static DoneText {
        match self.lang {
            Lang::Zh => &DONE_ZH,
            Lang::En => &DONE_EN,
        }
    }

    pub fn relation_name(&self, relation: Relation) -> &'static str {
        match relation {
            Relation::Spouse => self.relation_spouse,
            Relation::Child => self.relation_child,
            Relation::Parent => self.relation_parent,
            Relation::Other => self.relation_other,
        }
    }

    pub fn scheme_name(&self, scheme: Scheme) -> &'static str {
        match scheme {
            Scheme::EmployeeInService => self.scheme_in_service,
            Scheme::EmployeeRetired => self.scheme_retired,
            Scheme::Resident => self.scheme_resident,
        }
    }

    /// A category's name, and a hint at whom it is for.
    pub fn category(&self, category: FilingCategory) -> (&'static str, &'static str) {
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

    /// A supplementary filing's answer (is the patient still in hospital?), and what it means.
    pub fn supplementary_answer(&self, answer: Supplementary) -> (&'static str, &'static str) {
        match answer {
            Supplementary::BeforeDischargeSettlement => self.supplementary_before,
            Supplementary::PaidInFull => self.supplementary_paid,
        }
    }

    /// A disease's name (its code, which elders need not read, is shown apart and small where it helps staff).
    pub fn disease_name(&self, disease: ChronicDisease) -> &'static str {
        match disease {
            ChronicDisease::Hypertension => self.disease_hypertension,
            ChronicDisease::Diabetes => self.disease_diabetes,
            ChronicDisease::CancerOutpatientTherapy => self.disease_cancer_therapy,
            ChronicDisease::UremiaDialysis => self.disease_uremia_dialysis,
            ChronicDisease::TransplantAntiRejection => self.disease_transplant_anti_rejection,
        }
    }
}

static ZH: FilingText = FilingText {
    lang: Lang::Zh,
    start_title: "办理跨省异地就医备案",
    start_lead: "先向参保地登记，再到就医地看病，医保报销的部分当场结算。大约需要5分钟，每一步填写的内容都会保存在本机。",
    start_need: "请准备好",
    start_need_items: &[
        "就医人的姓名、身份证号码和手机号码",
        "就医人的参保地（城市）和参保险种",
        "打算去看病的省份和城市，以及开始日期",
        "转诊的：参保地出具转诊意见的定点医疗机构名称",
    ],
    start_button: "开始备案",
    start_resume: "继续填写已保存的备案",
    who_title: "为谁办理备案？",
    who_myself: "为我自己",
    who_family: "为家人代办",
    who_family_hint: "例如为不方便使用手机或无法通过人脸识别的老人代办",
    filer_name: "您的姓名（代办人）",
    relation: "您是就医人的",
    relation_spouse: "配偶",
    relation_child: "子女",
    relation_parent: "父母",
    relation_other: "其他",
    person_title: "就医人的信息",
    name: "姓名",
    resident_id: "身份证号码",
    resident_id_hint: "18位，最后一位可能是X",
    phone: "手机号码",
    phone_hint: "11位；查询、变更这条备案时要用",
    insured_title: "参保地和险种",
    insured_province: "参保省份",
    insured_city: "参保城市",
    insured_hint: "就医人缴纳医保的地方",
    scheme: "参保险种",
    scheme_in_service: "职工医保（在职）",
    scheme_retired: "职工医保（退休）",
    scheme_resident: "城乡居民医保",
    category_title: "选择备案类别",
    category_hint: "长期在外地生活选长期类别；只是去外地看一次病选临时类别。临时类别的报销比例可能较低。",
    category_resettled_retiree: ("异地安置退休人员", "退休后在外地定居，户籍已迁到外地"),
    category_long_term_resident: ("异地长期居住人员", "在外地长期居住生活，例如随子女居住"),
    category_resident_staff: ("常驻异地工作人员", "单位派驻外地长期工作"),
    category_other_long_term: ("其他长期异地居住人员", "参保地认可的其他长期在外地的情况"),
    category_referral: ("异地转诊人员", "参保地医院开具转诊，到外地就医"),
    category_emergency: ("异地急诊抢救人员", "在外地突发急症需要抢救；可先救治后补办"),
    category_other_temporary: ("其他临时外出就医人员", "其他临时到外地看病的情况"),
    long_term_tag: "长期",
    temporary_tag: "临时",
    destination_title: "去哪里看病？",
    destination_province: "就医省份",
    destination_scope: "备案到",
    scope_city: "一个城市",
    scope_city_hint: "只能在该市的跨省联网定点医疗机构直接结算",
    scope_province: "全省",
    scope_province_hint: "可以在全省的跨省联网定点医疗机构直接结算（参保地允许）",
    destination_city: "就医城市",
    destination_city_hint: "备案到城市后，去同省其他城市看病不能直接结算，请选对城市",
    dates_title: "备案从什么时候开始？",
    start_date: "开始日期",
    start_date_hint: "一般是今天或以后；已经在外地住院或急诊的，填入院那天，这样可以补办备案",
    end_date: "结束日期",
    end_date_optional: "结束日期（选填）",
    end_date_long_hint: "长期备案一直有效，直到您变更或取消；需要的话可以设定结束日期",
    end_date_temporary_hint: "临时备案有效期不少于6个月；不填则默认半年",
    supplementary: "开始日期在今天之前：就医人现在是什么情况？",
    supplementary_before: ("已入院，还没有出院结算", "补办备案后，出院时可以直接结算"),
    supplementary_paid: (
        "已经全额付费结算",
        "不能再直接结算：请带上票据回参保地申请手工报销",
    ),
    proof_title: "证明材料和门诊慢特病",
    chronic: "就医人已在参保地取得以下门诊慢特病待遇资格（选填）",
    chronic_hint: "跨省直接结算的门诊慢特病，需要先在参保地取得该病种的待遇资格",
    disease_hypertension: "高血压",
    disease_diabetes: "糖尿病",
    disease_cancer_therapy: "恶性肿瘤门诊放化疗",
    disease_uremia_dialysis: "尿毒症透析",
    disease_transplant_anti_rejection: "器官移植术后抗排异治疗",
    referral_institution: "出具转诊的定点医疗机构",
    referral_institution_hint: "参保地开具转诊意见的医院名称",
    commitment_heading: "个人承诺书",
    commitment_text: "本人承诺所填信息真实有效，用个人承诺代替居住或工作证明材料。如有虚假，愿意承担由此产生的责任，包括退回医保基金已支付的费用。",
    commitment_text_family: "我作为代办人承诺，所填就医人的信息真实有效，用个人承诺代替就医人的居住或工作证明材料。如有虚假，愿意承担由此产生的责任，包括退回医保基金已支付的费用。",
    commitment_agree: "我已阅读并同意个人承诺书",
    emergency_note: "急诊抢救不需要事先提供材料，可以先救治。",
    label_category: "备案类别",
    label_destination: "就医地",
    whole_province: "全省",
    no_end: "长期有效，直到变更或取消",
    none: "无",
    step_of: "第 {n} 步，共 {total} 步",
    done_number: "备案号",
    valid_until: "有效期",
    print: "打印或保存本页",
};

static EN: FilingText = FilingText {
    lang: Lang::En,
    start_title: "File for cross-provincial care",
    start_lead: "Register the trip with the insured place first; then the insurance share is settled at the hospital where you are treated. It takes about 5 minutes, and every answer is saved on this device as you go.",
    start_need: "Have these ready",
    start_need_items: &[
        "The patient's name, resident ID number and mobile number",
        "The patient's insured place (city) and insurance scheme",
        "The province and city of treatment, and the start date",
        "For a referral: the designated institution of the insured place that referred the patient",
    ],
    start_button: "Start filing",
    start_resume: "Continue your saved filing",
    who_title: "Who is the filing for?",
    who_myself: "Myself",
    who_family: "A family member",
    who_family_hint: "For example an older relative who cannot use a phone or pass face recognition",
    filer_name: "Your own name (filing on their behalf)",
    relation: "You are the patient's",
    relation_spouse: "Spouse",
    relation_child: "Child",
    relation_parent: "Parent",
    relation_other: "Other",
    person_title: "The patient",
    name: "Full name",
    resident_id: "Resident ID number",
    resident_id_hint: "18 characters; the last may be X",
    phone: "Mobile phone number",
    phone_hint: "11 digits; needed to look up or change the filing",
    insured_title: "Insured place and scheme",
    insured_province: "Insured province",
    insured_city: "Insured city",
    insured_hint: "Where the patient pays into medical insurance",
    scheme: "Insurance scheme",
    scheme_in_service: "Employee (in service)",
    scheme_retired: "Employee (retired)",
    scheme_resident: "Urban-rural resident",
    category_title: "Choose the filing category",
    category_hint: "Living away long term: choose a long-term category. A single trip for treatment: a temporary one. Temporary categories may be paid at a lower ratio.",
    category_resettled_retiree: (
        "Resettled retiree",
        "Retired and settled in another place, household registration moved there",
    ),
    category_long_term_resident: (
        "Long-term resident",
        "Living in another place long term, for example with children",
    ),
    category_resident_staff: (
        "Staff posted to another province",
        "Posted to work in another place long term",
    ),
    category_other_long_term: (
        "Other reason to live away",
        "Another long-term stay the insured place accepts",
    ),
    category_referral: (
        "Referral",
        "Referred by a hospital of the insured place for treatment elsewhere",
    ),
    category_emergency: (
        "Emergency",
        "A sudden emergency while away; file after treatment if need be",
    ),
    category_other_temporary: (
        "Other trip for treatment",
        "Any other single trip for treatment",
    ),
    long_term_tag: "long-term",
    temporary_tag: "temporary",
    destination_title: "Where will the patient be treated?",
    destination_province: "Province of treatment",
    destination_scope: "File to",
    scope_city: "One city",
    scope_city_hint: "Settled directly only at that city's networked designated institutions",
    scope_province: "The whole province",
    scope_province_hint: "Settled directly at networked institutions anywhere in the province (the insured place allows this)",
    destination_city: "City of treatment",
    destination_city_hint: "A city filing does not cover other cities of the province: choose the right one",
    dates_title: "When does the filing start?",
    start_date: "Start date",
    start_date_hint: "Usually today or later; if the patient is already in hospital or was treated as an emergency, enter the day of admission to file afterwards",
    end_date: "End date",
    end_date_optional: "End date (optional)",
    end_date_long_hint: "A long-term filing stays valid until you change or cancel it; set an end date only if you want one",
    end_date_temporary_hint: "A temporary filing lasts at least 6 months; leave empty for half a year",
    supplementary: "The start date is in the past: what is the patient's situation?",
    supplementary_before: (
        "In hospital, not yet settled at discharge",
        "Filed now, the stay is settled directly at discharge",
    ),
    supplementary_paid: (
        "Already paid in full",
        "It cannot be settled directly any more: take the receipts to the insured place and claim the money back there",
    ),
    proof_title: "Proof and outpatient chronic diseases",
    chronic: "Outpatient chronic diseases the patient is qualified for at the insured place (optional)",
    chronic_hint: "Outpatient chronic diseases settle across provinces only with the qualification from the insured place",
    disease_hypertension: "Hypertension",
    disease_diabetes: "Diabetes",
    disease_cancer_therapy: "Outpatient cancer radiotherapy or chemotherapy",
    disease_uremia_dialysis: "Uremia dialysis",
    disease_transplant_anti_rejection: "Anti-rejection after organ transplant",
    referral_institution: "Referring designated institution",
    referral_institution_hint: "The hospital of the insured place that issued the referral",
    commitment_heading: "Personal commitment letter",
    commitment_text: "I confirm that what I have entered is true, and make this commitment in place of proof of residence or work. If anything is false I accept the consequences, including repaying what the insurance fund paid.",
    commitment_text_family: "As the family member filing, I confirm that what I have entered about the patient is true, and make this commitment in place of proof of the patient's residence or work. If anything is false I accept the consequences, including repaying what the insurance fund paid.",
    commitment_agree: "I have read and agree to the commitment letter",
    emergency_note: "Emergency care needs no documents beforehand: treatment comes first.",
    label_category: "Category",
    label_destination: "Place of treatment",
    whole_province: "Whole province",
    no_end: "Valid until changed or cancelled",
    none: "None",
    step_of: "Step {n} of {total}",
    done_number: "Filing number",
    valid_until: "Valid",
    print: "Print or save this page",
};

/// The words of check answers ([`FilingText::check`]).
pub struct CheckText {
    /// Check answers, a temporary filing with no end date given: its default last day (`{date}`).
    pub end_default: &'static str,
    pub check_title: &'static str,
    /// Short labels of answers only check answers shows (the others are `FilingText`'s: the confirmation and my
    /// filings show them too).
    pub label_applicant: &'static str,
    /// The patient's name: beside the applicant's, a bare 姓名 would not say whose it is.
    pub label_patient_name: &'static str,
    pub label_chronic: &'static str,
    pub label_supplementary: &'static str,
    pub check_lead: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub submit_failed: &'static str,
    pub submit_rejected: &'static str,
    /// A filing of the same kind in effect for the ID number (`{kind}`: long-term or temporary; `{name}`: the
    /// patient's name; `{number}`: the filing's number).
    pub in_effect_title_self: &'static str,
    pub in_effect_title_family: &'static str,
    pub in_effect_title_id: &'static str,
    pub in_effect_device: &'static str,
    pub in_effect_open: &'static str,
    pub in_effect_lookup: &'static str,
    /// The check page with no answers: after a submit (back from the confirmation), or before any.
    pub submitted_title: &'static str,
    pub submitted_body: &'static str,
    pub submitted_open: &'static str,
    pub submitted_new: &'static str,
    pub empty_title: &'static str,
    pub empty_body: &'static str,
}

static CHECK_ZH: CheckText = CheckText {
    end_default: "未填写：默认半年，到 {date}",
    check_title: "核对备案信息",
    label_applicant: "办理人",
    label_patient_name: "就医人姓名",
    label_chronic: "门诊慢特病待遇资格",
    label_supplementary: "补办情况",
    check_lead: "提交前请核对。发现不对的，点“修改”。",
    submit: "提交备案",
    submitting: "正在提交……",
    submit_failed: "暂时无法连接服务器。您填写的内容都已保存在本机，请稍后再点“提交备案”，不会重复备案。",
    submit_rejected: "服务器没有接受这份备案，请按以下提示处理后再提交。",
    in_effect_title_self: "您已有一条未到期的{kind}备案",
    in_effect_title_family: "{name}已有一条未到期的{kind}备案",
    in_effect_title_id: "这个身份证号码已有一条未到期的{kind}备案",
    in_effect_device: "在本机办理的备案 {number} 还没有到期（包括还没开始的）。同一人同类备案只能有一条未到期的，提交这份会被拒绝。要改就医地或日期，请变更那条备案；不再需要的，先取消它再提交。",
    in_effect_open: "查看、变更或取消备案 {number}",
    in_effect_lookup: "用备案号查询、变更或取消备案",
    submitted_title: "这份备案已经提交",
    submitted_body: "备案号 {number}。提交后，本机上填写的内容已经清空，不会重复提交。",
    submitted_open: "查看这条备案",
    submitted_new: "为别人或另一次就医办理新的备案",
    empty_title: "还没有可以核对的备案信息",
    empty_body: "填写的内容只保存在本机上；这里还没有，请从头开始。",
};

static CHECK_EN: CheckText = CheckText {
    end_default: "Not given: half a year, until {date}",
    check_title: "Check your answers",
    label_applicant: "Filed by",
    label_patient_name: "Patient's name",
    label_chronic: "Chronic-disease qualifications",
    label_supplementary: "Supplementary filing",
    check_lead: "Check before you submit. Use Change to correct an answer.",
    submit: "Submit filing",
    submitting: "Submitting…",
    submit_failed: "We could not reach the server. Everything you entered is saved on this device: submit again in a moment; it will not be filed twice.",
    submit_rejected: "The server did not accept the filing: correct the problems below and submit again.",
    in_effect_title_self: "You already have a {kind} filing that has not ended",
    in_effect_title_family: "{name} already has a {kind} filing that has not ended",
    in_effect_title_id: "This ID number already has a {kind} filing that has not ended",
    in_effect_device: "Filing {number}, made on this device, has not ended (or not yet begun). A person can hold only one filing of each kind at a time, so this one would be refused. To change the place or dates, change that filing; if it is no longer needed, cancel it first, then submit.",
    in_effect_open: "View, change or cancel filing {number}",
    in_effect_lookup: "Look up a filing by its number to change or cancel it",
    submitted_title: "This filing has been submitted",
    submitted_body: "Filing number {number}. After submitting, the answers on this device were cleared, so nothing is sent twice.",
    submitted_open: "See this filing",
    submitted_new: "Start a new filing for someone else or another trip",
    empty_title: "There are no answers to check yet",
    empty_body: "Answers are kept on this device; there are none here yet, so start from the beginning.",
};

/// The words of the confirmation ([`FilingText::done`]).
pub struct DoneText {
    /// As check answers says it (each page has its own copy: neither reads the other's words).
    pub submitted_open: &'static str,
    /// The confirmation opened on a device that holds no copy of the filing.
    pub done_elsewhere: &'static str,
    pub done_title: &'static str,
    pub next_heading: &'static str,
    pub next_direct: &'static str,
    pub next_manual: &'static str,
    pub next_points: &'static str,
    pub next_card: &'static str,
    /// The next steps' actions: select point where the insured place asks (`required`) or offers it, else find
    /// networked institutions; this service's card; an estimate from the filing; a calendar reminder of the last
    /// valid day (`{date}`, `{days}`); the person's filings.
    pub next_points_required: &'static str,
    pub next_points_offered: &'static str,
    pub next_points_choose: &'static str,
    pub next_points_find: &'static str,
    pub next_card_open: &'static str,
    pub next_estimate: &'static str,
    pub next_estimate_open: &'static str,
    pub next_calendar: &'static str,
    pub next_calendar_add: &'static str,
    pub next_filings: &'static str,
}

static DONE_ZH: DoneText = DoneText {
    submitted_open: "查看这条备案",
    done_elsewhere: "这台设备上没有这条备案的详情（可能是在别的手机或电脑上办理的）。打开这条备案，输入就医人的身份证号码，就可以查看、变更或取消。",
    done_title: "备案成功",
    next_heading: "接下来",
    next_direct: "到就医地的跨省联网定点医疗机构就医，医保报销的部分当场结算。",
    next_manual: "已经全额付费的费用不能再直接结算：请带上票据、费用清单和出院记录，回参保地申请手工报销。",
    next_points: "看门诊或门诊慢特病的，先确认医疗机构开通了相应的跨省结算服务（选点）。",
    next_card: "入院、出院结算和门诊结算时，出示医保电子凭证或社会保障卡（持码/卡就医）。",
    next_points_required: "参保地要求在就医地选定定点医疗机构（选点），选好后才能在那里直接结算。",
    next_points_offered: "参保地允许在就医地选定定点医疗机构（选点）；不选也可以在联网机构就医。",
    next_points_choose: "选择定点医疗机构",
    next_points_find: "查找就医地的联网定点医疗机构",
    next_card_open: "查看本服务的备案卡（不能代替医保电子凭证）",
    next_estimate: "想知道这次看病医保报多少、自己付多少，可以先估算一下。",
    next_estimate_open: "用这条备案估算费用",
    next_calendar: "备案 {date} 到期。到期后还要在外地看病的，要重新备案。",
    next_calendar_add: "添加到日历（提前 {days} 天提醒）",
    next_filings: "以后在“我的备案”里查看、变更或取消这条备案",
};

static DONE_EN: DoneText = DoneText {
    submitted_open: "See this filing",
    done_elsewhere: "This device holds no details of this filing (it may have been made on another phone or computer). Open the filing and enter the patient's resident ID number to see, change or cancel it.",
    done_title: "Filing complete",
    next_heading: "What happens next",
    next_direct: "Go to a cross-provincial networked designated institution at the destination: the insurance share is settled on the spot.",
    next_manual: "What was already paid in full cannot be settled directly: take the receipts, the itemised bill and the discharge record to the insured place and claim the money back there.",
    next_points: "For outpatient or chronic-disease care, check first that the institution is networked for that service.",
    next_card: "At admission, discharge and outpatient settlement, show the medical insurance e-voucher or the social security card.",
    next_points_required: "The insured place asks you to choose designated institutions at the destination; care there settles directly once they are chosen.",
    next_points_offered: "The insured place lets you choose designated institutions at the destination; without a choice, any networked institution settles directly.",
    next_points_choose: "Choose designated institutions",
    next_points_find: "Find networked institutions at the destination",
    next_card_open: "See this service's filing card (it does not replace the medical insurance e-voucher)",
    next_estimate: "To know what the fund is likely to pay and what you pay, estimate the bill first.",
    next_estimate_open: "Estimate costs with this filing",
    next_calendar: "The filing ends on {date}. If care away from home goes on after that, file again.",
    next_calendar_add: "Add to calendar (reminder {days} days before)",
    next_filings: "See, change or cancel this filing later in My filings",
};

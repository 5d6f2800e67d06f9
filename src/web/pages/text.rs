//! The words of the home page and the guides, in Chinese and English: in their own split with their views, not in
//! the main module every page fetches.

use crate::domain::lang::Lang;
use crate::domain::route::{GuideStep, Page};

pub fn intro_text(lang: Lang) -> &'static IntroText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub struct IntroText {
    pub home: Home,
    pub steps: [Step; 3],
    pub guide_title: &'static str,
    pub guide_prepare: &'static str,
    pub guide_mistakes: &'static str,
    pub guide_next: &'static str,
    pub guide_previous: &'static str,
    /// The name of the links between the guide's steps.
    pub guide_pager: &'static str,
    pub national_source: &'static str,
}

pub struct Home {
    pub title: &'static str,
    pub lead: &'static str,
    pub start_filing: &'static str,
    pub steps_heading: &'static str,
    pub read_more: &'static str,
    pub rule_heading: &'static str,
    pub rule_body: &'static str,
    /// The way in to the estimator (`/estimate`).
    pub estimate_title: &'static str,
    pub estimate_body: &'static str,
    pub estimate_link: &'static str,
    /// The way in for a person already in hospital away from home: a filing after admission (补办).
    pub already_title: &'static str,
    pub already_body: &'static str,
    /// The home page's way into care mode, and its switch.
    pub care_offer: &'static str,
    /// The offer once care mode is on: how to turn it off.
    pub care_offer_on: &'static str,
    pub care_offer_switch: &'static str,
    pub already_link: &'static str,
}

/// One of the three steps of the journey, told briefly on the home page and in full in its guide.
pub struct Step {
    pub step: GuideStep,
    pub number: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub prepare: &'static [&'static str],
    pub mistakes: &'static [&'static str],
    /// What to do now for this step: a label and where it goes.
    pub action: (&'static str, Page),
}

static ZH: IntroText = IntroText {
    home: Home {
        title: "跨省看病，当场结算",
        lead: "在参保省以外住院、看门诊或看门诊慢特病，按三步办理，医保报销的部分在医院当场结清，不用先垫付再回参保地报销。",
        start_filing: "办理备案",
        steps_heading: "三步办理",
        read_more: "详细了解",
        rule_heading: "报多少由谁定？",
        rule_body: "“就医地目录，参保地政策”：哪些药品和项目属于医保甲类、乙类、丙类，按就医地的目录；起付标准、报销比例和最高支付限额，按参保地的政策。",
        estimate_title: "估算医保报多少",
        estimate_body: "去外地住院或看门诊前，先算一算医保基金支付多少、自己要付多少，每一步都有依据。",
        estimate_link: "开始估算",
        already_title: "已经在外地住院或急诊了？",
        already_body: "还可以补办备案：在出院结算前办好，住院费用仍可以在医院直接结算；已经全额付费的，回参保地手工报销。",
        already_link: "现在补办备案",
        care_offer: "字太小、按钮太小？",
        care_offer_on: "关怀模式已打开，再点一下就关闭：",
        care_offer_switch: "关怀模式：大字、大按钮，可以朗读",
    },
    steps: [
        Step {
            step: GuideStep::FileFirst,
            action: ("开始备案", Page::FileStart),
            number: "1",
            title: "先备案",
            summary: "出发前（或就医期间、出院结算前）向参保地医保部门登记：就医人、备案类别（长期或临时）、就医地（省或市）和起始时间。急诊抢救人员视同已备案。",
            prepare: &[
                "就医人的身份证号码和参保险种（职工医保或城乡居民医保）",
                "备案类别：异地安置退休、异地长期居住、常驻异地工作等长期类别；或异地转诊、急诊抢救等临时类别",
                "就医地：省份和城市；直辖市本身就是一个城市",
                "个人承诺书可以代替居住或工作证明；转诊需要参保地定点医疗机构的转诊意见",
            ],
            mistakes: &[
                "备案到了错误的城市或层级：备案到某市只覆盖该市的联网定点医疗机构",
                "选错备案类别：临时外出就医的报销比例可能比长期居住低",
                "临时备案在住院期间过期：临时备案有效期不少于6个月，出发前先看清有效期",
                "出院后才补办备案：已经全额付费的，只能回参保地手工报销",
            ],
        },
        Step {
            step: GuideStep::SelectPoint,
            action: ("查找联网定点医疗机构", Page::Points),
            number: "2",
            title: "再选点",
            summary: "备案后，就医地所有跨省联网定点医疗机构都能直接结算住院费用。普通门诊和门诊慢特病，要去开通了相应跨省结算服务的机构。",
            prepare: &[
                "就医地的跨省联网定点医疗机构名单（住院、普通门诊、门诊慢特病分别开通）",
                "看门诊慢特病的，先在参保地取得该病种的门诊慢特病待遇资格",
                "部分参保地要求指定医疗机构（例如门诊慢特病），按参保地的要求选择",
            ],
            mistakes: &[
                "医院开通了住院结算，却没开通门诊或慢特病结算：去之前确认所需的服务",
                "跨省直接结算的门诊慢特病目前为5种：高血压、糖尿病、恶性肿瘤门诊放化疗、尿毒症透析、器官移植术后抗排异治疗",
            ],
        },
        Step {
            step: GuideStep::CodeCard,
            action: ("我的备案和备案卡", Page::Filings),
            number: "3",
            title: "持码/卡就医",
            summary: "入院登记、出院结算和门诊结算时，出示医保电子凭证（会刷新的二维码）或社会保障卡，并说明是跨省异地就医。",
            prepare: &[
                "手机上的医保电子凭证，或社会保障卡",
                "入院时：告诉医院已经办理跨省异地就医备案",
                "出院结算或门诊结算时：再次出示凭证，医保应付的部分当场结算",
            ],
            mistakes: &[
                "入院时没有说明异地就医，按自费办理了入院",
                "二维码截图会过期：结算时打开医保电子凭证，出示实时二维码",
            ],
        },
    ],
    guide_title: "办理指南",
    guide_prepare: "需要准备",
    guide_mistakes: "容易出错的地方",
    guide_next: "下一步",
    guide_previous: "上一步",
    guide_pager: "办理指南的三步",
    national_source: "国家医疗保障局、财政部《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号，2022年7月）及其政策问答",
};

static EN: IntroText = IntroText {
    home: Home {
        title: "Treated in another province, settled on the spot",
        lead: "For a hospital stay, an outpatient visit or an outpatient chronic disease outside the province where you are insured: follow three steps and the insurance share is settled at the hospital, with no paying in full and claiming back at home.",
        start_filing: "File for care away from home",
        steps_heading: "Three steps",
        read_more: "Read more",
        rule_heading: "Who decides how much is paid?",
        rule_body: "\u{201c}The directory of the place of treatment, the policy of the insured place\u{201d}: the directory where you are treated decides which drugs and services are Class A, B or C; the deductible, the payment ratio and the annual cap follow the policy where you are insured.",
        estimate_title: "Estimate what the fund pays",
        estimate_body: "Before a trip, or while a parent is in hospital in another province: what the fund pays and what the family pays, with every step and its source.",
        estimate_link: "Start an estimate",
        already_title: "Already in hospital or treated as an emergency away from home?",
        already_body: "You can still file: filed before the discharge settlement, the stay is settled directly at the hospital; what was already paid in full is claimed back at the insured place.",
        already_link: "File now, after admission",
        care_offer: "Text or buttons too small?",
        care_offer_on: "Care mode is on; press again to turn it off:",
        care_offer_switch: "Care mode: large text, large buttons, read aloud",
    },
    steps: [
        Step {
            step: GuideStep::FileFirst,
            action: ("Start a filing", Page::FileStart),
            number: "1",
            title: "File first",
            summary: "Before you go (or during treatment, before discharge settlement), register the trip with the insured place: who, the filing category (long-term or temporary), where to (province or city) and from when. Emergency care counts as filed.",
            prepare: &[
                "The patient's resident ID number and insurance scheme (employee or urban-rural resident)",
                "The category: long-term (resettled retiree, long-term resident, staff posted to another province) or temporary (referral, emergency, other)",
                "The destination: province and city; a municipality is a city of its own",
                "A personal commitment letter can replace proof of residence or work; a referral needs the referring designated institution",
            ],
            mistakes: &[
                "Filing to the wrong city or level: a filing to a city covers that city's networked institutions only",
                "Choosing the wrong category: temporary trips may be paid at a lower ratio than long-term residence",
                "A temporary filing that expires during a stay: it lasts at least 6 months; check the dates before you go",
                "Filing only after discharge: once you have paid in full, you can only claim the money back at the insured place",
            ],
        },
        Step {
            step: GuideStep::SelectPoint,
            action: ("Find networked institutions", Page::Points),
            number: "2",
            title: "Choose designated hospitals",
            summary: "Once filed, every cross-provincial networked designated institution at the destination settles inpatient costs directly. General outpatient care and outpatient chronic diseases need an institution networked for that service.",
            prepare: &[
                "The destination's networked designated institutions (inpatient, general outpatient and chronic diseases are networked separately)",
                "For an outpatient chronic disease: the treatment qualification for that disease at the insured place first",
                "Some insured places ask you to name institutions (for chronic diseases, for example): follow their rule",
            ],
            mistakes: &[
                "A hospital networked for inpatient care but not for outpatient or chronic-disease settlement: check the service before you go",
                "Five outpatient chronic diseases settle across provinces: hypertension, diabetes, outpatient cancer radiotherapy and chemotherapy, uremia dialysis, anti-rejection treatment after an organ transplant",
            ],
        },
        Step {
            step: GuideStep::CodeCard,
            action: ("My filings and filing cards", Page::Filings),
            number: "3",
            title: "Seek care with code or card",
            summary: "At admission, discharge settlement and outpatient settlement, show the medical insurance e-voucher (a QR code that refreshes) or the social security card, and say you are filed for care away from home.",
            prepare: &[
                "The medical insurance e-voucher on your phone, or your social security card",
                "At admission: tell the hospital you have filed for cross-provincial care",
                "At discharge or outpatient settlement: show the code or card again; the insurance share is settled on the spot",
            ],
            mistakes: &[
                "Not saying so at admission, and being admitted as a self-paying patient",
                "A screenshot of the QR code expires: open the e-voucher and show the live code",
            ],
        },
    ],
    guide_title: "Guide",
    guide_prepare: "What you need",
    guide_mistakes: "Where people go wrong",
    guide_next: "Next step",
    guide_previous: "Previous step",
    guide_pager: "The guide's three steps",
    national_source: "National Healthcare Security Administration and Ministry of Finance, Notice on further improving direct settlement of basic medical insurance for cross-provincial care (Yibaofa [2022] No. 22, July 2022) and its policy Q&A",
};

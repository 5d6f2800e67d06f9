//! The card page's words, in Chinese and English.

use crate::domain::lang::Lang;

pub fn text(lang: Lang) -> &'static CardText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub struct CardText {
    pub title: &'static str,
    /// Under the heading: this card is the service's, and the official e-voucher or card is still what settles.
    pub not_voucher: &'static str,
    /// The filing was cancelled: no card, and what to do instead.
    pub cancelled: &'static str,
    pub qr_label: &'static str,
    pub refreshes_in: &'static str,
    pub seconds: &'static str,
    pub refreshing: &'static str,
    pub offline_as_of: &'static str,
    pub offline_note: &'static str,
    pub stale_overlay: &'static str,
    pub offline_overlay: &'static str,
    pub offline_short: &'static str,
    pub open_lead: &'static str,
    pub show_card: &'static str,
    pub points: &'static str,
    pub checklist_heading: &'static str,
    pub checklist: [(&'static str, &'static str); 3],
    /// Why the filing cannot be settled today, by its state (`cancelled` above); `{date}` is the day it starts or
    /// ended.
    pub not_yet: &'static str,
    pub expired: &'static str,
}

static ZH: CardText = CardText {
    title: "备案卡",
    not_voucher: "这是本服务的备案卡，方便医院核对您的跨省异地就医备案。它不能代替医保电子凭证或社会保障卡：入院、出院和门诊结算时仍要出示它们。",
    cancelled: "这条备案已经取消，不能再凭它就医结算。还要在外地看病的，请重新办理备案。",
    qr_label: "备案卡二维码，给医院工作人员核对备案",
    refreshes_in: "二维码",
    seconds: "秒后刷新",
    refreshing: "正在刷新……",
    offline_as_of: "离线，截至 ",
    offline_note: "现在没有网络：这是上次取得的备案卡，可能已经失效。联网后会自动刷新，请刷新后再出示。",
    stale_overlay: "已过期，正在刷新",
    offline_overlay: "离线：联网刷新后再出示",
    offline_short: "离线，二维码不能刷新",
    open_lead: "输入就医人的身份证号码，显示备案卡。",
    show_card: "显示备案卡",
    points: "定点医疗机构：",
    checklist_heading: "就医时怎么说",
    checklist: [
        (
            "入院登记时",
            "出示医保电子凭证或社会保障卡，说明“已办理跨省异地就医备案”。",
        ),
        (
            "出院结算时",
            "再次出示凭证，医保报销部分当场结算，只付个人负担部分。",
        ),
        (
            "门诊结算时",
            "出示凭证；看门诊慢特病的，说明病种并确认医院开通了该病种的跨省结算。",
        ),
    ],
    not_yet: "这份备案 {date} 起生效，在那之前不能直接结算。",
    expired: "这份备案已于 {date} 到期，不能再直接结算。",
};

static EN: CardText = CardText {
    title: "Filing card",
    not_voucher: "This card is Yidi's record of the filing, for the hospital to check the cross-provincial filing. It does not replace the medical insurance e-voucher or the social security card: show those at admission, discharge and outpatient settlement.",
    cancelled: "This filing was cancelled, so care cannot be settled with it. If care away from home is still needed, file again.",
    qr_label: "Filing card QR code, for hospital staff to check the filing",
    refreshes_in: "The code refreshes in",
    seconds: "s",
    refreshing: "Refreshing…",
    offline_as_of: "Offline, as of ",
    offline_note: "No network now: this is the last code fetched and it may have expired. It refreshes by itself when you are back online; show it after it has refreshed.",
    stale_overlay: "Expired: refreshing",
    offline_overlay: "Offline: refresh online before showing",
    offline_short: "Offline: the code cannot refresh",
    open_lead: "Enter the patient's resident ID number to get the filing card.",
    show_card: "Get the filing card",
    points: "Designated institutions: ",
    checklist_heading: "What to show and say",
    checklist: [
        (
            "At admission",
            "Show the e-voucher or social security card and say you have filed for cross-provincial care.",
        ),
        (
            "At discharge settlement",
            "Show it again: the insurance share is settled on the spot; you pay only your own share.",
        ),
        (
            "At outpatient settlement",
            "Show it; for a chronic disease, name the disease and check the hospital is networked for it.",
        ),
    ],
    not_yet: "This filing takes effect on {date}; until then it cannot be settled directly.",
    expired: "This filing expired on {date}; it can no longer be settled directly.",
};

//! The one translation layer: every string the person sees, typed, in Chinese and English.
//!
//! A `Strings` struct per language rather than a key lookup: a missing translation is a compile error,
//! and the wasm carries only the literals themselves.

use leptos::prelude::*;

use crate::domain::lang::Lang;

const STORAGE_KEY: &str = "yidi.lang";

/// The language of the page, provided once at the root.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The strings of the current language (tracked: a view that reads them follows a switch).
    pub fn t(self) -> &'static Strings {
        strings(self.lang.get())
    }
}

/// Reads the remembered choice (Chinese when there is none), provides it, and remembers every change.
pub fn provide_i18n() -> I18n {
    let stored = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .or_else(told_the_server);
    let i18n = I18n {
        lang: RwSignal::new(stored.unwrap_or_default()),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        remember_for_the_server(lang);
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The server writes a page's first paint in the language of this cookie (src/server/static_files.rs): it cannot
/// read localStorage, where the choice is kept for the app.
fn remember_for_the_server(lang: Lang) {
    use wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            Lang::COOKIE,
            lang.code()
        );
        let _ = document.set_cookie(&cookie);
    }
}

/// The language the server wrote the first paint in, when this device has no choice of its own stored.
fn told_the_server() -> Option<Lang> {
    use wasm_bindgen::JsCast;
    let cookies = document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()?;
    Lang::from_cookies(&cookies)
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub struct Strings {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub skip_to_content: &'static str,
    /// The name of the other language, in that language, for the switch.
    pub switch_to_other: &'static str,
    pub switch_label: &'static str,
    /// The care mode switch (关怀模式: large type, high contrast, large targets), a toggle button.
    pub care_switch: &'static str,
    /// Care mode's button that reads the page aloud, and its words while reading.
    pub read_aloud: &'static str,
    pub read_aloud_stop: &'static str,
    pub nav_label: &'static str,
    pub breadcrumb_label: &'static str,
    pub nav_home: &'static str,
    pub nav_my_filings: &'static str,
    pub footer_note: &'static str,
    pub back_home: &'static str,
    pub source_label: &'static str,
    /// `：` in Chinese, `: ` in English.
    pub colon: &'static str,
    pub form: Form,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    /// While a page's data files load.
    pub data_loading: &'static str,
    /// A data file did not load: `{files}` names it.
    pub data_failed: &'static str,
    pub page_failed_title: &'static str,
    pub page_failed: &'static str,
    pub data_retry: &'static str,
}

/// Words every form uses.
pub struct Form {
    pub error_summary_title: &'static str,
    /// Read before each field's message, and before the page title when the page has errors.
    pub error_prefix: &'static str,
    pub continue_: &'static str,
    pub back: &'static str,
    pub change: &'static str,
    pub select_placeholder: &'static str,
}

static ZH: Strings = Strings {
    app_name: "异地就医",
    app_tagline: "跨省直接结算助手",
    skip_to_content: "跳到正文",
    switch_to_other: "English",
    switch_label: "Switch to English",
    care_switch: "关怀模式",
    read_aloud: "朗读本页",
    read_aloud_stop: "停止朗读",
    nav_label: "主导航",
    breadcrumb_label: "当前位置",
    nav_home: "首页",
    nav_my_filings: "我的备案",
    footer_note: "本站帮助您办理跨省异地就医直接结算。政策以参保地医保部门公布为准。",
    back_home: "返回首页",
    source_label: "依据",
    colon: "：",
    form: Form {
        error_summary_title: "请修改以下内容",
        error_prefix: "错误：",
        continue_: "继续",
        back: "返回",
        change: "修改",
        select_placeholder: "请选择",
    },
    not_found_title: "找不到这个页面",
    not_found_body: "您输入的地址可能有误，或者页面已经移动。",
    data_loading: "正在载入数据……",
    data_failed: "{files}没有载入。请检查网络连接，然后点“重新载入”。您已经填写的内容都还在。",
    page_failed_title: "页面没有载入",
    page_failed: "这个页面的程序没能下载。请检查网络连接，然后点“重新载入”。您已经填写的内容都还在。",
    data_retry: "重新载入",
};

static EN: Strings = Strings {
    app_name: "Yidi",
    app_tagline: "Cross-provincial direct settlement",
    skip_to_content: "Skip to main content",
    switch_to_other: "中文",
    switch_label: "切换到中文",
    care_switch: "Care mode",
    read_aloud: "Read this page aloud",
    read_aloud_stop: "Stop reading",
    nav_label: "Main navigation",
    breadcrumb_label: "Breadcrumb",
    nav_home: "Home",
    nav_my_filings: "My filings",
    footer_note: "Yidi helps you settle medical care in another province directly. The policy of your insured place is what counts.",
    back_home: "Back to the home page",
    source_label: "Source",
    colon: ": ",
    form: Form {
        error_summary_title: "There is a problem",
        error_prefix: "Error: ",
        continue_: "Continue",
        back: "Back",
        change: "Change",
        select_placeholder: "Select",
    },
    not_found_title: "Page not found",
    not_found_body: "The address may be mistyped, or the page may have moved.",
    data_loading: "Loading the data…",
    data_failed: "The {files} did not load. Check your connection, then choose “Load again”. Everything you have entered is still here.",
    page_failed_title: "The page did not load",
    page_failed: "The code of this page did not download. Check your connection, then choose “Load again”. Everything you have entered is still here.",
    data_retry: "Load again",
};

//! The languages the product speaks: Simplified Chinese first, English second.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The cookie in which the browser app tells the server the chosen language, so that the first paint of a
    /// page (written by the server) is in it too.
    pub const COOKIE: &'static str = "yidi-lang";

    /// The language named in a `Cookie` header (or `document.cookie`): `a=1; yidi-lang=en`.
    pub fn from_cookies(cookies: &str) -> Option<Lang> {
        cookie(cookies, Lang::COOKIE).and_then(Lang::from_code)
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Between the items of a list in running text: 、 in Chinese, a comma in English.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::Zh => "、",
            Lang::En => ", ",
        }
    }

    /// Reads a stored or typed code (`zh`, `zh-CN`, `en`, `en-GB`); anything else is not a language we speak.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of an API answer from an `Accept-Language` header: English when its first choice is
    /// English, else Chinese (the product's first language, also for a missing header).
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        header
            .and_then(|value| value.split([',', ';']).next())
            .and_then(|first| Lang::from_code(first.trim()))
            .unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_with_regions() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn answers_in_the_first_choice_of_accept_language() {
        assert_eq!(Lang::from_accept_language(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some(" en")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("zh-CN,en;q=0.5")), Lang::Zh);
        assert_eq!(Lang::from_accept_language(Some("fr,en;q=0.5")), Lang::Zh);
        assert_eq!(Lang::from_accept_language(None), Lang::Zh);
    }
}

/// 关怀模式 (care mode): large type, high contrast and large targets for older people, chosen in the header and
/// kept in this cookie, so that the server writes each page's first paint in it too (`class="care"` on `<html>`).
pub const CARE_COOKIE: &str = "yidi-care";

/// Whether a `Cookie` header (or `document.cookie`) asks for care mode: `yidi-care=1`.
pub fn care_from_cookies(cookies: &str) -> bool {
    cookie(cookies, CARE_COOKIE) == Some("1")
}

/// The value of the cookie `name` in a `Cookie` header (or `document.cookie`): `a=1; yidi-lang=en`.
fn cookie<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod care_tests {
    use super::*;

    #[test]
    fn care_mode_is_read_from_its_cookie_only() {
        assert!(care_from_cookies("yidi-lang=en; yidi-care=1"));
        assert!(!care_from_cookies("yidi-care=0"));
        assert!(!care_from_cookies("xyidi-care=1; yidi-lang=zh"));
        assert!(!care_from_cookies(""));
    }
}

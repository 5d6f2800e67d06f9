//! Text a client sent, cut to a length fit for a log line or an answer: a path may be tens of kilobytes long.

use std::borrow::Cow;

/// How many characters of such text are kept.
pub const KEPT_CHARS: usize = 128;

/// `text` itself when it is at most [`KEPT_CHARS`] characters; else its first ones and `…(N bytes)`, its whole
/// length.
pub fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(KEPT_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…({} bytes)", &text[..end], text.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole_and_long_text_is_cut_with_its_length() {
        assert_eq!(cut("/api/health"), "/api/health");
        let exactly = format!("/{}", "a".repeat(KEPT_CHARS - 1));
        assert!(matches!(cut(&exactly), Cow::Borrowed(_)));
        let long = format!("/{}", "a".repeat(10 * 1024));
        let cut_long = cut(&long);
        assert_eq!(
            cut_long,
            format!("/{}…(10241 bytes)", "a".repeat(KEPT_CHARS - 1))
        );
        // Characters, not bytes: a cut never splits one.
        let wide = "路".repeat(200);
        assert_eq!(
            cut(&wide),
            format!("{}…(600 bytes)", "路".repeat(KEPT_CHARS))
        );
    }
}

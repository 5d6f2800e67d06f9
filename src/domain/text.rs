//! Free text people type (names, an institution's name): which characters it may not hold.
//!
//! The rule refuses what a person reading the answer cannot see, and so could neither check nor type back: control
//! and format characters, line breaks, and a value made only of blanks. Everything that shows is kept, whatever its
//! script: rare characters of CJK extensions B to H (outside the BMP), any middle dot people type between the parts
//! of an ethnic-minority name (`·` U+00B7, `・` U+30FB, `•` U+2022, `･` U+FF65: all visible, so none is refused;
//! which one a record holds is for the insurer's matching, not for this check), and the private-use characters some
//! systems encode rare name characters with. Unassigned code points are kept too, so that characters of a future
//! Unicode version are not refused. The tables are written out here (Unicode 16.0) to keep the wasm build small.

/// General_Category=Cf (format characters), Unicode 16.0: bidi controls (U+061C, U+200E/F, U+202A-202E,
/// U+2066-2069), zero-width characters (U+200B-200D, U+2060-2064), the BOM (U+FEFF), the soft hyphen (U+00AD),
/// interlinear annotation marks, tag characters (U+E0001, U+E0020-E007F) and others.
const FORMAT: [(char, char); 21] = [
    ('\u{ad}', '\u{ad}'),
    ('\u{600}', '\u{605}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{70f}', '\u{70f}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
];

/// Characters that show nothing on their own and are not format characters: the other Default_Ignorable_Code_Point
/// characters (Hangul fillers U+115F, U+1160, U+3164, U+FFA0 (Lo); the combining grapheme joiner U+034F, Khmer
/// inherent vowels U+17B4-17B5, Mongolian variation selectors U+180B-180D, U+180F, the variation selectors
/// U+FE00-FE0F, U+E0100-E01EF (Mn); the unassigned U+2065, U+FFF0-FFF8 and the rest of U+E0000-E0FFF) and the
/// Braille blank U+2800 (So). Beside characters that show they are kept: a variation selector picks the glyph of
/// a rare name character (an ideographic variation sequence).
const BLANK: [(char, char); 11] = [
    ('\u{34f}', '\u{34f}'),
    ('\u{115f}', '\u{1160}'),
    ('\u{17b4}', '\u{17b5}'),
    ('\u{180b}', '\u{180f}'),
    ('\u{2065}', '\u{2065}'),
    ('\u{2800}', '\u{2800}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{fe00}', '\u{fe0f}'),
    ('\u{ffa0}', '\u{ffa0}'),
    ('\u{fff0}', '\u{fff8}'),
    ('\u{e0000}', '\u{e0fff}'),
];

fn in_table(table: &[(char, char)], c: char) -> bool {
    table
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

/// The ASCII form of a full-width character (`０`-`９`, `Ｘ`, the ideographic space U+3000), as a Chinese input
/// method types digits in full-width mode; any other character unchanged. ID numbers and phones are read through it,
/// so `１１０１…` is the same number as `1101…`.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// `c` in lower case where it is a Latin capital of ASCII or Latin-1 (`A`-`Z`, `À`-`Þ` but `×`): what place names
/// and pinyin hold (Xi'an, Lüliang, Ürümqi). Anything else is kept as it is. `char::to_lowercase` would do the same
/// for these and more, but brings Unicode's case tables (about 12 KB) into every wasm module that calls it.
pub fn latin_lowercase(c: char) -> char {
    match c {
        'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => {
            char::from_u32(u32::from(c) + 0x20).unwrap_or(c)
        }
        _ => c,
    }
}

/// `text` with its first letter a capital where it is an ASCII letter (wuhan, Wuhan; deductible, Deductible).
/// Chinese has no case; `char::to_uppercase` would bring Unicode's case tables.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// A character no free text may hold: a control character (Cc: C0, DEL, C1), a format character (Cf), a line
/// or paragraph separator (Zl U+2028, Zp U+2029), or a noncharacter (U+FDD0-FDEF and the last two of each plane),
/// which Unicode keeps for a program's internal use.
pub fn is_hidden(c: char) -> bool {
    let noncharacter = ('\u{fdd0}'..='\u{fdef}').contains(&c) || u32::from(c) & 0xfffe == 0xfffe;
    c.is_control() || in_table(&FORMAT, c) || matches!(c, '\u{2028}' | '\u{2029}') || noncharacter
}

/// A character that shows nothing on its own: white space (Unicode White_Space) or a character of the `BLANK` table.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || in_table(&BLANK, c)
}

/// Whether a person reading `text` sees all of it: it holds no hidden character and at least one that shows.
/// Blank text is not legible either; a caller that asks for an answer reports it as missing first.
pub fn is_legible(text: &str) -> bool {
    !text.chars().any(is_hidden) && text.chars().any(|c| !is_blank(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_capitals_are_lowered_as_unicode_lowers_them() {
        for c in ('\0'..='\u{ff}').chain(['Ā', 'Ǖ', 'Ａ', '吕']) {
            let unicode: Vec<char> = c.to_lowercase().collect();
            if c.is_ascii() || ('\u{c0}'..='\u{de}').contains(&c) {
                assert_eq!(vec![latin_lowercase(c)], unicode, "U+{:04X}", u32::from(c));
            } else {
                assert_eq!(latin_lowercase(c), c, "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn only_an_ascii_first_letter_becomes_a_capital() {
        assert_eq!(capitalised("wuhan"), "Wuhan");
        assert_eq!(capitalised("payment ratio"), "Payment ratio");
        assert_eq!(capitalised("ürümqi"), "ürümqi");
        assert_eq!(capitalised("起付标准"), "起付标准");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn the_tables_are_sorted_and_do_not_overlap() {
        for table in [&FORMAT[..], &BLANK[..]] {
            for pair in table.windows(2) {
                assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
            }
        }
    }

    #[test]
    fn control_format_and_separator_characters_are_hidden() {
        let hidden = concat!(
            "\0\u{7}\t\n\r\u{1b}\u{7f}\u{80}\u{85}\u{9f}",
            "\u{ad}\u{61c}\u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{202a}\u{202e}\u{2060}\u{2064}",
            "\u{2066}\u{2069}\u{feff}\u{fffb}\u{e0001}\u{e0041}\u{e007f}",
            "\u{2028}\u{2029}",
            "\u{fdd0}\u{fffe}\u{ffff}\u{2fffe}\u{10ffff}",
        );
        for c in hidden.chars() {
            assert!(is_hidden(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn what_shows_is_not_hidden() {
        let shown = "aZ 王𠀀𪚥\u{30000}\u{323af}·・•･\u{e000}\u{f8ff}\u{f0000}\u{10fffd}\u{3000}\u{fe0f}\u{e0100}é😀\u{fffd}";
        for c in shown.chars() {
            assert!(!is_hidden(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn text_of_blanks_alone_is_not_legible() {
        for text in [
            "",
            " ",
            "\u{3164}",
            "\u{3164}\u{3164}",
            "\u{115f}\u{1160}",
            "\u{ffa0}",
            "\u{2800}",
            "\u{3000}\u{fe0f}",
            "\u{34f}",
        ] {
            assert!(!is_legible(text), "{text:?}");
        }
        for text in ["王\u{3164}", "葛\u{e0100}", "张 三", "\u{e000}"] {
            assert!(is_legible(text), "{text:?}");
        }
    }
}

//! A calendar reminder (iCalendar, RFC 5545) of the last day a temporary filing is valid, so a person still away
//! from home re-files before care stops settling directly.

use chrono::NaiveDate;

use crate::domain::day;
use crate::domain::filing::FilingView;
use crate::domain::lang::Lang;

/// Days before the last valid day the reminder rings.
pub const REMIND_DAYS_BEFORE: u32 = 7;

/// The `.ics` text of an all-day event on the filing's last valid day, with an alarm [`REMIND_DAYS_BEFORE`] days
/// earlier; `None` for a filing with no last day (long-term, until changed or cancelled). `stamp` is when the
/// reminder is made (`DTSTAMP`, UTC, `20261205T101500Z`).
pub fn expiry_reminder(filing: &FilingView, lang: Lang, stamp: &str) -> Option<String> {
    let last = filing.valid_until?;
    let day_after = last.succ_opt()?;
    let (summary, description) = match lang {
        Lang::Zh => (
            format!("跨省异地就医备案 {} 今天到期", filing.number),
            format!(
                "备案 {} 的有效期到 {last} 为止。到期后还要在外地看病的，请在到期前重新办理备案，才能继续直接结算。",
                filing.number
            ),
        ),
        Lang::En => (
            format!("Cross-provincial care filing {} ends today", filing.number),
            format!(
                "Filing {} is valid until {last}. If care away from home goes on after that, file again before it \
                 ends so that bills keep settling on the spot.",
                filing.number
            ),
        ),
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Yidi//filing reminder//EN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}-valid-until@yidi", filing.number),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", ical_date(last)),
        format!("DTEND;VALUE=DATE:{}", ical_date(day_after)),
        format!("SUMMARY:{}", escape(&summary)),
        format!("DESCRIPTION:{}", escape(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(&summary)),
        format!("TRIGGER:-P{REMIND_DAYS_BEFORE}D"),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    Some(lines.iter().map(|line| fold(line)).collect())
}

fn ical_date(day: NaiveDate) -> String {
    day::compact(day)
}

/// TEXT escaping (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// One content line, folded so no line is over 75 octets (3.1), never inside a character, ended by CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::FilingCategory;
    use crate::domain::filing::{FilingState, sample_view};

    fn filing(category: FilingCategory) -> FilingView {
        sample_view(
            "YD2612ABCDEF01",
            "11010519491231002X",
            category,
            FilingState::InEffect,
        )
    }

    /// The content lines with folding undone, as a calendar reads them.
    fn unfolded(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_temporary_filing_gets_an_all_day_event_on_its_last_day_that_rings_a_week_before() {
        let ics = expiry_reminder(
            &filing(FilingCategory::Referral),
            Lang::Zh,
            "20261205T101500Z",
        )
        .unwrap();
        let lines = unfolded(&ics);
        for expected in [
            "BEGIN:VCALENDAR",
            "UID:YD2612ABCDEF01-valid-until@yidi",
            "DTSTAMP:20261205T101500Z",
            "DTSTART;VALUE=DATE:20270531",
            "DTEND;VALUE=DATE:20270601",
            "SUMMARY:跨省异地就医备案 YD2612ABCDEF01 今天到期",
            "TRIGGER:-P7D",
            "END:VCALENDAR",
        ] {
            assert!(lines.iter().any(|l| l == expected), "{expected} in {ics}");
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.split("\r\n").all(|line| line.len() <= 75), "{ics}");
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn english_text_is_escaped_and_a_long_term_filing_has_no_reminder() {
        let ics = expiry_reminder(
            &filing(FilingCategory::Emergency),
            Lang::En,
            "20261205T101500Z",
        )
        .unwrap();
        let lines = unfolded(&ics);
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:Filing"))
            .unwrap();
        assert!(description.contains("that\\, file again"), "{description}");
        assert_eq!(
            expiry_reminder(
                &filing(FilingCategory::ResettledRetiree),
                Lang::Zh,
                "20261205T101500Z"
            ),
            None
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "异".repeat(60));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }
}

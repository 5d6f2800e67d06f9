//! The policy data as the browser gets it (`yidi policy browser`, written to `dist/data/policy.json` by
//! `scripts/build-web.sh`): the same figures, sources and dates, without the words kept for the people who check
//! the data. Each figure's `quote` (the source's own words, which `yidi policy check` compares with the figure) and
//! the `note`s on figures and rules are read by no page, yet were 45 % of the file the estimator fetches. So are
//! the places' `gaps` (what the researchers did not find, in their words: the estimator says what is missing from the
//! figures themselves) and the file's `about`: another 1.5 KB of brotli.
//! A source's note stays where the source has no date: it stands in for the date, which the browser's own check
//! asks for. Beside a date no page reads it (0.5 KB).

use serde_json::Value;

use super::PolicyData;

/// Keys left out of the browser's copy, everywhere but in `sources`.
const FOR_CHECKERS: [&str; 3] = ["quote", "note", "gaps"];

/// `data` without its checkers' words, compact.
pub fn browser_copy(data: &PolicyData) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(data)?;
    if let Value::Object(top) = &mut value {
        top.remove("about");
        for (key, part) in top.iter_mut() {
            if key != "sources" {
                leave_out(part);
            } else if let Value::Object(sources) = part {
                for source in sources.values_mut().filter_map(Value::as_object_mut) {
                    if source.contains_key("date") {
                        source.remove("note");
                    }
                }
            }
        }
    }
    serde_json::to_string(&value)
}

fn leave_out(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.retain(|key, _| !FOR_CHECKERS.contains(&key.as_str()));
            fields.values_mut().for_each(leave_out);
        }
        Value::Array(items) => items.iter_mut().for_each(leave_out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PolicyData {
        let text = std::fs::read_to_string("public/data/policy.json").unwrap();
        PolicyData::from_json(&text).unwrap()
    }

    #[test]
    fn the_browser_reads_every_figure_with_its_source_and_none_of_the_checkers_words() {
        let full = shipped();
        let copy = browser_copy(&full).unwrap();
        let read =
            PolicyData::read(&copy).expect("the browser's reader takes the copy, checks included");
        let (before, after) = (full.figures(), read.figures());
        assert_eq!(before.len(), after.len());
        assert!(
            before.iter().any(|f| f.quote.is_some()) && before.iter().any(|f| f.note.is_some())
        );
        assert!(full.insured_places.iter().any(|p| !p.gaps.is_empty()) && full.about.is_some());
        assert!(read.insured_places.iter().all(|p| p.gaps.is_empty()));
        assert!(read.treatment_places.iter().all(|p| p.gaps.is_empty()));
        assert_eq!(read.about, None);
        for (was, is) in before.iter().zip(&after) {
            assert_eq!(
                (&was.path, was.source, was.verified),
                (&is.path, is.source, is.verified)
            );
            assert_eq!(
                (was.corroborated_by, was.scope_note),
                (is.corroborated_by, is.scope_note)
            );
            assert_eq!(was.stated, is.stated, "{}", was.path);
            assert_eq!((is.quote, is.note), (None, None), "{}", is.path);
        }
        assert_eq!(read.sources.len(), full.sources.len());
        for (id, was) in &full.sources {
            let is = &read.sources[id];
            let mut kept = was.clone();
            if was.date.is_some() {
                kept.note = None;
            }
            assert_eq!(is, &kept, "{id}");
        }
        assert!(read.sources.values().any(|s| s.note.is_some()));
        assert!(
            full.sources
                .values()
                .any(|s| s.note.is_some() && s.date.is_some())
        );
        assert!(copy.len() * 10 < serde_json::to_string(&full).unwrap().len() * 6);
    }

    #[test]
    fn a_figure_keeps_its_value_source_and_date_and_loses_its_quote_and_note() {
        let full = serde_json::to_value(shipped()).unwrap();
        let copy: Value = serde_json::from_str(&browser_copy(&shipped()).unwrap()).unwrap();
        let (was, is) = (
            &full["insured_places"][0]["rules"][0],
            &copy["insured_places"][0]["rules"][0],
        );
        assert!(was["deductible"]["quote"].is_string() && was["deductible"]["note"].is_string());
        assert_eq!(is["deductible"]["quote"], Value::Null);
        assert_eq!(is["deductible"]["note"], Value::Null);
        assert_eq!(is["note"], Value::Null);
        for kept in ["value", "source", "verified", "scope_note"] {
            assert_eq!(is["deductible"][kept], was["deductible"][kept], "{kept}");
        }
        assert_eq!(is["effective_from"], was["effective_from"]);
    }
}

//! The regions file as the browser gets it (`yidi regions browser`, written to `dist/data/regions.json` by
//! `scripts/build-web.sh`): every province and city, without the fields the browser's reader gives back by rule.
//! A city's province code is its code's first two digits and `0000`; most short names are the name without its last
//! 省/市/地区…; most English names are the pinyin with a capital. A field is left out only where its rule gives the
//! very same text, and the copy is read back as the same [`Regions`] before it is printed.

use serde_json::{Map, Value};

use super::{Regions, capitalised, plain_short_name, province_of};

/// The regions file in `text` without its derivable fields, compact; an error if the file does not pass the app's
/// checks, or if the copy would not read as the same regions.
pub fn browser_copy(text: &str) -> Result<String, String> {
    let full = Regions::from_json(text).map_err(|e| e.to_string())?;
    let mut value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    for list in ["provinces", "cities"] {
        let entries = value
            .get_mut(list)
            .and_then(Value::as_array_mut)
            .ok_or_else(|| format!("no {list} list"))?;
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            leave_out_derivable(entry);
        }
    }
    let copy = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    match Regions::read(&copy) {
        Ok(read) if read == full => Ok(copy),
        Ok(_) => Err("the copy would read as other regions".to_owned()),
        Err(error) => Err(format!("the browser's reader refuses the copy: {error}")),
    }
}

fn leave_out_derivable(entry: &mut Map<String, Value>) {
    let text = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or_default();
    let derived = [
        ("s", plain_short_name(text("n")).to_owned()),
        ("en", capitalised(text("p"))),
        ("pc", province_of(text("c"))),
    ];
    for (key, value) in derived {
        if entry.get(key).and_then(Value::as_str) == Some(value.as_str()) {
            entry.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> String {
        std::fs::read_to_string("public/data/regions.json").unwrap()
    }

    #[test]
    fn the_browser_reads_the_copy_as_the_same_regions() {
        let text = shipped();
        let copy = browser_copy(&text).unwrap();
        assert_eq!(
            Regions::read(&copy).unwrap(),
            Regions::from_json(&text).unwrap()
        );
        // The browser's copy is not one the server's strict reader takes: the fields are really gone.
        assert!(Regions::from_json(&copy).is_err());
        assert!(
            copy.len() * 10 < text.len() * 8,
            "{} of {}",
            copy.len(),
            text.len()
        );
    }

    #[test]
    fn only_a_field_its_rule_gives_back_is_left_out() {
        let copy: Value = serde_json::from_str(&browser_copy(&shipped()).unwrap()).unwrap();
        let entry = |list: &str, code: &str| {
            copy[list]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["c"] == code)
                .unwrap()
                .clone()
        };
        // 武汉市: 武汉, Wuhan, in 420000, all by rule.
        let wuhan = entry("cities", "420100");
        assert_eq!(
            (wuhan.get("s"), wuhan.get("en"), wuhan.get("pc")),
            (None, None, None)
        );
        // 阿坝藏族羌族自治州 keeps its short name; 西安 keeps Xi'an; Shaanxi is not the pinyin's shanxi.
        assert_eq!(entry("cities", "513200")["s"], "阿坝");
        assert_eq!(entry("cities", "610100")["en"], "Xi'an");
        assert_eq!(entry("provinces", "610000")["en"], "Shaanxi");
        assert_eq!(entry("provinces", "450000")["s"], "广西");
    }

    #[test]
    fn a_file_the_app_refuses_has_no_copy() {
        let text = shipped().replacen("\"420000\"", "\"42000\"", 1);
        assert!(browser_copy(&text).is_err());
    }
}

//! The `policy check` command, run as a built binary on files with seeded problems, a clean file and a file it
//! cannot read.

use std::process::{Command, Output};

use serde_json::{Value, json};

/// One place, one rule, one official and one secondary source, every verified figure quoted: clean.
fn minimal() -> Value {
    json!({
        "schema_version": yidi::domain::policy::SCHEMA_VERSION,
        "data_version": "test",
        "effective_from": "2022-01-01",
        "sources": {
            "OFF": {"kind": "official", "issuer": "某市医疗保障局", "title": "通知", "date": "2022-01"},
            "WEB": {"kind": "secondary", "issuer": "a site", "title": "a page", "date": "2023"}
        },
        "national": {
            "long_term_reduction": {"value": {"method": "none"}, "source": "OFF", "verified": false},
            "temporary_reduction_limits": {
                "referral": {"value": "10", "source": "OFF", "verified": false},
                "emergency": {"value": "10", "source": "OFF", "verified": false},
                "other_temporary": {"value": "20", "source": "OFF", "verified": false}
            },
            "not_filed": {"value": "pay_in_full_then_claim_at_home", "source": "WEB", "verified": false}
        },
        "insured_places": [{
            "region_code": "110000",
            "name": {"zh": "北京", "en": "Beijing"},
            "rules": [{
                "schemes": ["employee_in_service"],
                "setting": {"kind": "inpatient", "levels": ["tertiary"]},
                "effective_from": "2022-01-01",
                "deductible": {"value": {"amount": "1300"}, "source": "OFF", "verified": true,
                               "quote": "起付标准为1300元"},
                "ratio_bands": {"value": {"basis": "expense", "bands": [{"ratio": "0.85"}]},
                                "source": "OFF", "verified": true, "quote": "统筹基金支付85%"}
            }]
        }],
        "treatment_places": [{"region_code": "110000", "name": {"zh": "北京", "en": "Beijing"}}]
    })
}

fn check(text: &str) -> Output {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("policy.json");
    std::fs::write(&file, text).expect("the file is written");
    Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["policy", "check"])
        .arg(&file)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_clean_file_passes() {
    let out = check(&minimal().to_string());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with(": 0 errors, 0 warnings\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn every_seeded_problem_is_reported_with_its_path() {
    let mut raw = minimal();
    let rule = &mut raw["insured_places"][0]["rules"][0];
    rule["effective_to"] = "2021-06-30".into();
    rule["deductible"].as_object_mut().unwrap().remove("quote");
    rule["ratio_bands"]["quote"] = "统筹基金支付80%".into();
    raw["treatment_places"][0]["class_b_first_self_pay_share"] =
        json!({"value": "0.10", "source": "NOWHERE", "verified": false});
    let text = raw.to_string().replacen(
        "\"WEB\":",
        "\"OFF\": {\"kind\": \"secondary\", \"issuer\": \"x\", \"title\": \"y\", \"date\": \"2020\"}, \"WEB\":",
        1,
    );
    let out = check(&text);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let printed = stdout(&out);
    for line in [
        "sources.OFF: appears twice",
        "insured_places[0].rules[0].effective_to: ends before it starts",
        "treatment_places[0].class_b_first_self_pay_share: names source `NOWHERE`",
        "insured_places[0].rules[0].ratio_bands: warning: is marked verified, but its quote does not show 85%",
    ] {
        assert!(
            printed.lines().any(|l| l.starts_with(line)),
            "{line}\n---\n{printed}"
        );
    }
    // The duplicate OFF, a secondary source, is the one read: both verified figures now cite a secondary source.
    assert!(
        printed.contains(
            "insured_places[0].rules[0].deductible: is marked verified, but its source is not"
        ),
        "{printed}"
    );
    assert!(printed.ends_with(": 6 errors, 1 warning\n"), "{printed}");
}

#[test]
fn a_file_that_cannot_be_read_names_the_path_and_exits_2() {
    let mut raw = minimal();
    raw["insured_places"][0]["rules"][0]["ratio_bands"]["value"]["bands"][0]["ratio"] =
        "1.2".into();
    let out = check(&raw.to_string());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("insured_places[0].rules[0].ratio_bands.value"),
        "{err}"
    );

    let out = check("{\"schema_version\": 2,");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_shipped_file_is_the_default_and_has_no_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["policy", "check"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("public/data/policy.json: 0 errors"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["policy", "lint"][..],
        &["policy", "check", "a", "b"],
        &["policy", "check", "--x"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_yidi"))
            .args(args)
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// The template a volunteer copies from docs/policy-data.md, added to a clean file, passes without a finding.
#[test]
fn the_documented_template_passes() {
    let docs = include_str!("../docs/policy-data.md");
    let after = docs
        .split_once("### A template")
        .expect("the docs have the template")
        .1;
    let json = after
        .split_once("```json\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("a JSON block")
        .0;
    let template: Value = serde_json::from_str(json).expect("the template is JSON");
    let mut raw = minimal();
    for (id, source) in template["sources"].as_object().unwrap() {
        raw["sources"][id] = source.clone();
    }
    for list in ["insured_places", "treatment_places"] {
        raw[list]
            .as_array_mut()
            .unwrap()
            .extend(template[list].as_array().unwrap().iter().cloned());
    }
    let out = check(&raw.to_string());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with(": 0 errors, 0 warnings\n"),
        "{}",
        stdout(&out)
    );
}

fn browser(text: &str) -> Output {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("policy.json");
    std::fs::write(&file, text).expect("the file is written");
    Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["policy", "browser"])
        .arg(&file)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_browser_copy_keeps_the_figures_and_leaves_out_the_quotes() {
    let out = browser(&minimal().to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let rule = &copy["insured_places"][0]["rules"][0];
    assert_eq!(rule["deductible"]["value"]["amount"], "1300");
    assert_eq!(rule["deductible"]["verified"], true);
    assert_eq!(rule["deductible"]["quote"], Value::Null);
    assert_eq!(rule["ratio_bands"]["quote"], Value::Null);
    assert_eq!(copy["sources"]["OFF"]["date"], "2022-01");
}

#[test]
fn no_browser_copy_of_a_file_the_app_would_refuse() {
    let mut bad = minimal();
    bad["insured_places"][0]["rules"][0]["deductible"]["source"] = json!("NOWHERE");
    let out = browser(&bad.to_string());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("yidi policy check"));
}

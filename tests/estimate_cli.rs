//! The `estimate` command, run as a built binary: the published examples to the cent, and bad input refused.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

const EXAMPLES: &str = include_str!("fixtures/examples.json");

fn estimate(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .arg("estimate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("the binary ends")
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_published_example_settles_to_the_cent() {
    let out = estimate(&["--case", "-"], EXAMPLES);
    assert!(out.status.success(), "{}", stderr(&out));
    let results = lines(&out);
    let examples: Value = serde_json::from_str(EXAMPLES).unwrap();
    let examples = examples["examples"].as_array().unwrap();
    assert_eq!(results.len(), examples.len());
    for (example, result) in examples.iter().zip(&results) {
        assert_eq!(result["id"], example["id"]);
        let expect = example["expect"].as_object().unwrap();
        assert!(!expect.is_empty());
        for (field, value) in expect {
            assert_eq!(&result[field], value, "{} {field}", example["id"]);
        }
        assert_eq!(result["expect"]["matches"], true);
        assert!(result["steps"].as_array().is_some_and(|s| !s.is_empty()));
        for key in [
            "total",
            "class_b_first_self_pay",
            "in_scope",
            "deductible",
            "fund",
            "personal",
        ] {
            let s = result[key].as_str().unwrap();
            assert_eq!(
                s.split_once('.').map(|(_, cents)| cents.len()),
                Some(2),
                "{key} = {s}"
            );
        }
    }
}

#[test]
fn reads_a_file_and_a_single_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    let examples: Value = serde_json::from_str(EXAMPLES).unwrap();
    std::fs::write(&path, examples["examples"][0].to_string()).unwrap();
    let out = estimate(&["--case", path.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let results = lines(&out);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["fund"], "48.89");
    assert_eq!(results[0]["personal"], "15.40");
}

#[test]
fn year_to_date_counts_toward_the_deductible_and_the_cap() {
    let case = json!({
        "id": "ytd",
        "items": [{"kind": "class_a", "amount": "10000"}],
        "policy": {"deductible": "1300", "ratio_bands": [{"ratio": "0.90"}], "band_basis": "expense", "annual_cap": "50000"},
        "filing": "resettled_retiree",
        "year_to_date": {"deductible_paid": "1000", "fund_paid": "45000"}
    });
    let out = estimate(&["--case", "-"], &case.to_string());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = &lines(&out)[0];
    // Deductible 300 left; (10000 − 300) × 90% = 8730, but only 5000 of the cap is left.
    assert_eq!(r["deductible"], "300.00");
    assert_eq!(r["fund"], "5000.00");
    assert_eq!(r["personal"], "5000.00");
    assert_eq!(r["cap_limited"], true);
}

#[test]
fn unfiled_care_is_not_settled_directly() {
    let case = json!({
        "id": "unfiled",
        "items": [{"kind": "class_a", "amount": "800"}],
        "policy": {"deductible": "0", "ratio_bands": [{"ratio": "0.90"}], "band_basis": "expense"},
        "filing": "not_filed"
    });
    let out = estimate(
        &["--case", "-", "--explain", "--lang", "en"],
        &case.to_string(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not settled directly"), "{text}");
    assert!(text.contains("claim by hand"), "{text}");
    assert!(
        text.contains("Fund 0.00, personal 800.00 (NOT settled directly)"),
        "{text}"
    );
}

#[test]
fn explains_in_chinese_and_english() {
    let en = estimate(&["--case", "-", "--explain", "--lang", "en"], EXAMPLES);
    let zh = estimate(&["--case", "-", "--explain", "--lang", "zh"], EXAMPLES);
    assert!(en.status.success() && zh.status.success());
    let en = String::from_utf8_lossy(&en.stdout);
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(
        en.contains("31.77 × its first self-pay share 10% = 3.177, rounded to 3.18."),
        "{en}"
    );
    assert!(
        en.contains("Fund payment 48.888, rounded to the cent: 48.89."),
        "{en}"
    );
    assert!(
        en.contains("Every ratio lowered by 10 percentage points"),
        "{en}"
    );
    assert!(en.contains("Matches the published result."));
    assert!(
        zh.contains("第 2 项乙类 31.77 元 × 该项先行自付比例 10% = 3.177，四舍五入为 3.18 元。"),
        "{zh}"
    );
    assert!(
        zh.contains("基金支付 48.89 元，个人支付 15.40 元（直接结算）。"),
        "{zh}"
    );
    assert!(zh.contains("与公布结果一致。"));
}

#[test]
fn a_result_that_differs_from_its_expectation_fails_the_audit() {
    let mut examples: Value = serde_json::from_str(EXAMPLES).unwrap();
    examples["examples"][1]["expect"]["fund"] = json!("6560.01");
    let out = estimate(&["--case", "-"], &examples.to_string());
    assert_eq!(out.status.code(), Some(1));
    let results = lines(&out);
    assert_eq!(results[1]["expect"]["matches"], false);
    assert_eq!(results[1]["expect"]["mismatches"][0]["field"], "fund");
}

/// Each malformed input: exit 2, a message naming the field and the problem, no panic.
#[test]
fn malformed_input_is_refused_with_the_field_named() {
    let base: Value = serde_json::from_str(EXAMPLES).unwrap();
    let with = |pointer: &str, value: Value| {
        let mut v = base.clone();
        *v.pointer_mut(pointer).unwrap() = value;
        v.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        ("{\"examples\": [".to_owned(), "input: not valid JSON"),
        ("".to_owned(), "input: not valid JSON"),
        ("42".to_owned(), "input: must be an object"),
        (
            with("/examples/2/items/0/amount", json!("-1500")),
            "examples[2].items[0].amount: must not be negative",
        ),
        (
            with("/examples/0/items/1/amount", json!("abc")),
            "examples[0].items[1].amount: amount must be a decimal string like \"12.50\"",
        ),
        (
            with("/examples/0/items/1/amount", json!(31.77)),
            "examples[0].items[1].amount: amount must be a decimal string like \"12.50\"",
        ),
        (
            with("/examples/1/items/2/first_self_pay_share", json!("1.10")),
            "examples[1].items[2].first_self_pay_share: must be between 0 and 1",
        ),
        (
            with("/examples/3/policy/ratio_bands/0/ratio", json!("-0.6")),
            "examples[3].policy.ratio_bands[0].ratio: must be between 0 and 1",
        ),
        (
            with(
                "/examples/4/policy/ratio_bands",
                json!([{"up_to": "5000", "ratio": "0.9"}, {"up_to": "3000", "ratio": "0.8"}, {"ratio": "0.7"}]),
            ),
            "examples[4].policy.ratio_bands[1].up_to: bands must ascend",
        ),
        (
            with("/examples/4/policy/ratio_bands", json!([])),
            "examples[4].policy.ratio_bands: there must be at least one band",
        ),
        (
            with("/examples/0/id", Value::Null),
            "examples[0].id: is required",
        ),
        (
            with("/examples/0/policy/deductible", Value::Null),
            "examples[0].policy.deductible: is required",
        ),
        (
            with("/examples/0/filing", json!("forever")),
            "examples[0].filing: must be one of",
        ),
        (
            with("/examples/4/filing_reduction_points", json!("120")),
            "examples[4].filing_reduction_points: must be between 0 and 100",
        ),
        (
            with("/examples/0/items", json!({})),
            "examples[0].items: must be an array of items",
        ),
        (
            with("/examples/0/items/0/kind", json!("class_d")),
            "examples[0].items[0].kind: must be one of",
        ),
        (
            with("/examples/0/items/0/amount", json!("1.234")),
            "examples[0].items[0].amount: must have at most two decimal places",
        ),
        (
            with("/examples/0/items/0/amount", json!("1e400")),
            "examples[0].items[0].amount: amount must be a decimal string",
        ),
        (
            with(
                "/examples/0/items/0/amount",
                json!("123456789012345678901234567890"),
            ),
            "examples[0].items[0].amount: amount must be a decimal string",
        ),
        (
            with("/examples/0/items/0/amount", json!("1000000000000")),
            "examples[0].items[0].amount: must be at most",
        ),
        (
            with("/examples", json!([{"id": "x"}])),
            "examples[0].policy: is required",
        ),
    ];
    for (input, message) in cases {
        let out = estimate(&["--case", "-"], &input);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{message}: {err}");
        assert!(err.contains(message), "expected `{message}` in: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty(), "nothing printed for a bad case file");
    }
}

#[test]
fn year_to_date_must_be_complete_and_non_negative() {
    let mut examples: Value = serde_json::from_str(EXAMPLES).unwrap();
    examples["examples"][0]["year_to_date"] = json!({"deductible_paid": "0"});
    let out = estimate(&["--case", "-"], &examples.to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("examples[0].year_to_date.fund_paid: is required"));
    examples["examples"][0]["year_to_date"] = json!({"deductible_paid": "0", "fund_paid": "-5"});
    let out = estimate(&["--case", "-"], &examples.to_string());
    assert!(stderr(&out).contains("examples[0].year_to_date.fund_paid: must not be negative"));
}

#[test]
fn bad_arguments_exit_two_with_usage() {
    for args in [
        &[][..],
        &["--case"][..],
        &["--case", "-", "--lang", "fr"][..],
        &["--frobnicate"][..],
    ] {
        let out = estimate(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("usage: yidi estimate"), "{args:?}");
    }
    let out = estimate(&["--case", "/no/such/file.json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /no/such/file.json"));
    let out = estimate(&["--help"], "");
    assert!(out.status.success());
}

/// The place form (issue 16): where, who, what and when, resolved from the shipped policy data.
fn place_case(insured: &str, filing: &str, items: Value, place: Value, policy: Value) -> String {
    let mut place_json = json!({
        "insured": insured,
        "treatment": "110000",
        "scheme": "employee_retired",
        "care": "inpatient",
        "level": "tertiary",
        "date": "2024-05-01",
    });
    for (k, v) in place.as_object().unwrap() {
        place_json[k] = v.clone();
    }
    json!({"id": "place", "filing": filing, "items": items, "place": place_json, "policy": policy})
        .to_string()
}

#[test]
fn the_langfang_example_through_the_place_form_gives_48_89_and_15_40() {
    let case = place_case(
        "131000",
        "resettled_retiree",
        json!([
            {"name": "Acarbose tablets", "kind": "class_a", "amount": "32.52"},
            {"name": "Repaglinide tablets", "kind": "class_b", "amount": "31.77"}
        ]),
        json!({"care": "chronic_outpatient", "level": null, "disease": "M01600", "date": "2022-07-01"}),
        json!({}),
    );
    let out = estimate(&["--case", "-"], &case);
    assert!(out.status.success(), "{}", stderr(&out));
    let result = &lines(&out)[0];
    assert_eq!(result["fund"], "48.89");
    assert_eq!(result["personal"], "15.40");
    assert_eq!(result["total"], "64.29");
    assert_eq!(result["class_b_first_self_pay"], "3.18");
    assert_eq!(result["missing"], json!(["annual_cap"]));
}

#[test]
fn a_shijiazhuang_case_exits_0_with_a_range_and_what_is_missing() {
    let items = json!([{"kind": "class_a", "amount": "10000"}]);
    let out = estimate(
        &["--case", "-"],
        &place_case("130100", "long_term", items.clone(), json!({}), json!({})),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let result = &lines(&out)[0];
    let (low, high) = (&result["fund"]["low"], &result["fund"]["high"]);
    let dec = |v: &Value| {
        v.as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    assert!(dec(low) < dec(high), "{result}");
    assert_eq!(
        dec(&result["personal"]["low"]),
        dec(&result["total"]) - dec(high)
    );
    assert_eq!(
        result["missing"],
        json!(["deductible", "ratio_bands", "annual_cap"])
    );
    assert_eq!(result["bounds"][0]["fund_low"]["kind"], "among_places");

    // The person's own figures narrow it to a figure.
    let out = estimate(
        &["--case", "-"],
        &place_case(
            "130100",
            "long_term",
            items.clone(),
            json!({}),
            json!({"deductible": "1000", "ratio_bands": [{"ratio": "0.90"}], "annual_cap": null}),
        ),
    );
    let result = &lines(&out)[0];
    assert_eq!(
        (&result["fund"], &result["personal"]),
        (&json!("8100.00"), &json!("1900.00"))
    );
    assert_eq!(result["missing"], json!([]));

    // A referral there: from no cut to the national maximum of 10 points.
    let out = estimate(
        &["--case", "-"],
        &place_case(
            "130100",
            "referral",
            items,
            json!({}),
            json!({"deductible": "1000", "ratio_bands": [{"ratio": "0.90"}], "annual_cap": null}),
        ),
    );
    let result = &lines(&out)[0];
    assert_eq!(result["fund"], json!({"low": "7200.00", "high": "8100.00"}));
    assert_eq!(result["missing"], json!(["reduction"]));
    assert_eq!(result["bounds"][0]["fund_low"]["points"], "10");
}

#[test]
fn a_malformed_place_case_exits_2_naming_the_field_path() {
    let items = json!([{"kind": "class_a", "amount": "10000"}]);
    for (case, path) in [
        (
            place_case(
                "130100",
                "long_term",
                json!([{"kind": "class_a", "amount": 12.5}]),
                json!({}),
                json!({}),
            ),
            "items[0].amount",
        ),
        (
            place_case(
                "130100",
                "long_term",
                json!([{"kind": "class_a", "amount": "1.005"}]),
                json!({}),
                json!({}),
            ),
            "items[0].amount",
        ),
        (
            place_case(
                "130100",
                "long_term",
                items.clone(),
                json!({"scheme": "retired"}),
                json!({}),
            ),
            "place.scheme",
        ),
        (
            place_case(
                "130100",
                "long_term",
                items.clone(),
                json!({"date": "2024/05/01"}),
                json!({}),
            ),
            "place.date",
        ),
        (
            place_case(
                "130100",
                "long_term",
                items.clone(),
                json!({"level": null}),
                json!({}),
            ),
            "place.level",
        ),
        (
            place_case("110000", "long_term", items.clone(), json!({}), json!({})),
            "place.treatment",
        ),
        (
            place_case(
                "130100",
                "long_term",
                items.clone(),
                json!({}),
                json!({"deductible": "-1"}),
            ),
            "policy.deductible",
        ),
    ] {
        let out = estimate(&["--case", "-"], &case);
        assert_eq!(out.status.code(), Some(2), "{case}");
        assert!(stderr(&out).contains(path), "{path}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
    let examples = format!(
        r#"{{"examples": [{}]}}"#,
        place_case(
            "130100",
            "long_term",
            items,
            json!({"care": "dental"}),
            json!({})
        )
    );
    let out = estimate(&["--case", "-"], &examples);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("examples[0].place.care"),
        "{}",
        stderr(&out)
    );
}

/// Earlier in-scope spending this year, for Beijing's banded inpatient ratio (85% to 30000, 90% to 40000, 95%):
/// the place form bounds how the bands count where nobody says; the neutral form asks to be told.
#[test]
fn earlier_spending_and_banded_ratios() {
    let mut case: Value = serde_json::from_str(&place_case(
        "110000",
        "long_term",
        json!([{"kind": "class_a", "amount": "10000"}]),
        json!({"treatment": "120000", "scheme": "employee_in_service", "date": "2025-05-01"}),
        json!({}),
    ))
    .unwrap();
    case["year_to_date"] = json!({"deductible_paid": "1300", "in_scope_paid": "25000"});
    let out = estimate(&["--case", "-"], &case.to_string());
    assert!(out.status.success(), "{}", stderr(&out));
    let result = &lines(&out)[0];
    assert_eq!(result["fund"], json!({"low": "8500.00", "high": "8750.00"}));
    assert_eq!(result["missing"], json!(["bands_counted"]));
    assert_eq!(
        result["bounds"][0]["span"],
        json!({"low": "per_settlement", "high": "per_year"})
    );
    assert!(
        result["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "bands_counted" && s["from"] == "25000.00"),
        "{result}"
    );
    case["policy"] = json!({"bands_counted": "per_settlement"});
    let out = estimate(&["--case", "-"], &case.to_string());
    assert_eq!(lines(&out)[0]["fund"], "8500.00");

    let neutral = json!({
        "id": "beijing-after-25000",
        "items": [{"kind": "class_a", "amount": "10000"}],
        "policy": {"deductible": "1300", "ratio_bands": [
            {"up_to": "30000", "ratio": "0.85"}, {"up_to": "40000", "ratio": "0.90"}, {"ratio": "0.95"}
        ]},
        "filing": "long_term",
        "year_to_date": {"deductible_paid": "1300", "fund_paid": "0", "in_scope_paid": "25000"}
    });
    let out = estimate(&["--case", "-"], &neutral.to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("policy.bands_counted: is required when year_to_date.in_scope_paid is not 0"),
        "{}",
        stderr(&out)
    );
    let mut counted = neutral.clone();
    counted["policy"]["bands_counted"] = json!("per_year");
    let out = estimate(&["--case", "-"], &counted.to_string());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lines(&out)[0]["fund"], "8750.00");
}

//! `yidi estimate --case FILE`: settle cases in the neutral form of `examples.json` and audit them against the
//! results they expect.
//!
//! Exit codes: 0 every case settled (and matched what it expects), 1 a case did not match its `expect`,
//! 2 bad arguments or malformed input (the message names the field).

use std::io::{Read, Write};
use std::process::ExitCode;

use serde_json::Value;

use crate::domain::case::{Case, parse_case_file, result_json};
use crate::domain::estimate::evaluate;
use crate::domain::estimate::place::{answer_json, parse_place_cases, problem_text};
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::policy::PolicyData;
use crate::domain::settle::Breakdown;

const USAGE: &str = "usage: yidi estimate --case FILE|- [--explain] [--lang en|zh]

Settles each case of FILE (`-` reads standard input): one case object, or {\"examples\": [...]}, in the
neutral form of docs/policy-data.md, or in its place form (a case with \"place\"), resolved from the shipped
policy data: a figure, or a range with the figures that are missing. Prints one JSON object per case and line; --explain prints the steps
as text instead, in English (default) or Chinese.";

struct Options {
    case: String,
    explain: bool,
    lang: Lang,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut case = None;
    let mut explain = false;
    let mut lang = Lang::En;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--explain" => explain = true,
            "--case" => {
                case = Some(
                    args.next()
                        .ok_or("--case needs a file name, or - for standard input")?
                        .clone(),
                )
            }
            "--lang" => {
                let tag = args.next().ok_or("--lang needs en or zh")?;
                lang = Lang::from_code(tag)
                    .ok_or_else(|| format!("--lang: unknown language `{tag}`; use en or zh"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let case = case.ok_or("--case FILE is required")?;
    Ok(Some(Options {
        case,
        explain,
        lang,
    }))
}

fn read_input(name: &str) -> Result<String, String> {
    let mut text = String::new();
    if name == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(name).map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    Ok(text)
}

pub fn main(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("estimate: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match read_input(&options.case) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("estimate: {message}");
            return ExitCode::from(2);
        }
    };
    if is_place_form(&text) {
        return place_form(&text, options.lang);
    }
    let settled = Ok(text).and_then(|text: String| {
        let file = parse_case_file(&text).map_err(|e| e.to_string())?;
        let paths: Vec<String> = (0..file.cases.len()).map(|i| file.path(i)).collect();
        file.cases
            .into_iter()
            .zip(paths)
            .map(|(case, path)| {
                let breakdown = case.settle(&path).map_err(|e| e.to_string())?;
                Ok((case, breakdown))
            })
            .collect::<Result<Vec<_>, String>>()
    });
    let settled = match settled {
        Ok(settled) => settled,
        Err(message) => {
            eprintln!("estimate: {message}");
            return ExitCode::from(2);
        }
    };

    let mut out = std::io::stdout().lock();
    let mut all_match = true;
    for (case, breakdown) in &settled {
        let mismatches = case
            .expect
            .map(|e| e.mismatches(breakdown))
            .unwrap_or_default();
        all_match &= mismatches.is_empty();
        let written = if options.explain {
            write!(
                out,
                "{}",
                explain(case, breakdown, &mismatches, options.lang)
            )
        } else {
            let mut json = result_json(case, breakdown, options.lang);
            json["missing"] = Value::Array(Vec::new());
            writeln!(out, "{json}")
        };
        if written.is_err() {
            // A closed pipe (`| head`) is not an error of the estimate.
            return ExitCode::SUCCESS;
        }
    }
    if all_match {
        ExitCode::SUCCESS
    } else {
        eprintln!("estimate: some cases do not match their expected results");
        ExitCode::from(1)
    }
}

/// A case with `place`, or examples whose first has one.
fn is_place_form(text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    value.get("place").is_some()
        || value
            .get("examples")
            .and_then(|e| e.get(0))
            .is_some_and(|first| first.get("place").is_some())
}

/// The place form: each case resolved from the shipped policy data by the page's own estimator. Exit 0 whatever
/// figures are missing (they make a range); 2 for a malformed case, naming the field.
fn place_form(text: &str, lang: Lang) -> ExitCode {
    let (cases, collection) = match parse_place_cases(text) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("estimate: {e}");
            return ExitCode::from(2);
        }
    };
    let data = match PolicyData::from_json(POLICY) {
        Ok(data) => data,
        Err(errors) => {
            eprintln!(
                "estimate: the shipped policy data has {} problem(s)",
                errors.len()
            );
            return ExitCode::from(2);
        }
    };
    let mut answers = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let prefix = if collection {
            format!("examples[{i}]")
        } else {
            String::new()
        };
        let e = evaluate(&case.input(), Some(&data));
        match (e.outcome, e.errors.first().or(e.missing.first())) {
            (Some(o), None) => answers.push(answer_json(&case.id, &o, lang)),
            (_, Some(problem)) => {
                eprintln!("estimate: {}", problem_text(&prefix, problem));
                return ExitCode::from(2);
            }
            (None, None) => {
                eprintln!("estimate: {prefix}: cannot be settled");
                return ExitCode::from(2);
            }
        }
    }
    let mut out = std::io::stdout().lock();
    for answer in answers {
        if writeln!(out, "{answer}").is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// The policy data the page loads, built into the command.
const POLICY: &str = include_str!("../../public/data/policy.json");

fn explain(
    case: &Case,
    b: &Breakdown,
    mismatches: &[(&'static str, Money, Money)],
    lang: Lang,
) -> String {
    let params = case.params();
    let zh = lang == Lang::Zh;
    let mut text = format!("== {} ==\n", case.id);
    if let Some(source) = &case.source {
        text.push_str(&format!(
            "{}{source}\n",
            if zh { "出处：" } else { "Source: " }
        ));
    }
    for (n, step) in b.steps.iter().enumerate() {
        text.push_str(&format!("{:>2}. {}\n", n + 1, step.text(&params, lang)));
    }
    let settled = match (zh, b.directly_settled) {
        (true, true) => "直接结算",
        (true, false) => "不能直接结算",
        (false, true) => "settled directly",
        (false, false) => "NOT settled directly",
    };
    if zh {
        text.push_str(&format!(
            "基金支付 {} 元，个人支付 {} 元（{settled}）。\n",
            b.fund, b.personal
        ));
    } else {
        text.push_str(&format!(
            "Fund {}, personal {} ({settled}).\n",
            b.fund, b.personal
        ));
    }
    if case.expect.is_some() {
        if mismatches.is_empty() {
            text.push_str(if zh {
                "与公布结果一致。\n"
            } else {
                "Matches the published result.\n"
            });
        }
        for (field, expected, got) in mismatches {
            if zh {
                text.push_str(&format!(
                    "与公布结果不符：{field} 应为 {expected}，算得 {got}。\n"
                ));
            } else {
                text.push_str(&format!(
                    "MISMATCH {field}: expected {expected}, got {got}.\n"
                ));
            }
        }
    }
    text.push('\n');
    text
}

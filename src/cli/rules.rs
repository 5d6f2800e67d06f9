//! `yidi rules [FILE]`: prints the insured places' filing and select-point rules, with the sources they cite, taken
//! from a policy data file (default `public/data/policy.json`). `scripts/build-web.sh` writes them to
//! `dist/data/rules.json`, which the filing journey, a filing's page and select point read instead of the whole
//! policy data.

use std::process::ExitCode;

use crate::domain::policy::{PlaceRules, PolicyData};

const DEFAULT_FILE: &str = "public/data/policy.json";

pub fn main(args: &[String]) -> ExitCode {
    let file = match args {
        [] => DEFAULT_FILE,
        [file] if !file.starts_with('-') => file.as_str(),
        _ => {
            eprintln!(
                "usage: yidi rules [FILE]   (FILE: a policy data file, default {DEFAULT_FILE})"
            );
            return ExitCode::from(2);
        }
    };
    let policy = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            PolicyData::from_json(&text).map_err(|errors| {
                format!(
                    "{} problem(s); `yidi policy check {file}` lists them",
                    errors.len()
                )
            })
        }) {
        Ok(policy) => policy,
        Err(error) => {
            eprintln!("rules: {file}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match serde_json::to_string(&PlaceRules::of(&policy)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rules: {error}");
            ExitCode::FAILURE
        }
    }
}

//! `yidi policy check [FILE]`: check a policy data file before it ships, reporting every problem at once with its
//! path and what to do.
//!
//! Exit codes: 0 no errors (warnings are printed), 1 errors found, 2 bad arguments or a file that cannot be read
//! (the message names the path where reading stopped).

use std::process::ExitCode;

use crate::domain::policy::PolicyData;
use crate::domain::policy::check::{Finding, Severity, check, duplicate_source_ids};

const DEFAULT_FILE: &str = "public/data/policy.json";

const USAGE: &str = "usage: yidi policy check [FILE]

Checks a policy data file (default public/data/policy.json) as docs/policy-data.md describes it: the format,
dates, sources, quotes of verified figures and overlapping rules. Prints one line per finding, `path: message`,
then a summary. Exit 0: no errors (warnings allowed); 1: errors; 2: the file cannot be read.";

fn parse_args(args: &[String]) -> Result<Option<String>, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("-h" | "--help") | None => return Ok(None),
        Some("check") => {}
        Some(other) => return Err(format!("unknown subcommand `{other}`; use `check`")),
    }
    let mut file = None;
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            flag if flag.starts_with('-') => return Err(format!("unknown argument `{flag}`")),
            name if file.is_none() => file = Some(name.to_owned()),
            extra => return Err(format!("one file only; `{extra}` is one too many")),
        }
    }
    Ok(Some(file.unwrap_or_else(|| DEFAULT_FILE.to_owned())))
}

/// Reads the file into the app's own types, so the schema checked is the one the app reads.
fn read(file: &str) -> Result<(String, PolicyData), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let data = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        format!("{file}: {path}: cannot be read: {}", err.into_inner())
    })?;
    Ok((text, data))
}

pub fn main(args: &[String]) -> ExitCode {
    let file = match parse_args(args) {
        Ok(Some(file)) => file,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("policy: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (text, data) = match read(&file) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("policy check: {message}");
            return ExitCode::from(2);
        }
    };
    let mut findings: Vec<Finding> = duplicate_source_ids(&text);
    findings.extend(check(&data));
    for finding in &findings {
        println!("{finding}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    println!(
        "{file}: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

//! `yidi policy check [FILE]`: check a policy data file before it ships, reporting every problem at once with its
//! path and what to do. `yidi policy browser [FILE]`: print it as the browser gets it (`dist/data/policy.json`),
//! without the quotes and notes only the check reads.
//!
//! Exit codes: 0 no errors (warnings are printed), 1 errors found, 2 bad arguments or a file that cannot be read
//! (the message names the path where reading stopped).

use std::process::ExitCode;

use crate::domain::policy::check::{Finding, Severity, check, duplicate_source_ids};
use crate::domain::policy::{PolicyData, browser_copy};

const DEFAULT_FILE: &str = "public/data/policy.json";

const USAGE: &str = "usage: yidi policy check [FILE]
       yidi policy browser [FILE]

check: checks a policy data file (default public/data/policy.json) as docs/policy-data.md describes it: the format,
dates, sources, quotes of verified figures and overlapping rules. Prints one line per finding, `path: message`,
then a summary. Exit 0: no errors (warnings allowed); 1: errors; 2: the file cannot be read.
browser: prints the file as the browser gets it, compact and without the quotes and notes only the check reads
(scripts/build-web.sh writes it to dist/data/policy.json). Exit 1 if the file does not pass the app's own checks.";

#[derive(Debug, PartialEq)]
enum Command {
    Check,
    Browser,
}

fn parse_args(args: &[String]) -> Result<Option<(Command, String)>, String> {
    let mut args = args.iter();
    let command = match args.next().map(String::as_str) {
        Some("-h" | "--help") | None => return Ok(None),
        Some("check") => Command::Check,
        Some("browser") => Command::Browser,
        Some(other) => {
            return Err(format!(
                "unknown subcommand `{other}`; use `check` or `browser`"
            ));
        }
    };
    let mut file = None;
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            flag if flag.starts_with('-') => return Err(format!("unknown argument `{flag}`")),
            name if file.is_none() => file = Some(name.to_owned()),
            extra => return Err(format!("one file only; `{extra}` is one too many")),
        }
    }
    Ok(Some((
        command,
        file.unwrap_or_else(|| DEFAULT_FILE.to_owned()),
    )))
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
    let (command, file) = match parse_args(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("policy: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if command == Command::Browser {
        return print_browser_copy(&file);
    }
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

/// The browser's copy of a file that passes the app's own checks (the server would refuse to start on one that
/// does not).
fn print_browser_copy(file: &str) -> ExitCode {
    let copy = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {file}: {e}"))
        .and_then(|text| {
            PolicyData::from_json(&text).map_err(|errors| {
                format!(
                    "{file}: {} problem(s); `yidi policy check {file}` lists them",
                    errors.len()
                )
            })
        })
        .and_then(|data| browser_copy(&data).map_err(|e| e.to_string()));
    match copy {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("policy browser: {message}");
            ExitCode::FAILURE
        }
    }
}

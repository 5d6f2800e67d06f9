//! `yidi regions browser [FILE]`: prints a regions file (default `public/data/regions.json`) as the browser gets it,
//! without the fields the browser's reader gives back by rule. `scripts/build-web.sh` writes it to
//! `dist/data/regions.json`; the server reads the whole file from `public/data`.
//!
//! Exit codes: 0 printed; 1 the file does not pass the app's checks, or the copy would not read the same; 2 bad
//! arguments.

use std::process::ExitCode;

use crate::domain::regions::browser_copy::browser_copy;

const DEFAULT_FILE: &str = "public/data/regions.json";

pub fn main(args: &[String]) -> ExitCode {
    let file = match args {
        [command] if command == "browser" => DEFAULT_FILE,
        [command, file] if command == "browser" && !file.starts_with('-') => file.as_str(),
        _ => {
            eprintln!(
                "usage: yidi regions browser [FILE]   (FILE: a regions file, default {DEFAULT_FILE})"
            );
            return ExitCode::from(2);
        }
    };
    let copy = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {file}: {e}"))
        .and_then(|text| browser_copy(&text).map_err(|e| format!("{file}: {e}")));
    match copy {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("regions browser: {message}");
            ExitCode::FAILURE
        }
    }
}

//! `yidi estimate --case FILE`: settle cases in the neutral form of `examples.json`.

use std::process::ExitCode;

pub fn main(_args: &[String]) -> ExitCode {
    eprintln!("estimate: not built yet");
    ExitCode::from(2)
}

//! `yidi dictionary MAIN MODULE...`: writes `MODULE.dcb` beside each lazy module, brotli with the main module as its
//! dictionary (src/server/dictionary.rs), for the server to send a browser that holds the main module.
//! `scripts/build-web.sh` runs it on the built modules once their `.br` is written, and keeps a `.dcb` only where it
//! is smaller than that.

use std::process::ExitCode;

use crate::server::dictionary;

pub fn main(args: &[String]) -> ExitCode {
    let [main_module, modules @ ..] = args else {
        eprintln!("usage: yidi dictionary MAIN_WASM MODULE_WASM...");
        return ExitCode::from(2);
    };
    let main_bytes = match std::fs::read(main_module) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("dictionary: cannot read {main_module}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut before, mut after) = (0, 0);
    for module in modules {
        let data = match std::fs::read(module) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("dictionary: cannot read {module}: {e}");
                return ExitCode::FAILURE;
            }
        };
        // What the server sends a browser without the dictionary: the build's `.br` beside the module.
        let plain = match std::fs::metadata(format!("{module}.br")) {
            Ok(meta) => meta.len() as usize,
            Err(e) => {
                eprintln!("dictionary: no {module}.br to compare with (run after brotli): {e}");
                return ExitCode::FAILURE;
            }
        };
        let body = dictionary::encode(&main_bytes, &data);
        // Kept only where it is smaller than brotli alone: the server then sends brotli.
        if body.len() < plain {
            if let Err(e) = std::fs::write(format!("{module}.dcb"), &body) {
                eprintln!("dictionary: cannot write {module}.dcb: {e}");
                return ExitCode::FAILURE;
            }
            before += plain;
            after += body.len();
        }
    }
    eprintln!(
        "dictionary: {} modules, {before} B of brotli, {after} B with the main module as dictionary",
        modules.len()
    );
    ExitCode::SUCCESS
}

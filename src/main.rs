//! Two mains: in the browser it mounts the app; natively it serves the app and the API, or runs a tool.

#[cfg(target_arch = "wasm32")]
fn main() {
    yidi::web::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dictionary") => yidi::cli::dictionary::main(&args[1..]),
        Some("estimate") => yidi::cli::estimate::main(&args[1..]),
        Some("policy") => yidi::cli::policy::main(&args[1..]),
        Some("regions") => yidi::cli::regions::main(&args[1..]),
        Some("routes") => yidi::cli::routes::main(&args[1..]),
        Some("rules") => yidi::cli::rules::main(&args[1..]),
        None | Some("serve") => yidi::server::main(),
        Some(other) => {
            eprintln!(
                "unknown command `{other}`; use `serve` (default), `dictionary MAIN MODULE...`, `estimate --case FILE`, `policy check [FILE]`, `regions browser [FILE]`, `routes` or `rules [FILE]`"
            );
            std::process::ExitCode::from(2)
        }
    }
}

//! `yidi routes`: prints the route table (`src/domain/route.rs`) as JSON, which `scripts/build-web.sh` writes to
//! `dist/routes.json` for the scripts that visit every page (first paint, size, Lighthouse).

use std::process::ExitCode;

use crate::domain::filing::FilingNumber;
use crate::domain::route::routes_json;

pub fn main(args: &[String]) -> ExitCode {
    if let Some(extra) = args.first() {
        eprintln!("routes: no arguments expected, got `{extra}`\n\nusage: yidi routes");
        return ExitCode::from(2);
    }
    // The sample number of every filing page's example: FilingNumber::from_random(0), YD000000000000.
    let json = routes_json(&FilingNumber::from_random(0));
    println!("{json:#}");
    ExitCode::SUCCESS
}

//! `yidi regions browser`, run as a built binary: the shipped file, a file the app refuses and bad arguments.

use std::process::{Command, Output};

use serde_json::Value;

fn regions(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yidi"))
        .arg("regions")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_browser_copy_of_the_shipped_file_lists_every_place_with_less() {
    let out = regions(&["browser", "public/data/regions.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let full: Value =
        serde_json::from_str(&std::fs::read_to_string("public/data/regions.json").unwrap())
            .unwrap();
    for list in ["provinces", "cities"] {
        assert_eq!(
            copy[list].as_array().map(Vec::len),
            full[list].as_array().map(Vec::len)
        );
    }
    assert!(copy["cities"][0].get("pc").is_none());
    assert_eq!(copy["source"], full["source"]);
}

#[test]
fn no_browser_copy_of_a_file_the_app_would_refuse() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("regions.json");
    let text = std::fs::read_to_string("public/data/regions.json").unwrap();
    std::fs::write(
        &file,
        text.replacen("\"pc\":\"420000\"", "\"pc\":\"990000\"", 1),
    )
    .unwrap();
    let out = regions(&["browser", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("990000"));
}

#[test]
fn a_wrong_command_is_told_its_usage() {
    for args in [&[][..], &["check"], &["browser", "a", "b"]] {
        let out = regions(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: yidi regions browser"));
    }
}

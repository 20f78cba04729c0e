//! `ksdiag example --write DIR`: the README's walkthroughs run on these files with only the
//! installed binary. The files are the CLI snapshots' inputs byte for byte, and the commands
//! the binary prints give exactly what those snapshots pin.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::ksdiag;
use std::path::{Path, PathBuf};

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ksdiag-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn snapshot_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd")
        .join(case)
}

#[test]
fn example_files_are_the_snapshots_inputs_and_reproduce_their_output() {
    let dir = fresh_dir("example");
    let out = ksdiag(
        &["example", "--write", dir.to_str().unwrap()],
        &[],
        b"",
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("wrote 7 sample files to "), "{stdout}");
    for (case, names) in [
        (
            "diagnose-artifacts.in",
            &[
                "request.sh",
                "app-token.json",
                "player.log",
                "widget.json",
                "error.json",
            ][..],
        ),
        ("diagnose-har.in", &["app-token.json", "session.har"][..]),
        (
            "diagnose-paste-php-var-dump.in",
            &["app-token.json", "debug.log"][..],
        ),
    ] {
        for name in names {
            assert_eq!(
                std::fs::read(dir.join(name)).unwrap(),
                std::fs::read(snapshot_dir(case).join(name)).unwrap(),
                "{name} differs from tests/cmd/{case}/{name}"
            );
        }
    }
    // The commands it prints, run in that folder, print what the snapshots pin.
    let commands: Vec<Vec<&str>> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ksdiag "))
        .map(|l| l.split(' ').collect())
        .collect();
    assert_eq!(commands.len(), 3, "{stdout}");
    let pinned = [
        "diagnose-artifacts.stdout",
        "diagnose-har.stdout",
        "diagnose-paste-php-var-dump.stdout",
    ];
    for (args, expected) in commands.iter().zip(pinned) {
        let run = ksdiag(args, &[], b"", Some(&dir));
        assert_eq!(run.status.code(), Some(1), "{args:?}: {run:?}");
        assert_eq!(
            String::from_utf8(run.stdout).unwrap(),
            std::fs::read_to_string(snapshot_dir(expected)).unwrap(),
            "{args:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn example_never_overwrites_a_file() {
    let dir = fresh_dir("example-existing");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("player.log"), "mine").unwrap();
    let out = ksdiag(
        &["example", "--write", dir.to_str().unwrap()],
        &[],
        b"",
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("already has player.log; hint:"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("player.log")).unwrap(),
        "mine"
    );
    // Nothing else was written either.
    assert!(!dir.join("request.sh").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

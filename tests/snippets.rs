//! Every `--flow hash` snippet, in its real interpreter: it reproduces `ksdiag vectors` byte for
//! byte for MD5, SHA1, SHA256 and SHA512, and `ksdiag check` says all right; every line of the
//! fix table, run in place of the line to write, makes exactly the cause the table names.
//!
//! Interpreters: bash, python3, node, php, ruby, go, java/javac, mcs/mono, perl. Under CI=true
//! a missing one fails the test; elsewhere the test says why it skips.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up failing should fail loudly

mod common;

use ks_core::digest::HashType;
use ks_snippets::{Flow, Lang, fixes, render, template};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn tools(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Bash => &["bash", "sha1sum", "cut"],
        Lang::Python => &["python3"],
        Lang::Node => &["node"],
        Lang::Php => &["php"],
        Lang::Ruby => &["ruby"],
        Lang::Go => &["go"],
        Lang::Java => &["java", "javac"],
        Lang::Csharp => &["mcs", "mono"],
        Lang::Perl => &["perl"],
    }
}

/// True when the language's tools are here; panics under CI when one is missing.
fn available(lang: Lang) -> bool {
    let missing: Vec<&str> = tools(lang)
        .iter()
        .copied()
        .filter(|t| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !in_ci(),
        "{lang}: {} not installed (CI installs them from .ci/apt.d/snippets.txt)",
        missing.join(", ")
    );
    eprintln!("skipped: {lang}: {} not installed", missing.join(", "));
    false
}

fn lines_main(lang: Lang) -> String {
    let path = format!(
        "{}/tests/snippets/lines/{}.{}",
        env!("CARGO_MANIFEST_DIR"),
        lang.name(),
        lang.extension()
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn work_dir(label: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("snippets")
        .join(label);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn must(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes `code` (a tokenHash function) a `--lines` program; returns the command that runs it.
/// Compiled languages are compiled here, once.
fn build(lang: Lang, code: &str, label: &str) -> Vec<String> {
    let dir = work_dir(label);
    let d = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let main = lines_main(lang);
    let script = |interp: &str| {
        let path = d(&format!("f.{}", lang.extension()));
        write(Path::new(&path), &format!("{code}{main}"));
        vec![interp.to_string(), path]
    };
    match lang {
        Lang::Bash => script("bash"),
        Lang::Python => script("python3"),
        Lang::Node => script("node"),
        Lang::Php => script("php"),
        Lang::Ruby => script("ruby"),
        Lang::Perl => script("perl"),
        Lang::Go => {
            write(&dir.join("snippet.go"), code);
            write(&dir.join("main.go"), &main);
            must(
                Command::new("go")
                    .args(["build", "-o", &d("prog"), &d("snippet.go"), &d("main.go")])
                    .env("GO111MODULE", "off"),
                &format!("{label}: go build"),
            );
            vec![d("prog")]
        }
        Lang::Java => {
            write(&dir.join("KalturaTokenHash.java"), code);
            write(&dir.join("Main.java"), &main);
            must(
                Command::new("javac").args([
                    "-d",
                    &d("out"),
                    &d("KalturaTokenHash.java"),
                    &d("Main.java"),
                ]),
                &format!("{label}: javac"),
            );
            vec!["java".into(), "-cp".into(), d("out"), "Main".into()]
        }
        Lang::Csharp => {
            write(&dir.join("snippet.cs"), code);
            write(&dir.join("main.cs"), &main);
            must(
                Command::new("mcs").args([
                    &format!("-out:{}", d("prog.exe")),
                    &d("snippet.cs"),
                    &d("main.cs"),
                ]),
                &format!("{label}: mcs"),
            );
            vec!["mono".into(), d("prog.exe")]
        }
    }
}

fn run_with_stdin(argv: &[String], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("the program finishes");
    let _ = writer.join();
    out
}

fn check_json(hash_type: HashType, count: usize, prog: &[String]) -> (i32, serde_json::Value) {
    let mut args: Vec<String> = [
        "check",
        "--lines",
        "--json",
        "--hash-type",
        hash_type.cli_name(),
        "--count",
        &count.to_string(),
        "--",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(prog.iter().cloned());
    let out = common::ksdiag(&args, &[], b"", None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "check {prog:?}: {e}\nstdout: {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// Every hash snippet reproduces 200 `ksdiag vectors` cases byte for byte, and `ksdiag check`
/// finds nothing wrong with it.
fn hash_snippet(lang: Lang) {
    if !available(lang) {
        return;
    }
    for h in [
        HashType::Md5,
        HashType::Sha1,
        HashType::Sha256,
        HashType::Sha512,
    ] {
        let out = common::ksdiag(
            &[
                "snippet",
                "--lang",
                lang.name(),
                "--hash-type",
                h.cli_name(),
            ],
            &[],
            b"",
            None,
        );
        assert!(out.status.success(), "snippet {lang} {h}");
        let code = String::from_utf8(out.stdout).expect("UTF-8 snippet");
        let prog = build(lang, &code, &format!("hash-{lang}-{h}"));

        let vectors = common::ksdiag(
            &[
                "vectors",
                "--count",
                "200",
                "--seed",
                "12",
                "--hash-type",
                h.cli_name(),
            ],
            &[],
            b"",
            None,
        );
        let (mut input, mut want) = (String::new(), String::new());
        for line in String::from_utf8_lossy(&vectors.stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a vectors line");
            input.push_str(&format!(
                "{}\t{}\t{}\n",
                v["ks"].as_str().unwrap_or(""),
                v["token"].as_str().unwrap_or(""),
                h.kaltura_name()
            ));
            want.push_str(v["hash"].as_str().unwrap_or(""));
            want.push('\n');
        }
        assert_eq!(want.lines().count(), 200);
        let got = run_with_stdin(&prog, input.as_bytes());
        assert!(
            got.status.success(),
            "{lang} {h}: {}",
            String::from_utf8_lossy(&got.stderr)
        );
        assert!(
            got.stdout == want.as_bytes(),
            "{lang} {h}: the snippet's hashes differ from ksdiag vectors:\n{}",
            String::from_utf8_lossy(&got.stdout)
                .lines()
                .zip(want.lines())
                .filter(|(a, b)| a != b)
                .take(3)
                .map(|(a, b)| format!("  got {a:?}\n  want {b:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        );

        let (code, v) = check_json(h, 20, &prog);
        assert_eq!(
            (code, v["ok"].as_bool()),
            (0, Some(true)),
            "{lang} {h}: {v:#}"
        );
        assert_eq!(v["right"], 20, "{lang} {h}: {v:#}");
    }
}

/// Every (cause, language) line, in place of the snippet's line, is diagnosed as exactly that
/// cause by `ksdiag check`.
fn fix_table(lang: Lang) {
    if !available(lang) {
        return;
    }
    let rows: Vec<_> = fixes().iter().filter(|f| f.lang == lang).collect();
    assert!(rows.len() >= 2, "{lang}: only {} table lines", rows.len());
    let h = HashType::Sha256;
    for (n, row) in rows.iter().enumerate() {
        let snippet = render(template(lang, Flow::Hash).unwrap_or_default(), h);
        let (write, wrote) = (render(row.write, h), render(row.wrote, h));
        let mut lines: Vec<String> = snippet
            .lines()
            .map(|l| match l.trim() == write {
                true => format!("{}{wrote}", &l[..l.len() - l.trim_start().len()]),
                false => l.to_string(),
            })
            .collect();
        if let Some(uses) = row.uses {
            lines.insert(1, uses.to_string());
        }
        let mut code = lines.join("\n") + "\n";
        if lang == Lang::Go {
            // Go refuses an unused import; whoever wrote the other line removed it.
            code.push_str("\nvar _ = hex.EncodeToString\n");
        }
        let prog = build(lang, &code, &format!("fix-{lang}-{n}"));
        let (status, v) = check_json(h, 12, &prog);
        let groups = v["groups"].as_array().cloned().unwrap_or_default();
        let causes: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                g["causes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.as_str().map(String::from))
                    .collect()
            })
            .collect();
        assert_eq!(
            (status, causes),
            (
                1,
                vec![row.causes.iter().map(|c| c.to_string()).collect::<Vec<_>>()]
            ),
            "{lang}: `{wrote}` should prove {} and only that: {v:#}",
            row.causes.join("+")
        );
    }
}

macro_rules! per_language {
    ($($name:ident => $lang:expr),* $(,)?) => {
        mod hash_snippet_reproduces_vectors_and_passes_check {
            $( #[test] fn $name() { use ks_snippets::Lang; super::hash_snippet($lang) } )*
        }
        mod fix_table_line_makes_exactly_its_cause {
            $( #[test] fn $name() { use ks_snippets::Lang; super::fix_table($lang) } )*
        }
    };
}

per_language! {
    bash => Lang::Bash,
    python => Lang::Python,
    node => Lang::Node,
    php => Lang::Php,
    ruby => Lang::Ruby,
    go => Lang::Go,
    java => Lang::Java,
    csharp => Lang::Csharp,
    perl => Lang::Perl,
}

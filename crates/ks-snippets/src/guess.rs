//! Which language a command runs, for the fix shown by `check --serve` when no language is
//! given: `python3 x.py` is Python, `php -f x.php` PHP, `go run .` Go.

use crate::Lang;

/// Launchers that run the next word as the command: `env`, `uv run`, `poetry run`, `npx`, ...
const WRAPPERS: [&str; 10] = [
    "env", "exec", "time", "nice", "uv", "poetry", "pipenv", "npx", "bundle", "timeout",
];

/// Words that wrappers take before the command (`uv run`, `bundle exec`).
const WRAPPER_WORDS: [&str; 2] = ["run", "exec"];

fn by_program(name: &str) -> Option<Lang> {
    // python3.12, pypy3, php8.2: the version does not matter.
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match base {
        "python" | "pypy" | "py" => Lang::Python,
        "php" | "php-cli" => Lang::Php,
        "node" | "nodejs" | "deno" | "bun" | "tsx" | "ts-node" => Lang::Node,
        "go" => Lang::Go,
        "ruby" | "rake" => Lang::Ruby,
        "java" | "javac" | "mvn" | "gradle" | "jshell" => Lang::Java,
        "bash" | "sh" | "zsh" | "dash" | "ksh" => Lang::Bash,
        "perl" => Lang::Perl,
        "dotnet" | "mono" | "csi" => Lang::Csharp,
        _ => return None,
    })
}

fn by_extension(arg: &str) -> Option<Lang> {
    let (_, ext) = arg.rsplit_once('.')?;
    Some(match ext {
        "py" => Lang::Python,
        "php" => Lang::Php,
        "js" | "mjs" | "cjs" | "ts" => Lang::Node,
        "go" => Lang::Go,
        "rb" => Lang::Ruby,
        "java" | "jar" => Lang::Java,
        "sh" | "bash" => Lang::Bash,
        "pl" => Lang::Perl,
        "cs" | "csproj" | "exe" => Lang::Csharp,
        _ => return None,
    })
}

/// The first program of a shell script that is not the shell's own, by name, else by a
/// word's extension.
fn in_script(script: &str) -> Option<Lang> {
    let words: Vec<&str> = script
        .split(|c: char| c.is_whitespace() || ";&|()'\"`".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .filter_map(|w| by_program(w.rsplit('/').next().unwrap_or(w)))
        .find(|l| *l != Lang::Bash)
        .or_else(|| words.iter().find_map(|w| by_extension(w)))
}

/// The language `argv` runs: by the program's name (past `env`, `uv run` and the like), else
/// by the extension of the first argument that has a known one (`./token.py`); `None` when
/// neither tells.
pub fn guess(argv: &[String]) -> Option<Lang> {
    let mut rest = argv;
    while let Some((first, tail)) = rest.split_first() {
        let name = first.rsplit('/').next().unwrap_or(first);
        if WRAPPERS.contains(&name) || name.contains('=') || name.starts_with('-') {
            rest = tail;
            continue;
        }
        if WRAPPER_WORDS.contains(&name) && rest.len() < argv.len() {
            rest = tail;
            continue;
        }
        if let Some(l) = by_program(name) {
            // `sh -c 'echo "$T" > f && exec python3 login.py'`: the language the script runs.
            if l == Lang::Bash
                && let Some(script) = tail
                    .iter()
                    .position(|a| a == "-c")
                    .and_then(|i| tail.get(i + 1))
            {
                return Some(in_script(script).unwrap_or(Lang::Bash));
            }
            return Some(l);
        }
        break;
    }
    argv.iter().find_map(|a| by_extension(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(cmd: &str) -> Option<Lang> {
        let argv: Vec<String> = cmd.split(' ').map(String::from).collect();
        guess(&argv)
    }

    #[test]
    fn the_usual_ways_of_running_a_program_name_its_language() {
        assert_eq!(g("python3 x.py"), Some(Lang::Python));
        assert_eq!(g("/usr/bin/python3.12 -u x.py"), Some(Lang::Python));
        assert_eq!(g("uv run python x.py"), Some(Lang::Python));
        assert_eq!(g("php x.php"), Some(Lang::Php));
        assert_eq!(g("php8.2 -f x.php"), Some(Lang::Php));
        assert_eq!(g("node x.js"), Some(Lang::Node));
        assert_eq!(g("npx tsx x.ts"), Some(Lang::Node));
        assert_eq!(g("go run ./cmd/login"), Some(Lang::Go));
        assert_eq!(g("bundle exec ruby x.rb"), Some(Lang::Ruby));
        assert_eq!(g("java Login.java"), Some(Lang::Java));
        assert_eq!(g("bash login.sh"), Some(Lang::Bash));
        assert_eq!(g("env FOO=1 perl x.pl"), Some(Lang::Perl));
        assert_eq!(g("dotnet run"), Some(Lang::Csharp));
    }

    #[test]
    fn a_shell_one_liner_is_known_by_the_program_it_runs() {
        let argv: Vec<String> = ["sh", "-c", "echo \"$T\" > t.txt && exec python3 login.py"]
            .map(String::from)
            .to_vec();
        assert_eq!(guess(&argv), Some(Lang::Python));
        let argv: Vec<String> = ["bash", "-c", "./login.sh; echo done"]
            .map(String::from)
            .to_vec();
        assert_eq!(guess(&argv), Some(Lang::Bash));
        let argv: Vec<String> = ["sh", "-c", "cd app && node dist/login.js"]
            .map(String::from)
            .to_vec();
        assert_eq!(guess(&argv), Some(Lang::Node));
    }

    #[test]
    fn a_script_run_directly_is_known_by_its_extension_and_a_binary_by_nothing() {
        assert_eq!(g("./login.py --verbose"), Some(Lang::Python));
        assert_eq!(g("./login"), None);
        assert_eq!(g("make login"), None);
    }
}

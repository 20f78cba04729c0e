//! The table (cause, language) -> (the line people write, the line to write instead), kept as
//! data in `snippets/fixes.txt`.

use crate::Lang;
use ks_core::diagnose::Cause;
use ks_core::digest::HashType;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../snippets/fixes.txt");

/// One line of the table. The lines carry the hashType placeholders of [`crate::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The cause codes the `wrote` line is proven to make (causes.md), in chain order.
    pub causes: Vec<&'static str>,
    /// The language.
    pub lang: Lang,
    /// The line as people write it.
    pub wrote: &'static str,
    /// The line to write instead: a line of the language's `--flow hash` snippet.
    pub write: &'static str,
    /// The import the `wrote` line needs, if any.
    pub uses: Option<&'static str>,
    /// For `wrong_hash_type`: the algorithm the `wrote` line hard-codes.
    pub used: Option<HashType>,
}

/// Reads the table: records of `key: value` lines separated by blank lines, `#` comments.
/// Errors name the line.
pub fn parse(text: &'static str) -> Result<Vec<Fix>, String> {
    let mut out = Vec::new();
    let mut fields: Vec<(usize, &'static str, &'static str)> = Vec::new();
    let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    for (n, line) in lines.chain(std::iter::once((0, ""))) {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !fields.is_empty() {
                out.push(record(&fields)?);
                fields.clear();
            }
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("fixes.txt line {n}: expected `key: value`"))?;
        fields.push((n, key.trim(), value.trim()));
    }
    Ok(out)
}

fn record(fields: &[(usize, &'static str, &'static str)]) -> Result<Fix, String> {
    let first = fields.first().map_or(0, |f| f.0);
    let get = |k: &str| fields.iter().find(|f| f.1 == k).map(|f| f.2);
    let need = |k: &str| get(k).ok_or_else(|| format!("fixes.txt line {first}: no `{k}:`"));
    if let Some((n, k, _)) = fields
        .iter()
        .find(|f| !["cause", "lang", "wrote", "write", "uses", "used"].contains(&f.1))
    {
        return Err(format!("fixes.txt line {n}: unknown key `{k}`"));
    }
    Ok(Fix {
        causes: need("cause")?.split('+').map(str::trim).collect(),
        lang: need("lang")?
            .parse()
            .map_err(|e| format!("fixes.txt line {first}: {e}"))?,
        wrote: need("wrote")?,
        write: need("write")?,
        uses: get("uses"),
        used: get("used")
            .map(str::parse)
            .transpose()
            .map_err(|e| format!("fixes.txt line {first}: {e}"))?,
    })
}

/// The whole table.
pub fn fixes() -> &'static [Fix] {
    static PARSED: OnceLock<Vec<Fix>> = OnceLock::new();
    // The table is checked by a unit test; a broken one would offer no lines, not panic.
    PARSED.get_or_init(|| parse(TABLE).unwrap_or_default())
}

fn matches(fix: &Fix, c: &Cause) -> bool {
    fix.causes.contains(&c.code.as_str())
        && fix.used.is_none_or(|u| {
            c.details
                .iter()
                .any(|(k, v)| *k == "used" && v.eq_ignore_ascii_case(u.cli_name()))
        })
}

/// The lines of `lang` for a proven chain of causes: the records whose causes are exactly the
/// chain's, else those of each single cause in the chain.
pub fn fixes_for(lang: Lang, chain: &[Cause]) -> Vec<&'static Fix> {
    let of_lang = || fixes().iter().filter(move |f| f.lang == lang);
    let exact: Vec<&Fix> = of_lang()
        .filter(|f| {
            f.causes.len() == chain.len()
                && f.causes
                    .iter()
                    .zip(chain)
                    .all(|(code, c)| *code == c.code.as_str())
                && chain.iter().all(|c| matches(f, c))
        })
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    of_lang()
        .filter(|f| f.causes.len() == 1 && chain.iter().any(|c| matches(f, c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ks_core::diagnose::CauseCode;

    #[test]
    fn the_table_parses_and_names_only_known_causes() {
        let table = parse(TABLE).unwrap_or_else(|e| panic!("{e}"));
        assert!(table.len() >= 30, "{} records", table.len());
        for f in &table {
            for c in &f.causes {
                assert!(
                    CauseCode::ALL.iter().any(|k| k.as_str() == *c),
                    "unknown cause {c} in {f:?}"
                );
            }
        }
    }

    #[test]
    fn every_write_line_is_a_line_of_the_hash_snippet() {
        for f in fixes() {
            let code = crate::template(f.lang, crate::Flow::Hash).unwrap_or_default();
            assert!(
                code.lines().any(|l| l.trim() == f.write),
                "{}: {:?} is not in the snippet",
                f.lang,
                f.write
            );
            assert!(
                !code.lines().any(|l| l.trim() == f.wrote),
                "{}: the snippet has the wrong line {:?}",
                f.lang,
                f.wrote
            );
        }
    }

    #[test]
    fn a_bad_table_is_an_error_naming_the_line() {
        let err = parse("cause: hmac\nlang: cobol\nwrote: x\nwrite: y\n").unwrap_err();
        assert!(err.contains("line 1") && err.contains("cobol"), "{err}");
        let err = parse("cause: hmac\nlang: php\nwrote x\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }
}

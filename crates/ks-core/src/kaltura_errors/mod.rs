//! Kaltura's error codes and message templates: one table, read by the intake (a message
//! in a log or a client's exception text is turned back into its code and arguments), by
//! `explain`, and by the API emulation (which words its answers from it).
//!
//! The data is `errors.txt`, written by `scripts/kaltura-errors.py` from kaltura/server's
//! `api_v3/lib/KalturaErrors.php` and `alpha/apps/kaltura/lib/webservices/APIErrors.class.php`
//! in Kaltura's own format, `CODE;ARG1,ARG2;template with @ARG1@`. `KalturaErrors extends
//! APIErrors`, so a constant defined in both has two templates and both reach users: api_v3
//! code that throws `KalturaErrors::INVALID_KS` says `Invalid KS "…", Error "…"`, while
//! `SessionService::startWidgetSession` throws `APIErrors::INVALID_KS`, `Invalid KS […].
//! Error […]`.
//!
//! ```
//! use ks_core::kaltura_errors::{self, Class};
//! let t = kaltura_errors::template(Class::ApiErrors, "INVALID_WIDGET_ID").unwrap();
//! assert_eq!(t.render(&["_77"]), "Unknown widget [_77]");
//! let m = kaltura_errors::match_message("Application token id \"0_x\" not found").unwrap();
//! assert_eq!((m.template.code, m.args[0].1.as_str()), ("APP_TOKEN_ID_NOT_FOUND", "0_x"));
//! assert_eq!(kaltura_errors::suggest("INVALID_APP_TOKN_HASH"), Some("INVALID_APP_TOKEN_HASH"));
//! ```

mod matching;

pub use matching::{MessageMatch, find_in, match_message};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Which server class defines the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `api_v3/lib/KalturaErrors.php`: the API's own (wins over APIErrors for the same name).
    KalturaErrors,
    /// `alpha/apps/kaltura/lib/webservices/APIErrors.class.php`: the base class.
    ApiErrors,
}

/// One error template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The class that defines it.
    pub class: Class,
    /// The PHP constant's name (usually the code; a few constants send another code).
    pub constant: &'static str,
    /// The code the server sends (`code` of the KalturaAPIException).
    pub code: &'static str,
    /// The arguments' names, as Kaltura names them (`KSID`, `ERR_CODE`, ...), in order.
    pub args: Vec<&'static str>,
    /// The message with `@NAME@` where each argument goes.
    pub message: &'static str,
}

impl Template {
    /// The message with the arguments in order (`KalturaAPIException`'s `@NAME@`
    /// substitution); missing arguments leave an empty slot.
    pub fn render(&self, values: &[&str]) -> String {
        let mut out = self.message.to_string();
        for (i, name) in self.args.iter().enumerate() {
            out = out.replace(&format!("@{name}@"), values.get(i).copied().unwrap_or(""));
        }
        out
    }
}

const DATA: &str = include_str!("errors.txt");

static TABLE: LazyLock<Vec<Template>> = LazyLock::new(|| DATA.lines().filter_map(row).collect());

fn row(line: &'static str) -> Option<Template> {
    if line.starts_with('#') {
        return None;
    }
    let mut cols = line.splitn(3, '\t');
    let class = match cols.next()? {
        "KalturaErrors" => Class::KalturaErrors,
        "APIErrors" => Class::ApiErrors,
        _ => return None,
    };
    let constant = cols.next()?;
    let mut parts = cols.next()?.splitn(3, ';');
    let code = parts.next()?.trim();
    let args = parts
        .next()?
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let message = parts.next()?.trim();
    Some(Template {
        class,
        constant,
        code,
        args,
        message,
    })
}

/// Every template, KalturaErrors' first, in the server files' order.
pub fn all() -> &'static [Template] {
    &TABLE
}

/// Each code's templates (indexes into the table), for lookups in long logs.
static BY_CODE: LazyLock<HashMap<&'static str, Vec<usize>>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (i, t) in all().iter().enumerate() {
        m.entry(t.code).or_default().push(i);
    }
    m
});

/// The templates the server sends with `code`, KalturaErrors' first (exact, upper case).
pub fn templates(code: &str) -> impl Iterator<Item = &'static Template> {
    BY_CODE.get(code).into_iter().flatten().map(|&i| &all()[i])
}

/// The template `class` defines for `code`.
pub fn template(class: Class, code: &str) -> Option<&'static Template> {
    templates(code).find(|t| t.class == class)
}

/// True when the server sends `code` (exact spelling).
pub fn is_code(code: &str) -> bool {
    templates(code).next().is_some()
}

/// The known code nearest to `typed` (case-insensitive Damerau-Levenshtein distance of at
/// most a third of its length, and at most 4), for "did you mean"; `None` when nothing is
/// close or `typed` is itself a code.
pub fn suggest(typed: &str) -> Option<&'static str> {
    let up = typed.trim().to_ascii_uppercase();
    nearest(&up, words())
}

/// The word of `words` nearest to `typed` (compared as given), within the distance
/// [`suggest`] allows; `None` when `typed` is among them.
pub fn nearest<'w>(typed: &str, words: impl Iterator<Item = &'w str>) -> Option<&'w str> {
    let limit = (typed.chars().count() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    for w in words {
        let d = strsim::damerau_levenshtein(typed, w);
        if d == 0 {
            return None;
        }
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, w));
        }
    }
    best.map(|(_, w)| w)
}

/// The codes of appToken.startSession's flow (startWidgetSession, then startSession):
/// the only ones looked for in free text, where any other message could be noise.
pub const FLOW_CODES: &[&str] = &[
    "INVALID_APP_TOKEN_HASH",
    "APP_TOKEN_ID_NOT_FOUND",
    "APP_TOKEN_NOT_ACTIVE",
    "APP_TOKEN_EXPIRED",
    "INVALID_KS",
    "MISSING_KS",
    "SERVICE_FORBIDDEN",
    "INVALID_WIDGET_ID",
    "START_SESSION_ERROR",
    "START_WIDGET_SESSION_ERROR",
    "MISSING_MANDATORY_PARAMETER",
    "INVALID_PARTNER_ID",
];

/// The KS check's results (`kSessionBase`'s constants, alpha/apps/kaltura/lib/request/
/// kSessionBase.class.php): the number and the name INVALID_KS carries as ERR_CODE, ERR_DESC.
pub const KS_ERRORS: &[(i32, &str)] = &[
    (-1, "INVALID_STR"),
    (-2, "INVALID_PARTNER"),
    (-3, "INVALID_USER"),
    (-4, "INVALID_TYPE"),
    (-5, "EXPIRED"),
    (-6, "LOGOUT"),
    (-7, "INVALID_LKS"),
    (-8, "EXCEEDED_ACTIONS_LIMIT"),
    (-9, "EXCEEDED_RESTRICTED_IP"),
    (-11, "EXCEEDED_RESTRICTED_URI"),
];

/// True when `word` is a KS check result as logs and `--error` values write it: `-5`,
/// `EXPIRED`, `-5,EXPIRED`.
pub fn is_ks_error(word: &str) -> bool {
    let w = word.trim();
    let (num, name) = match w.split_once(',') {
        Some((n, d)) => (Some(n.trim()), Some(d.trim())),
        None if w.starts_with('-') => (Some(w), None),
        None => (None, Some(w)),
    };
    KS_ERRORS.iter().any(|(n, d)| {
        num.is_none_or(|x| x == n.to_string()) && name.is_none_or(|x| x.eq_ignore_ascii_case(d))
    })
}

/// Every word the server sends as a code or a KS check result, for "did you mean".
pub fn words() -> impl Iterator<Item = &'static str> {
    all()
        .iter()
        .map(|t| t.code)
        .chain(KS_ERRORS.iter().map(|(_, d)| *d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_both_classes_and_every_flow_code() {
        assert!(all().len() > 500, "{}", all().len());
        for code in FLOW_CODES {
            assert!(is_code(code), "{code}");
        }
        let ks: Vec<&str> = templates("INVALID_KS").map(|t| t.message).collect();
        assert_eq!(
            ks,
            [
                "Invalid KS \"@KSID@\", Error \"@ERR_CODE@,@ERR_DESC@\"",
                "Invalid KS [@KSID@]. Error [@ERR_CODE@,@ERR_DESC@]"
            ]
        );
        assert_eq!(
            template(Class::KalturaErrors, "INVALID_KS").unwrap().args,
            ["KSID", "ERR_CODE", "ERR_DESC"]
        );
    }

    #[test]
    fn typos_get_the_nearest_code_and_far_words_none() {
        assert_eq!(
            suggest("APP_TOKEN_NOT_FOUND"),
            Some("APP_TOKEN_ID_NOT_FOUND")
        );
        // A code in another case is the code: nothing to suggest.
        assert_eq!(suggest("invalid_ks"), None);
        assert_eq!(suggest("INVALID_KS"), None);
        assert_eq!(suggest("INVALD_KS"), Some("INVALID_KS"));
        assert_eq!(suggest("it broke"), None);
    }
}

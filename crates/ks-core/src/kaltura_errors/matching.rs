//! A message back to its template: the literal text between the `@ARG@` slots must match,
//! each slot takes what lies between (the last one up to the template's tail).

use super::{FLOW_CODES, Template, all};
use std::sync::LazyLock;

/// A message read back: the template and each argument's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageMatch {
    /// The template that reproduces the message.
    pub template: &'static Template,
    /// `(name, value)` per argument, in the template's order.
    pub args: Vec<(&'static str, String)>,
    /// Where the message lies in the text searched (the whole message for
    /// [`match_message`]).
    pub span: (usize, usize),
}

impl MessageMatch {
    /// The value of the argument `name`.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The template's literal pieces around its slots: `lead, between…, tail`, and the slot
/// names in the order they appear.
fn pieces(t: &Template) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut lits = Vec::new();
    let mut slots = Vec::new();
    let mut rest = t.message;
    loop {
        match rest.find('@').and_then(|a| {
            let end = rest[a + 1..].find('@')? + a + 1;
            let name = &rest[a + 1..end];
            (!name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit()))
            .then_some((a, end, name))
        }) {
            Some((a, end, name)) => {
                lits.push(&rest[..a]);
                slots.push(name);
                rest = &rest[end + 1..];
            }
            None => {
                lits.push(rest);
                break;
            }
        }
    }
    (lits, slots)
}

/// Matches `text[from..]` against `t`, the lead at `from`; returns the end and the values.
fn match_at(
    t: &'static Template,
    text: &str,
    from: usize,
    anchored_end: bool,
) -> Option<(usize, Vec<(&'static str, String)>)> {
    let (lits, slots) = pieces(t);
    let mut at = from;
    if !text[at..].starts_with(lits[0]) {
        return None;
    }
    at += lits[0].len();
    let mut values = Vec::new();
    for (i, name) in slots.iter().enumerate() {
        let next = lits[i + 1];
        let last = i + 1 == slots.len();
        let end = if last && next.is_empty() {
            // A final slot: to the end of the message (or of the line in free text).
            if anchored_end {
                text.len()
            } else {
                text[at..].find(['\n', '\r']).map_or(text.len(), |p| at + p)
            }
        } else if last && anchored_end {
            text.len()
                .checked_sub(next.len())
                .filter(|&e| e >= at && text.get(e..) == Some(next))?
        } else {
            // A value never spans lines in a message.
            let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
            at + text[at..line_end].find(next)?
        };
        values.push((*name, text[at..end].to_string()));
        at = end + next.len();
    }
    if slots.is_empty() && anchored_end && at != text.len() {
        return None;
    }
    Some((at, values))
}

/// The literal characters a template pins down: more is more specific.
fn weight(t: &Template) -> usize {
    pieces(t).0.iter().map(|p| p.len()).sum()
}

/// The template the whole `message` is an instance of (trimmed), the most specific when
/// several are (more literal text; KalturaErrors' before APIErrors' on a tie).
pub fn match_message(message: &str) -> Option<MessageMatch> {
    let m = message.trim();
    let mut best: Option<(usize, MessageMatch)> = None;
    for t in all() {
        // A template that is all slot ("@ERROR@") would match anything.
        let w = weight(t);
        if w < 6 || best.as_ref().is_some_and(|(bw, _)| *bw >= w) {
            continue;
        }
        if let Some((_, args)) = match_at(t, m, 0, true) {
            best = Some((
                w,
                MessageMatch {
                    template: t,
                    args,
                    span: (0, m.len()),
                },
            ));
        }
    }
    best.map(|(_, m)| m)
}

/// The flow's templates with their leading text (long enough to look for: 6 bytes or more).
static FLOW: LazyLock<Vec<(&'static Template, &'static str)>> = LazyLock::new(|| {
    all()
        .iter()
        .filter(|t| FLOW_CODES.contains(&t.code))
        .map(|t| (t, pieces(t).0[0]))
        .filter(|(_, lead)| lead.len() >= 6)
        .collect()
});

/// The first message of the startSession flow's errors ([`FLOW_CODES`]) anywhere in `text`
/// (a log line, an exception's text), the longest at that place.
pub fn find_in(text: &str) -> Option<MessageMatch> {
    let mut best: Option<MessageMatch> = None;
    for &(t, lead) in FLOW.iter() {
        let mut from = 0;
        while let Some(p) = text[from..].find(lead) {
            let start = from + p;
            if let Some((end, args)) = match_at(t, text, start, false) {
                let better = best
                    .as_ref()
                    .is_none_or(|b| start < b.span.0 || (start == b.span.0 && end > b.span.1));
                if better {
                    best = Some(MessageMatch {
                        template: t,
                        args,
                        span: (start, end),
                    });
                }
                break;
            }
            from = start + lead.len();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flow_message_reads_back_to_its_code_and_arguments() {
        for t in all().iter().filter(|t| FLOW_CODES.contains(&t.code)) {
            let values: Vec<String> = (0..t.args.len()).map(|i| format!("v{i}")).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let text = t.render(&refs);
            let m = match_message(&text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(m.template.code, t.code, "{text}");
            let got: Vec<&str> = m.args.iter().map(|(_, v)| v.as_str()).collect();
            assert_eq!(got, refs, "{text}");
            let line =
                format!("PHP Fatal error:  Uncaught KalturaException: {text} in /var/www/x.php:12");
            assert_eq!(
                find_in(&line).map(|m| m.template.code),
                Some(t.code),
                "{line}"
            );
        }
    }

    #[test]
    fn invalid_ks_in_both_forms_and_an_unknown_widget() {
        let m = match_message("Invalid KS \"djJ8MTIz\", Error \"-5,EXPIRED\"").unwrap();
        assert_eq!(
            (m.arg("KSID"), m.arg("ERR_CODE"), m.arg("ERR_DESC")),
            (Some("djJ8MTIz"), Some("-5"), Some("EXPIRED"))
        );
        let m = match_message("Invalid KS [djJ8MTIz]. Error [-1,INVALID_STR]").unwrap();
        assert_eq!(
            (m.template.code, m.arg("ERR_DESC")),
            ("INVALID_KS", Some("INVALID_STR"))
        );
        let m = find_in("error: Unknown widget [_77] (INVALID_WIDGET_ID)").unwrap();
        assert_eq!(
            (m.template.code, m.arg("WIDGET_ID")),
            ("INVALID_WIDGET_ID", Some("_77"))
        );
        assert!(match_message("it broke").is_none());
    }
}

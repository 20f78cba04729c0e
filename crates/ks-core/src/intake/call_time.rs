//! When a logged call was made, from the log itself: a HAR entry's `startedDateTime`, the
//! time stamp that starts the request's line (Kaltura's own API log, client logs, Monolog's
//! `[2024-03-05T10:20:30+00:00]`), or the `Date:` header of the answer in a `curl -v`
//! trace. The call's time judges the KS's expiry; today's clock never does.

use crate::unix_time::{parse_http_date, parse_iso8601, parse_iso8601_zoned};

/// How far a time stamp without a time zone may be from UTC: the writer's local time, from
/// UTC-12 to UTC+14.
pub const ZONELESS_SLACK: i64 = 14 * 3600;

/// A call's time as a log shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Unix seconds (a stamp without a zone read as UTC).
    pub at: i64,
    /// Seconds either way the real time may differ: [`ZONELESS_SLACK`] for a stamp without
    /// a time zone, else 0.
    pub slack: i64,
}

/// The time of the call logged at `place` (`HAR entry N` or `line N`, as
/// [`crate::intake::log_requests::SeenRequest::place`] names it) in `text`, if the log shows it.
///
/// ```
/// use ks_core::intake::call_time::of_request;
/// let log = "2023-11-15 22:13:20 POST /api_v3/service/appToken/action/startSession ks=K&id=0_a&tokenHash=ab\n";
/// assert_eq!(of_request(log, "line 1"), Some(1_700_086_400));
/// let trace = "> POST /api_v3/service/appToken/action/startSession HTTP/1.1\n> \n< HTTP/1.1 200 OK\n< Date: Wed, 15 Nov 2023 22:13:20 GMT\n";
/// assert_eq!(of_request(trace, "line 1"), Some(1_700_086_400));
/// ```
pub fn of_request(text: &str, place: &str) -> Option<i64> {
    stamp_of_request(text, place).map(|s| s.at)
}

/// [`of_request`] with how sure the time is: a stamp without a time zone may be off by
/// [`ZONELESS_SLACK`].
///
/// ```
/// use ks_core::intake::call_time::{stamp_of_request, ZONELESS_SLACK};
/// let log = "2023-11-15 22:13:20 startSession tokenHash=ab\n";
/// assert_eq!(stamp_of_request(log, "line 1").unwrap().slack, ZONELESS_SLACK);
/// ```
pub fn stamp_of_request(text: &str, place: &str) -> Option<Stamp> {
    let exact = |at| Stamp { at, slack: 0 };
    if let Some(n) = place.strip_prefix("HAR entry ") {
        let n: usize = n.trim().parse().ok()?;
        let v: serde_json::Value = serde_json::from_str(text.trim_start()).ok()?;
        let entry = v
            .pointer("/log/entries")?
            .as_array()?
            .get(n.checked_sub(1)?)?;
        return parse_iso8601(entry.get("startedDateTime")?.as_str()?).map(exact);
    }
    let n: usize = place.strip_prefix("line ")?.trim().parse().ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.get(n.checked_sub(1)?)?;
    if let Some((at, zoned)) = line_stamp(line) {
        let slack = if zoned { 0 } else { ZONELESS_SLACK };
        return Some(Stamp { at, slack });
    }
    // curl -v: the answer's `< Date:` header follows the request, before the next request.
    lines
        .iter()
        .skip(n)
        .take_while(|l| !l.starts_with("> POST") && !l.starts_with("> GET"))
        .find_map(|l| {
            let h = l.trim_start_matches(['<', ' ']);
            let (name, value) = h.split_once(':')?;
            name.eq_ignore_ascii_case("date")
                .then(|| parse_http_date(value.trim()))
                .flatten()
        })
        .map(exact)
}

/// The time stamp a log line starts with: `2024-03-05 10:20:30`, `2024-03-05T10:20:30.123Z`,
/// `[2024-03-05T10:20:30+00:00]`, `2024/03/05 10:20:30` (Go's log).
fn line_stamp(line: &str) -> Option<(i64, bool)> {
    let l = line.trim_start().trim_start_matches('[');
    let head: String = l.chars().take(35).collect();
    let head = head.replacen('/', "-", 2);
    // The stamp ends at the first space after the time, or a `]`.
    let end = head
        .char_indices()
        .skip(19)
        .find(|(_, c)| *c == ']' || *c == ' ')
        .map_or(head.len(), |(i, _)| i);
    parse_iso8601_zoned(head.get(..end)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn har_entries_and_stamped_lines() {
        let har = r#"{"log":{"entries":[{"startedDateTime":"2023-11-15T22:13:19.000Z"},{"startedDateTime":"2023-11-16T00:13:20.123+02:00"}]}}"#;
        assert_eq!(of_request(har, "HAR entry 2"), Some(1_700_086_400));
        assert_eq!(of_request(har, "HAR entry 3"), None);
        assert_eq!(of_request(har, "HAR entry 0"), None);
        let log = "[2023-11-15T22:13:20+00:00] app.DEBUG: startSession {\"tokenHash\":\"ab\"}\n2023/11/15 22:13:21 tokenHash=ab\nno stamp tokenHash=ab\n";
        assert_eq!(of_request(log, "line 1"), Some(1_700_086_400));
        assert_eq!(of_request(log, "line 2"), Some(1_700_086_401));
        assert_eq!(of_request(log, "line 3"), None);
        assert_eq!(of_request(log, "line 9"), None);
    }

    #[test]
    fn a_trace_takes_the_date_of_its_own_answer() {
        let trace = "> POST /api_v3/service/session/action/startWidgetSession HTTP/1.1\n< Date: Wed, 15 Nov 2023 22:00:00 GMT\n> POST /api_v3/service/appToken/action/startSession HTTP/1.1\n< Date: Wed, 15 Nov 2023 22:13:20 GMT\n";
        assert_eq!(of_request(trace, "line 3"), Some(1_700_086_400));
    }
}

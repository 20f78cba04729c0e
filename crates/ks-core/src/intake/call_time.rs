//! When a logged call was made, from the log itself: a HAR entry's `startedDateTime`, the
//! time stamp of the request's line (Kaltura's own API log, client logs, Monolog's
//! `[2024-03-05T10:20:30+00:00]`, a JSON log line's `time`, an access log's
//! `[05/Mar/2024:10:20:30 +0000]`, PHP's `[05-Mar-2024 10:20:30 UTC]`, syslog's
//! `Mar  5 10:20:30`), or the `Date:` header of the answer in a `curl -v` trace. The call's
//! time judges the KS's expiry; today's clock never does.

use crate::unix_time::{month, parse_http_date, parse_iso8601, parse_iso8601_zoned, utc};

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
/// [`crate::intake::seen_request::SeenRequest::place`] names it) in `text`, if the log shows it.
///
/// ```
/// use ks_core::intake::call_time::of_request;
/// let log = "2023-11-15 22:13:20 POST /api_v3/service/appToken/action/startSession ks=K&id=0_a&tokenHash=ab\n";
/// assert_eq!(of_request(log, "line 1"), Some(1_700_086_400));
/// let trace = "> POST /api_v3/service/appToken/action/startSession HTTP/1.1\n> \n< HTTP/1.1 200 OK\n< Date: Wed, 15 Nov 2023 22:13:20 GMT\n";
/// assert_eq!(of_request(trace, "line 1"), Some(1_700_086_400));
/// ```
pub fn of_request(text: &str, place: &str) -> Option<i64> {
    stamp_of_request(text, place, None).map(|s| s.at)
}

/// [`of_request`] with how sure the time is: a stamp without a time zone may be off by
/// [`ZONELESS_SLACK`]. `near` (unix seconds, e.g. when the request's KS was made) gives the
/// year to a stamp that has none (syslog's `Mar  5 10:20:30`): the year that puts it nearest;
/// without it such a stamp is not read.
///
/// ```
/// use ks_core::intake::call_time::{stamp_of_request, ZONELESS_SLACK};
/// let log = "2023-11-15 22:13:20 startSession tokenHash=ab\n";
/// assert_eq!(stamp_of_request(log, "line 1", None).unwrap().slack, ZONELESS_SLACK);
/// ```
pub fn stamp_of_request(text: &str, place: &str, near: Option<i64>) -> Option<Stamp> {
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
    if let Some((at, zoned)) = line_stamp(line, near) {
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

/// The time stamp of a log line, and whether it names its time zone.
fn line_stamp(line: &str, near: Option<i64>) -> Option<(i64, bool)> {
    iso_at_start(line)
        .or_else(|| json_time(line))
        .or_else(|| access_log(line))
        .or_else(|| php_error_log(line))
        .or_else(|| syslog(line, near?))
}

/// `2024-03-05 10:20:30`, `2024-03-05T10:20:30.123Z`, `[2024-03-05T10:20:30+00:00]`,
/// `2024/03/05 10:20:30` (Go's log) at the start of the line.
fn iso_at_start(line: &str) -> Option<(i64, bool)> {
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

/// A JSON log line's own time (pino, bunyan, structlog, Logstash): `time`, `timestamp`,
/// `@timestamp`, `ts`, `datetime`, as ISO 8601 text or unix seconds or milliseconds.
fn json_time(line: &str) -> Option<(i64, bool)> {
    let t = line.trim();
    if !t.starts_with('{') {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    ["time", "timestamp", "@timestamp", "ts", "datetime"]
        .iter()
        .find_map(|k| match v.get(*k)? {
            serde_json::Value::String(s) => parse_iso8601_zoned(s),
            serde_json::Value::Number(n) => {
                let x = n.as_f64()?;
                // Milliseconds past 2001-09-09 read as seconds would be in the year 33658.
                let secs = if x > 1e11 { x / 1000.0 } else { x };
                (secs > 0.0 && secs < 1e11).then_some((secs as i64, true))
            }
            _ => None,
        })
}

/// An access log's `[05/Mar/2024:10:20:30 +0000]`, anywhere on the line.
fn access_log(line: &str) -> Option<(i64, bool)> {
    let open = line.find('[')?;
    let rest = &line[open + 1..];
    let inner = &rest[..rest.find(']')?];
    let (date, zone) = inner.split_once(' ')?;
    let mut p = date.splitn(4, ['/', ':']);
    let d: i64 = p.next()?.parse().ok()?;
    let m = month(p.next()?)?;
    let y: i64 = p.next()?.parse().ok()?;
    let (h, mi, s) = hms(p.next()?)?;
    let z = zone.trim();
    let (sign, digits) = z.split_at_checked(1)?;
    let (zh, zm): (i64, i64) = (
        digits.get(..2)?.parse().ok()?,
        digits.get(2..4)?.parse().ok()?,
    );
    let off = (zh * 3600 + zm * 60) * if sign == "-" { -1 } else { 1 };
    if !matches!(sign, "+" | "-") || !(1..=31).contains(&d) {
        return None;
    }
    Some((utc(y, m, d, h, mi, s)? - off, true))
}

/// PHP's error_log: `[05-Mar-2024 10:20:30 UTC]` (or another zone name: then not zoned).
fn php_error_log(line: &str) -> Option<(i64, bool)> {
    let inner = line.trim_start().strip_prefix('[')?;
    let inner = &inner[..inner.find(']')?];
    let mut w = inner.split_whitespace();
    let mut dmy = w.next()?.split('-');
    let d: i64 = dmy.next()?.parse().ok()?;
    let m = month(dmy.next()?)?;
    let y: i64 = dmy.next()?.parse().ok()?;
    let (h, mi, s) = hms(w.next()?)?;
    let zoned = w.next().is_some_and(|z| z.eq_ignore_ascii_case("UTC"));
    Some((utc(y, m, d, h, mi, s)?, zoned))
}

/// True when the request logged at `place` (`line N`) is stamped the syslog way, with no
/// year (`Mar  5 10:20:30`): such a stamp is read only with a KS's own time to pick the year
/// ([`stamp_of_request`]'s `near`), so without one the call's time stays unknown.
///
/// ```
/// use ks_core::intake::call_time::yearless_stamp;
/// assert!(yearless_stamp("Nov 15 22:13:20 web1 app: startSession tokenHash=ab\n", "line 1"));
/// assert!(!yearless_stamp("2023-11-15 22:13:20 startSession tokenHash=ab\n", "line 1"));
/// ```
pub fn yearless_stamp(text: &str, place: &str) -> bool {
    let line = place
        .strip_prefix("line ")
        .and_then(|n| n.trim().parse::<usize>().ok())
        .and_then(|n| text.lines().nth(n.checked_sub(1)?));
    line.is_some_and(|l| syslog(l.trim_start(), 0).is_some())
}

/// Syslog's `Mar  5 10:20:30` at the start, which has no year and no zone: the year that
/// puts it nearest `near`.
fn syslog(line: &str, near: i64) -> Option<(i64, bool)> {
    let mut w = line.split_whitespace();
    let m = month(w.next()?)?;
    let d: i64 = w.next()?.parse().ok()?;
    let (h, mi, s) = hms(w.next()?)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let year_of_near: i64 = crate::unix_time::iso8601(near).get(..4)?.parse().ok()?;
    (year_of_near - 1..=year_of_near + 1)
        .filter_map(|y| utc(y, m, d, h, mi, s))
        .min_by_key(|t| (t - near).abs())
        .map(|t| (t, false))
}

/// `10:20:30` (a fraction after the seconds is dropped).
fn hms(t: &str) -> Option<(i64, i64, i64)> {
    let mut p = t.split(':');
    let h: i64 = p.next()?.parse().ok()?;
    let mi: i64 = p.next()?.parse().ok()?;
    let s: i64 = p.next()?.split(['.', ',']).next()?.parse().ok()?;
    (h < 24 && mi < 60 && s <= 60).then_some((h, mi, s))
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
    fn the_stamps_client_logs_write() {
        let at = |line: &str, near| {
            stamp_of_request(&format!("{line} tokenHash=ab\n"), "line 1", near)
                .map(|s| (s.at, s.slack))
        };
        assert_eq!(
            at(
                r#"{"level":30,"time":1700086400123,"msg":"startSession"}"#,
                None
            ),
            None
        ); // the suffix breaks the JSON
        let json = "{\"level\":30,\"time\":1700086400123,\"tokenHash\":\"ab\"}\n";
        assert_eq!(
            stamp_of_request(json, "line 1", None).map(|s| s.at),
            Some(1_700_086_400)
        );
        let json = "{\"@timestamp\":\"2023-11-15T22:13:20Z\",\"tokenHash\":\"ab\"}\n";
        assert_eq!(
            stamp_of_request(json, "line 1", None).map(|s| s.at),
            Some(1_700_086_400)
        );
        assert_eq!(
            at(
                "127.0.0.1 - - [15/Nov/2023:23:13:20 +0100] \"POST /api_v3/service/appToken/action/startSession?ks=K",
                None
            ),
            Some((1_700_086_400, 0))
        );
        assert_eq!(
            at("[15-Nov-2023 22:13:20 UTC] PHP Warning:", None),
            Some((1_700_086_400, 0))
        );
        assert_eq!(
            at("[15-Nov-2023 22:13:20 Europe/Paris] PHP Warning:", None),
            Some((1_700_086_400, ZONELESS_SLACK))
        );
        // Syslog has no year: the one nearest the KS's own time.
        assert_eq!(
            at("Nov 15 22:13:20 web1 app[42]:", Some(1_700_000_000)),
            Some((1_700_086_400, ZONELESS_SLACK))
        );
        assert_eq!(at("Nov 15 22:13:20 web1 app[42]:", None), None);
    }

    #[test]
    fn a_trace_takes_the_date_of_its_own_answer() {
        let trace = "> POST /api_v3/service/session/action/startWidgetSession HTTP/1.1\n< Date: Wed, 15 Nov 2023 22:00:00 GMT\n> POST /api_v3/service/appToken/action/startSession HTTP/1.1\n< Date: Wed, 15 Nov 2023 22:13:20 GMT\n";
        assert_eq!(of_request(trace, "line 3"), Some(1_700_086_400));
    }
}

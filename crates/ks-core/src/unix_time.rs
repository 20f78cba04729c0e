//! Unix seconds as ISO-8601 text (UTC) and back: the dates findings name, and the time
//! stamps a HAR entry or a log line gives a call. The calendar is jiff's; no clock.

/// `2023-11-15T22:13:20Z`; outside the calendar's range (years -9999 to 9999, which no KS
/// or call reaches) the number itself, `unix 253402300800`.
///
/// ```
/// assert_eq!(ks_core::unix_time::iso8601(1_700_086_400), "2023-11-15T22:13:20Z");
/// assert_eq!(ks_core::unix_time::iso8601(i64::MAX), "unix 9223372036854775807");
/// ```
pub fn iso8601(unix: i64) -> String {
    match civil(unix) {
        Some(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        None => format!("unix {unix}"),
    }
}

/// `2023-11-15`: the day of `unix`, UTC (the number itself outside the calendar's range).
pub fn date(unix: i64) -> String {
    match civil(unix) {
        Some(t) => format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day()),
        None => format!("unix {unix}"),
    }
}

/// The UTC date and time of day of `unix`, when the calendar reaches it. (Written out by
/// hand above: jiff's strftime would add a sixth to the page's engine for two formats.)
fn civil(unix: i64) -> Option<jiff::civil::DateTime> {
    let t = jiff::Timestamp::from_second(unix).ok()?;
    Some(jiff::tz::Offset::UTC.to_datetime(t))
}

/// The unix time of a civil date and time of day in UTC; `None` when there is no such day
/// (`2024-02-30`, month 13). The time of day is added as seconds, so a leap second (`:60`)
/// reads as the next minute's first.
///
/// ```
/// use ks_core::unix_time::utc;
/// assert_eq!(utc(2023, 11, 15, 22, 13, 20), Some(1_700_086_400));
/// assert_eq!(utc(2024, 2, 30, 0, 0, 0), None);
/// ```
pub fn utc(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Option<i64> {
    let date = jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let midnight = jiff::tz::Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .ok()?;
    Some(midnight.as_second() + hour * 3600 + minute * 60 + second)
}

/// Reads an ISO-8601 / RFC 3339 stamp as a HAR's `startedDateTime` or a log line writes it:
/// `2024-03-05T10:20:30.123Z`, `2024-03-05 10:20:30`, `2024-03-05T10:20:30+02:00`. A stamp
/// without a zone is read as UTC. `None` for anything else.
///
/// ```
/// use ks_core::unix_time::parse_iso8601;
/// assert_eq!(parse_iso8601("2023-11-15T22:13:20.500Z"), Some(1_700_086_400));
/// assert_eq!(parse_iso8601("2023-11-16T00:13:20+02:00"), Some(1_700_086_400));
/// assert_eq!(parse_iso8601("yesterday"), None);
/// ```
pub fn parse_iso8601(s: &str) -> Option<i64> {
    parse_iso8601_zoned(s).map(|(t, _)| t)
}

/// [`parse_iso8601`], and whether the stamp names its time zone (`Z`, `+02:00`): without
/// one, the time is the writer's local time, read as UTC, and may be off by up to 14 hours.
///
/// ```
/// use ks_core::unix_time::parse_iso8601_zoned;
/// assert_eq!(parse_iso8601_zoned("2023-11-15 22:13:20"), Some((1_700_086_400, false)));
/// assert_eq!(parse_iso8601_zoned("2023-11-15T22:13:20Z"), Some((1_700_086_400, true)));
/// ```
pub fn parse_iso8601_zoned(s: &str) -> Option<(i64, bool)> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(part).ok()?.parse().ok())
            .flatten()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b' '))
    {
        return None;
    }
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let zoned = matches!(b.get(i), Some(b'Z' | b'z' | b'+' | b'-'));
    let offset = match b.get(i) {
        None | Some(b'Z' | b'z') => 0,
        Some(&c @ (b'+' | b'-')) => {
            let oh = num(i + 1..i + 3)?;
            let om = match b.get(i + 3) {
                Some(b':') => num(i + 4..i + 6)?,
                Some(_) => num(i + 3..i + 5)?,
                None => 0,
            };
            let o = oh * 3600 + om * 60;
            if c == b'+' { o } else { -o }
        }
        Some(b' ') => 0,
        Some(_) => return None,
    };
    Some((utc(y, mo, d, h, mi, sec)? - offset, zoned))
}

/// Reads an HTTP date (RFC 7231 IMF-fixdate), what a `Date:` header carries:
/// `Tue, 05 Mar 2024 10:20:30 GMT`.
///
/// ```
/// use ks_core::unix_time::parse_http_date;
/// assert_eq!(parse_http_date("Wed, 15 Nov 2023 22:13:20 GMT"), Some(1_700_086_400));
/// ```
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut w = s.split_whitespace();
    let _weekday = w.next()?.strip_suffix(',')?;
    let d: i64 = w.next()?.parse().ok()?;
    let m = month(w.next()?)?;
    let y: i64 = w.next()?.parse().ok()?;
    let mut hms = w.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if !w.next()?.eq_ignore_ascii_case("GMT") || !(1..=31).contains(&d) || h > 23 || mi > 59 {
        return None;
    }
    utc(y, m, d, h, mi, sec)
}

/// `Jan` … `Dec` (any case) as 1 … 12.
pub(crate) fn month(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .iter()
        .position(|x| x.eq_ignore_ascii_case(name))
        .map(|i| i as i64 + 1)
}

/// `n` if it reads as unix seconds; else what it looks like (milliseconds from `Date.now()`,
/// microseconds, nanoseconds) and the value in seconds. 10^11 seconds is the year 5138: no
/// KS or call is dated after it.
///
/// ```
/// assert_eq!(ks_core::unix_time::seconds(1_700_000_100), Ok(1_700_000_100));
/// let e = ks_core::unix_time::seconds(1_700_000_100_000).unwrap_err();
/// assert_eq!(e.to_string(), "1700000100000 looks like milliseconds (13 digits), not unix seconds");
/// assert_eq!(e.seconds, 1_700_000_100);
/// ```
pub fn seconds(n: i64) -> Result<i64, NotSeconds> {
    if n.unsigned_abs() < 100_000_000_000 {
        return Ok(n);
    }
    let digits = n.unsigned_abs().to_string().len();
    let (unit, per_second) = match digits {
        12..=14 => ("milliseconds", 1_000),
        15..=17 => ("microseconds", 1_000_000),
        _ => ("nanoseconds", 1_000_000_000),
    };
    Err(NotSeconds {
        value: n,
        unit,
        digits,
        seconds: n / per_second,
    })
}

/// A time given in a finer unit than unix seconds ([`seconds`]): taken as seconds it lands
/// tens of thousands of years ahead and every KS looks valid. Its `Display` says what it looks
/// like; [`NotSeconds::message`] adds the value to give instead, for a front end to word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotSeconds {
    /// The number given.
    pub value: i64,
    /// What it looks like: `milliseconds`, `microseconds` or `nanoseconds`.
    pub unit: &'static str,
    /// How many digits it has.
    pub digits: usize,
    /// The same instant in unix seconds.
    pub seconds: i64,
}

impl std::fmt::Display for NotSeconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} looks like {} ({} digits), not unix seconds",
            self.value, self.unit, self.digits
        )
    }
}

impl std::error::Error for NotSeconds {}

impl NotSeconds {
    /// What it looks like and the seconds to give instead (`...; pass seconds: 1700000100` on
    /// a command line, `send` to an API).
    pub fn message(&self) -> crate::message::Message {
        crate::words![
            self.to_string(),
            "; ",
            crate::message::Part::Give,
            format!(" seconds: {}", self.seconds),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(date(1_700_086_400), "2023-11-15");
    }

    #[test]
    fn parsing_round_trips_and_refuses_what_is_not_a_stamp() {
        for t in [0, 951_782_400, 1_700_086_400, 1_900_000_000] {
            assert_eq!(parse_iso8601(&iso8601(t)), Some(t));
        }
        assert_eq!(parse_iso8601("2023-11-15 22:13:20"), Some(1_700_086_400));
        assert_eq!(
            parse_iso8601("2023-11-15T22:13:20-0100"),
            Some(1_700_090_000)
        );
        for bad in [
            "",
            "2023-13-15T22:13:20Z",
            // No such day: read as 2 March before jiff checked the calendar.
            "2023-02-30T22:13:20Z",
            "2023-11-15",
            "2023/11/15 22:13:20",
            "2023-11-15T22:13:20Q",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(parse_http_date("Wed, 15 Nov 2023 22:13:20 UTC"), None);
    }
}

//! Unix times as ISO-8601 (UTC) and as "expires in 3 h" / "expired 2 days ago".

/// `2023-11-15T22:13:20Z`.
pub fn iso8601(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn span(seconds: i64) -> String {
    let s = seconds.abs();
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h", s / 3600),
        172_800..=5_183_999 => format!("{} days", s / 86_400),
        _ => format!("{} months", s / 2_592_000),
    }
}

/// `expires in 3 h` or `expired 2 days ago`.
pub fn relative_expiry(valid_until: i64, now: i64) -> String {
    if valid_until > now {
        format!("expires in {}", span(valid_until - now))
    } else {
        format!("expired {} ago", span(now - valid_until))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_086_400), "2023-11-15T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn relative_wording() {
        assert_eq!(relative_expiry(10_800, 0), "expires in 3 h");
        assert_eq!(relative_expiry(0, 172_800), "expired 2 days ago");
    }
}

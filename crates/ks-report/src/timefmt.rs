//! Unix times as ISO-8601 (UTC) and as "expires in 3 h" / "expired 2 days ago".

/// `2023-11-15T22:13:20Z`.
pub fn iso8601(unix: i64) -> String {
    ks_core::unix_time::iso8601(unix)
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

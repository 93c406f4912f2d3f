//! Formatting of values for display, the same on server and browser.

/// Unix milliseconds as `2026-11-22 16:05 UTC`.
pub fn date_time(ms: i64) -> String {
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let minutes = ms_of_day / 60_000;
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// Unix milliseconds as RFC 3339 in UTC, `2026-11-22T16:05:09Z` (feeds).
pub fn rfc3339(ms: i64) -> String {
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let seconds = ms_of_day / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}Z")
}

/// Unix milliseconds as `2026-11-22`.
pub fn date(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `value / unit` in tenths, rounded half up.
fn rounded_tenths(value: u64, unit: u64) -> i64 {
    i64::try_from((u128::from(value) * 10 + u128::from(unit) / 2) / u128::from(unit))
        .unwrap_or(i64::MAX)
}

/// A number of tenths written as a decimal: `123` is `12.3`, `-5` is
/// `-0.5`. Integer formatting only, which keeps the browser's bundle free
/// of floating-point formatting.
pub fn tenths(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let magnitude = tenths.unsigned_abs();
    format!("{sign}{}.{}", magnitude / 10, magnitude % 10)
}

/// A file size as people write it: `100 MB`, `1.5 KB`, `12 bytes`.
pub fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{} MB", tenths(rounded_tenths(bytes, MB)))
    } else if bytes >= 1024 {
        format!("{} KB", tenths(rounded_tenths(bytes, 1024)))
    } else {
        format!("{bytes} bytes")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm), so the browser bundle needs no calendar library.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_format_as_utc() {
        assert_eq!(date_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(date_time(1_795_363_500_000), "2026-11-22 16:05 UTC");
        assert_eq!(date(951_782_400_000), "2000-02-29");
        assert_eq!(date(-86_400_000), "1969-12-31");
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(size(100 * 1024 * 1024), "100 MB");
        assert_eq!(size(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(size(12), "12 bytes");
        assert_eq!(size(1024 * 1024 + 1), "1.0 MB");
        assert_eq!(size(2047), "2.0 KB");
    }

    #[test]
    fn tenths_are_written_as_decimals() {
        assert_eq!(tenths(123), "12.3");
        assert_eq!(tenths(0), "0.0");
        assert_eq!(tenths(-5), "-0.5");
        assert_eq!(tenths(-120), "-12.0");
    }
}

//! Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms), shared by timestamp
//! parsing, HTTP dates and the signer's `X-Sdk-Date`.

/// Years outside 0..=9999 are refused by every caller: four digits is all any format here has,
/// and it keeps the day arithmetic far from overflow.
pub(crate) const MAX_YEAR: i64 = 9999;

/// Days in `month` (1–12) of `year`.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date; the caller has checked `year` is within `0..=MAX_YEAR`.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of days since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Epoch seconds of a calendar date and time of day, or `None` when any part is out of range
/// (a leap second, `:60`, is accepted as the next second).
pub(crate) fn epoch_seconds(
    (year, month, day): (i64, i64, i64),
    (hour, minute, second): (i64, i64, i64),
) -> Option<i64> {
    let valid = (0..=MAX_YEAR).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second);
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in [-719_468, -1, 0, 1, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn out_of_range_parts_are_refused() {
        assert_eq!(epoch_seconds((1970, 1, 1), (0, 0, 0)), Some(0));
        assert_eq!(epoch_seconds((2024, 2, 29), (0, 0, 0)), Some(1_709_164_800));
        for bad in [
            ((2025, 2, 29), (0, 0, 0)),
            ((2025, 13, 1), (0, 0, 0)),
            ((2025, 1, 1), (24, 0, 0)),
            ((10_000, 1, 1), (0, 0, 0)),
            ((-1, 1, 1), (0, 0, 0)),
            ((999_999_999_999_999_999, 1, 1), (0, 0, 0)),
        ] {
            assert_eq!(epoch_seconds(bad.0, bad.1), None, "{bad:?}");
        }
    }
}

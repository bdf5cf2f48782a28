//! Europe/Amsterdam local time without a time-zone database.
//!
//! Dutch data is bucketed by local day and month. Since 1996 the Netherlands follows the
//! EU rule (CET = UTC+1; CEST = UTC+2 from 01:00 UTC on the last Sunday of March to 01:00
//! UTC on the last Sunday of October), which these few lines implement exactly; shipping
//! a full tz database would cost the phone user far more bytes. Dates before 1996 use the
//! same rule, which is close but not exact.

use crate::date;

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// UTC offset in seconds of Amsterdam at the UTC instant `utc_seconds`.
pub fn amsterdam_offset_seconds(utc_seconds: i64) -> i64 {
    let day = utc_seconds.div_euclid(SECONDS_PER_DAY);
    let year = date::year(day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
    let (Some(start), Some(end)) = (last_sunday(year, 3), last_sunday(year, 10)) else {
        return 3600;
    };
    let summer_from = i64::from(start) * SECONDS_PER_DAY + 3600;
    let summer_to = i64::from(end) * SECONDS_PER_DAY + 3600;
    if (summer_from..summer_to).contains(&utc_seconds) {
        7200
    } else {
        3600
    }
}

/// The Amsterdam local calendar day (as a day number) of a UTC timestamp in microseconds.
pub fn amsterdam_day(utc_micros: i64) -> i32 {
    let secs = utc_micros.div_euclid(MICROS_PER_SECOND);
    let local = secs.saturating_add(amsterdam_offset_seconds(secs));
    local
        .div_euclid(SECONDS_PER_DAY)
        .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The UTC instant (seconds) of an Amsterdam wall-clock time given as seconds since the
/// epoch as if local time were UTC. In the autumn hour that occurs twice the first (summer)
/// instant is taken; in the skipped spring hour the result lands an hour later.
pub fn amsterdam_local_to_utc(local_seconds: i64) -> i64 {
    let guess = local_seconds - 3600;
    let summer = local_seconds - 7200;
    if amsterdam_offset_seconds(summer) == 7200 {
        summer
    } else {
        guess
    }
}

fn last_sunday(year: i32, month: u32) -> Option<i32> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let last = date::from_ymd(ny, nm, 1)? - 1;
    // 1970-01-01 was a Thursday: weekday index with Monday = 0 is (days + 3) mod 7.
    let weekday = (last + 3).rem_euclid(7);
    Some(last - (weekday + 1) % 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: i64) -> i64 {
        i64::from(date::from_ymd(y, m, d).unwrap()) * 86_400 + h * 3600
    }

    #[test]
    fn dst_switches_at_the_right_hour() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(amsterdam_offset_seconds(utc(2026, 3, 29, 0)), 3600);
        assert_eq!(amsterdam_offset_seconds(utc(2026, 3, 29, 1)), 7200);
        assert_eq!(amsterdam_offset_seconds(utc(2026, 10, 25, 0)), 7200);
        assert_eq!(amsterdam_offset_seconds(utc(2026, 10, 25, 1)), 3600);
        assert_eq!(amsterdam_offset_seconds(utc(2026, 1, 15, 12)), 3600);
    }

    #[test]
    fn local_day_and_back() {
        // 23:30 UTC on 30 June is already 1 July in Amsterdam.
        let t = utc(2026, 6, 30, 23) + 1800;
        assert_eq!(date::format_iso(amsterdam_day(t * 1_000_000)), "2026-07-01");
        let local = utc(2026, 7, 1, 1) + 1800; // 01:30 local
        assert_eq!(amsterdam_local_to_utc(local), t);
        let winter_local = utc(2026, 1, 1, 0);
        assert_eq!(amsterdam_local_to_utc(winter_local), winter_local - 3600);
    }
}

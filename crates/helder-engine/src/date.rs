//! Calendar arithmetic on day numbers (days since 1970-01-01) and Dutch month names.

use chrono::{Datelike, NaiveDate};

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The calendar date of a day number, or `None` outside chrono's range.
pub fn to_date(days: i32) -> Option<NaiveDate> {
    days.checked_add(UNIX_EPOCH_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The day number of a calendar date.
pub fn from_date(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// The day number of `year-month-day`, or `None` for an impossible date.
pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<i32> {
    NaiveDate::from_ymd_opt(year, month, day).map(from_date)
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_iso(s: &str) -> Option<i32> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(from_date)
}

/// Formats a day number as `YYYY-MM-DD`.
pub fn format_iso(days: i32) -> String {
    to_date(days).map_or_else(
        || format!("dag {days}"),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

/// A month as one ordinal (year × 12 + month − 1), so months sort and subtract simply.
pub fn month_index(days: i32) -> i32 {
    to_date(days).map_or(i32::MIN, |d| d.year() * 12 + d.month0() as i32)
}

/// The year of a day number.
pub fn year(days: i32) -> i32 {
    to_date(days).map_or(i32::MIN, |d| d.year())
}

/// Year and month (1–12) of a month index.
pub fn month_parts(month_index: i32) -> (i32, u32) {
    (
        month_index.div_euclid(12),
        month_index.rem_euclid(12) as u32 + 1,
    )
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of month 1–12 in the reader's language (Dutch lower case, as Dutch writes it).
pub fn month_name_nl(month: u32) -> &'static str {
    crate::locale::pick(&MONTHS_NL, &MONTHS_EN)
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// The short Dutch name of a month: "jan", "feb", …, "mrt" as Dutch abbreviates it.
pub fn month_abbr_nl(month: u32) -> &'static str {
    const ABBR: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    const ABBR_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    crate::locale::pick(&ABBR, &ABBR_EN)
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A date in Dutch long form: "31 oktober 2026".
pub fn format_long_nl(days: i32) -> String {
    match to_date(days) {
        Some(d) => format!("{} {} {}", d.day(), month_name_nl(d.month()), d.year()),
        None => format_iso(days),
    }
}

/// ISO year and week number (1–53) of a day.
pub fn iso_week(days: i32) -> (i32, u32) {
    to_date(days).map_or((0, 0), |d| {
        let w = d.iso_week();
        (w.year(), w.week())
    })
}

/// The last day of the month that contains `days`.
pub fn end_of_month(days: i32) -> i32 {
    let (y, m) = month_parts(month_index(days));
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    from_ymd(ny, nm, 1).map_or(days, |first_next| first_next - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_months() {
        assert_eq!(from_ymd(1970, 1, 1), Some(0));
        let d = from_ymd(2026, 10, 15).unwrap();
        assert_eq!(format_iso(d), "2026-10-15");
        assert_eq!(parse_iso("2026-10-15"), Some(d));
        assert_eq!(month_parts(month_index(d)), (2026, 10));
        assert_eq!(format_long_nl(end_of_month(d)), "31 oktober 2026");
        assert_eq!(
            format_iso(end_of_month(from_ymd(2024, 2, 3).unwrap())),
            "2024-02-29"
        );
        assert_eq!(
            format_iso(end_of_month(from_ymd(2025, 12, 3).unwrap())),
            "2025-12-31"
        );
        assert_eq!(month_abbr_nl(3), "mrt");
        assert_eq!(month_name_nl(13), "?");
    }
}

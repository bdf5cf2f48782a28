//! What the page says when it runs on the service worker's saved copy of the data (no
//! network): when that copy was saved, how long ago, and up to which day its figures run.
//! Texts from `texts`; no web dependency, so it is tested natively.

use helder_core::{date, tz};

use crate::texts::{fill, t};

/// How long ago `saved_ms` was at `now_ms`, in words.
fn age(saved_ms: f64, now_ms: f64) -> String {
    let minutes = ((now_ms - saved_ms) / 60_000.0).max(0.0).floor() as i64;
    match minutes {
        0 => t().just_now.to_string(),
        1..=59 => format!("{minutes} {}", t().minutes_ago),
        60..=2879 => format!("{} {}", minutes / 60, t().hours_ago),
        _ => format!("{} {}", minutes / 1440, t().days_ago),
    }
}

/// "22 november 2026 om 09:12", in Amsterdam time.
fn moment(utc_ms: f64) -> String {
    let utc_s = (utc_ms / 1000.0).floor() as i64;
    let local = utc_s + tz::amsterdam_offset_seconds(utc_s);
    let day = local.div_euclid(86_400) as i32;
    let second = local.rem_euclid(86_400);
    fill(
        t().at_time,
        &[
            &date::format_long_nl(day),
            &format!("{:02}:{:02}", second / 3600, second % 3600 / 60),
        ],
    )
}

/// The notice: saved when, how long ago, and the day the figures run to.
pub fn notice(saved_ms: f64, now_ms: f64, as_of_day: i32) -> String {
    fill(
        t().saved_notice,
        &[
            &moment(saved_ms),
            &age(saved_ms, now_ms),
            &date::format_long_nl(as_of_day),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_when_how_long_ago_and_until_when() {
        // 2026-11-22 08:12 UTC is 09:12 in Amsterdam (winter time).
        let saved = 1_795_335_120_000.0;
        let as_of = date::from_ymd(2026, 10, 31).unwrap();
        let text = notice(saved, saved + 3.0 * 3_600_000.0, as_of);
        assert_eq!(
            text,
            "Geen verbinding: u ziet de gegevens die op 22 november 2026 om 09:12 in deze browser zijn bewaard (3 uur geleden). De cijfers lopen t/m 31 oktober 2026."
        );
        assert_eq!(age(saved, saved + 30_000.0), "zojuist");
        assert_eq!(age(saved, saved + 5.0 * 60_000.0), "5 minuten geleden");
        assert_eq!(age(saved, saved + 3.0 * 86_400_000.0), "3 dagen geleden");
    }
}

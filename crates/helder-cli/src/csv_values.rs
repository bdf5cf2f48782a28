//! Reading single CSV values the way Dutch exports write them, and inferring a column's type.
//!
//! Numbers come as `1.234.567,89` (thousands dots, decimal comma) or `1234567.89`; dates as
//! ISO `2026-10-31` or `31-10-2026`. Every parser is strict: a value that does not fit is
//! `None`, never a guess, so a wrong type becomes an error instead of a wrong number.

use helder_core::date;

/// The type a CSV column becomes in the prepared file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Int,
    Float,
    Date,
    Timestamp,
    /// Timestamps written with a zone (`Z`, `+01:00`), stored as UTC.
    TimestampUtc,
    Bool,
    Text,
}

impl ColumnType {
    /// Parses the name used on the command line (`--type kosten=float`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "int" | "integer" | "geheel" => ColumnType::Int,
            "float" | "number" | "decimal" | "getal" => ColumnType::Float,
            "date" | "datum" => ColumnType::Date,
            "timestamp" | "datetime" | "tijdstip" => ColumnType::Timestamp,
            "timestamptz" | "timestamp_utc" => ColumnType::TimestampUtc,
            "bool" | "boolean" => ColumnType::Bool,
            "text" | "string" | "tekst" => ColumnType::Text,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Int => "int",
            ColumnType::Float => "float",
            ColumnType::Date => "date",
            ColumnType::Timestamp => "timestamp",
            ColumnType::TimestampUtc => "timestamptz",
            ColumnType::Bool => "bool",
            ColumnType::Text => "text",
        }
    }
}

/// Which character separates decimals. Dutch exports (`;`-separated) use a comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    Comma,
    Dot,
}

/// Parses a number in the given convention. Thousands separators must group by three, so
/// `1,5` is never read as fifteen and `1.234` with a dot decimal mark stays 1.234.
pub fn parse_number(s: &str, mark: DecimalMark) -> Option<f64> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (dec, thou) = match mark {
        DecimalMark::Comma => (',', '.'),
        DecimalMark::Dot => ('.', ','),
    };
    let (int_part, frac) = match body.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() && frac.is_none() {
        return None;
    }
    let mut digits = String::with_capacity(body.len() + 1);
    if int_part.contains(thou) {
        let mut groups = int_part.split(thou);
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(first);
        for g in groups {
            if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(g);
        }
    } else {
        if !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(int_part);
    }
    if let Some(f) = frac {
        if f.is_empty() && int_part.is_empty() {
            return None;
        }
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push('.');
        digits.push_str(f);
    }
    let v: f64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Parses a whole number (thousands separators allowed, no decimals).
pub fn parse_int(s: &str, mark: DecimalMark) -> Option<i64> {
    let t = s.trim();
    let dec = match mark {
        DecimalMark::Comma => ',',
        DecimalMark::Dot => '.',
    };
    if t.contains(dec) {
        return None;
    }
    let v = parse_number(t, mark)?;
    // f64 holds integers exactly up to 2^53; longer digit strings are codes, not amounts.
    (v.abs() < 9_007_199_254_740_992.0).then_some(v as i64)
}

/// Parses `2026-10-31` or `31-10-2026` (also with `/`, and one-digit day or month).
pub fn parse_date(s: &str) -> Option<i32> {
    let s = s.trim();
    let sep = if s.contains('-') { '-' } else { '/' };
    let mut parts = s.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &str, max_len: usize| -> Option<u32> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    if a.len() == 4 {
        date::from_ymd(num(a, 4)? as i32, num(b, 2)?, num(c, 2)?)
    } else if c.len() == 4 {
        date::from_ymd(num(c, 4)? as i32, num(b, 2)?, num(a, 2)?)
    } else {
        None
    }
}

/// Parses a date followed by a time `HH:MM[:SS[.fff]]`, as microseconds since 1970 in the
/// local time the export was written in; a value with a zone is not a local time (`None`).
pub fn parse_timestamp(s: &str) -> Option<i64> {
    match parse_timestamp_zoned(s)? {
        (micros, false) => Some(micros),
        (_, true) => None,
    }
}

/// Parses a timestamp with a zone (`…Z`, `…+01:00`, `…-0500`) into UTC microseconds.
pub fn parse_timestamp_utc(s: &str) -> Option<i64> {
    match parse_timestamp_zoned(s)? {
        (micros, true) => Some(micros),
        (_, false) => None,
    }
}

/// Microseconds, and whether the value carried a zone (then they are UTC).
fn parse_timestamp_zoned(s: &str) -> Option<(i64, bool)> {
    let s = s.trim();
    let (d, t) = s.split_once(['T', ' '])?;
    let day = parse_date(d)?;
    let t = t.trim();
    let (t, offset_secs) = if let Some(t) = t.strip_suffix('Z') {
        (t, Some(0))
    } else if let Some(i) = t.rfind(['+', '-']) {
        let (clock, zone) = t.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let h: i64 = digits[..2].parse().ok()?;
        let m: i64 = if digits.len() == 4 {
            digits[2..].parse().ok()?
        } else {
            0
        };
        if h > 14 || m > 59 {
            return None;
        }
        (clock.trim_end(), Some(sign * (h * 3600 + m * 60)))
    } else {
        (t, None)
    };
    let mut parts = t.split(':');
    let h: i64 = two_digits(parts.next()?)?;
    let m: i64 = two_digits(parts.next()?)?;
    let (sec, micros) = match parts.next() {
        Some(sp) => {
            let (whole, frac) = sp.split_once(['.', ',']).unwrap_or((sp, ""));
            let sec = two_digits(whole)?;
            if frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let micros = if frac.is_empty() {
                0
            } else {
                frac.parse::<i64>().ok()? * 10i64.pow(6 - frac.len() as u32)
            };
            (sec, micros)
        }
        None => (0, 0),
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let local = (i64::from(day) * 86_400 + h * 3600 + m * 60 + sec) * 1_000_000 + micros;
    Some(match offset_secs {
        Some(off) => (local - off * 1_000_000, true),
        None => (local, false),
    })
}

fn two_digits(p: &str) -> Option<i64> {
    if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse().ok()
}

pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "waar" | "yes" => Some(true),
        "false" | "onwaar" | "no" => Some(false),
        _ => None,
    }
}

/// Whether a value means "no value": empty, or only spaces.
pub fn is_missing(s: &str) -> bool {
    s.trim().is_empty()
}

/// A number written with a leading zero (`0123`, `007`) is a code such as a postcode or an
/// account, and must stay text so the zero survives.
fn has_leading_zero(s: &str) -> bool {
    let t = s.trim().trim_start_matches(['-', '+']);
    t.len() > 1 && t.starts_with('0') && t.as_bytes()[1].is_ascii_digit()
}

/// Infers a column's type from a preview of its values: the narrowest type that reads every
/// non-missing value. Columns without any value become text.
pub fn infer<'a>(values: impl Iterator<Item = &'a str> + Clone, mark: DecimalMark) -> ColumnType {
    let mut present = values.filter(|v| !is_missing(v)).peekable();
    if present.peek().is_none() {
        return ColumnType::Text;
    }
    let all = |f: &dyn Fn(&str) -> bool| present.clone().all(f);
    if all(&|v| parse_bool(v).is_some()) {
        ColumnType::Bool
    } else if all(&|v| !has_leading_zero(v) && parse_int(v, mark).is_some()) {
        ColumnType::Int
    } else if all(&|v| !has_leading_zero(v) && parse_number(v, mark).is_some()) {
        ColumnType::Float
    } else if all(&|v| parse_date(v).is_some()) {
        ColumnType::Date
    } else if all(&|v| parse_timestamp(v).is_some() || parse_date(v).is_some()) {
        ColumnType::Timestamp
    } else if all(&|v| parse_timestamp_utc(v).is_some()) {
        ColumnType::TimestampUtc
    } else {
        ColumnType::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::*;

    #[test]
    fn dutch_and_english_numbers() {
        assert_eq!(parse_number("1.234.567,89", Comma), Some(1_234_567.89));
        assert_eq!(parse_number("-0,5", Comma), Some(-0.5));
        assert_eq!(parse_number("1.234", Comma), Some(1234.0));
        assert_eq!(parse_number("1.234", Dot), Some(1.234));
        assert_eq!(parse_number("1,234.5", Dot), Some(1234.5));
        assert_eq!(parse_number("1,5", Dot), None, "never fifteen");
        assert_eq!(parse_number("12.34,5", Comma), None);
        assert_eq!(parse_number("", Comma), None);
        assert_eq!(parse_number("abc", Comma), None);
        assert_eq!(parse_number("1e5", Comma), None);
        assert_eq!(parse_int("1.234", Comma), Some(1234));
        assert_eq!(parse_int("12,0", Comma), None);
    }

    #[test]
    fn dates_iso_and_dutch() {
        let d = date::from_ymd(2026, 10, 31);
        assert_eq!(parse_date("2026-10-31"), d);
        assert_eq!(parse_date("31-10-2026"), d);
        assert_eq!(parse_date("31/10/2026"), d);
        assert_eq!(parse_date("31-13-2026"), None);
        assert_eq!(parse_date("29-02-2025"), None);
        assert_eq!(parse_date("2026-10-31 10:00"), None);
        let ts = parse_timestamp("31-10-2026 13:45:10.5").unwrap();
        assert_eq!(
            ts % 86_400_000_000,
            (13 * 3600 + 45 * 60 + 10) * 1_000_000 + 500_000
        );
        // A zone is never dropped silently: it is UTC, or not a local timestamp at all.
        assert_eq!(parse_timestamp("2026-03-01T08:30:00Z"), None);
        let hour = 3_600_000_000;
        let utc = parse_timestamp_utc("2026-03-01T08:30:00Z").unwrap();
        assert_eq!(parse_timestamp_utc("2026-03-01 09:30:00+01:00"), Some(utc));
        assert_eq!(parse_timestamp_utc("2026-03-01 03:30:00-0500"), Some(utc));
        assert_eq!(utc % (24 * hour), 8 * hour + 30 * 60_000_000);
        assert_eq!(parse_timestamp_utc("2026-03-01 08:30:00"), None);
    }

    #[test]
    fn inference() {
        let infer_of = |v: &[&str]| infer(v.iter().copied(), Comma);
        assert_eq!(infer_of(&["1", "", "2.000"]), ColumnType::Int);
        assert_eq!(infer_of(&["1,5", "2"]), ColumnType::Float);
        assert_eq!(infer_of(&["0123", "2"]), ColumnType::Text);
        assert_eq!(infer_of(&["2026-01-01", "31-12-2025"]), ColumnType::Date);
        assert_eq!(
            infer_of(&["2026-01-01 10:00", "2026-01-02"]),
            ColumnType::Timestamp
        );
        assert_eq!(infer_of(&["true", "false"]), ColumnType::Bool);
        assert_eq!(
            infer_of(&["2026-01-01T10:00:00+01:00", "2026-07-01T10:00:00+02:00"]),
            ColumnType::TimestampUtc
        );
        assert_eq!(
            infer_of(&["2026-01-01T10:00:00+01:00", "2026-07-01 10:00"]),
            ColumnType::Text
        );
        assert_eq!(infer_of(&["", " "]), ColumnType::Text);
        assert_eq!(infer_of(&["Centrum", "1"]), ColumnType::Text);
    }
}

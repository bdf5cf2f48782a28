//! Dutch number formats: `1.234.567`, `1.234,5`, `€ 1.234.567`, `88,2%` (English ones when
//! the reader switched language, see `locale`).
//!
//! Dutch groups thousands with a dot and writes the decimal separator as a comma. Every
//! figure Helder shows goes through here, so the browser, the CLI and the tests agree on
//! the exact text.

/// Shown for a value that is missing or not a finite number.
pub const NO_VALUE: &str = "–";

/// Formats `x` with `decimals` decimals, rounding half away from zero: `1234.5` → `1.234,5`.
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return NO_VALUE.to_string();
    }
    // Rounding through the standard formatter keeps it exact for every value that
    // prints, and avoids a "-0" for tiny negative values.
    let raw = format!("{:.*}", decimals, round_half_away(x, decimals));
    let (sign, digits) = match raw.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => ("-", rest),
        Some(rest) => ("", rest),
        None => ("", raw.as_str()),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(raw.len() + raw.len() / 3 + 2);
    out.push_str(sign);
    out.push_str(&group_thousands(int_part));
    if let Some(f) = frac_part {
        out.push(crate::locale::current().separators().1);
        out.push_str(f);
    }
    out
}

/// Formats a whole number with thousands dots: `1234567` → `1.234.567`.
pub fn integer(x: i64) -> String {
    let digits = x.unsigned_abs().to_string();
    let grouped = group_thousands(&digits);
    if x < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Euros rounded to whole euros: `€ 1.234.567`.
pub fn euro(x: f64) -> String {
    if !x.is_finite() {
        return NO_VALUE.to_string();
    }
    euro_text(&number(x, 0))
}

/// `€ 1.234` in Dutch, `€1,234` in English.
pub fn euro_text(amount: &str) -> String {
    crate::locale::pick(format!("€ {amount}"), format!("€{amount}"))
}

/// Large euro amounts in millions with one decimal: `€ 12,4 mln`.
pub fn euro_millions(x: f64) -> String {
    if !x.is_finite() {
        return NO_VALUE.to_string();
    }
    let m = number(x / 1e6, 1);
    crate::locale::pick(format!("€ {m} mln"), format!("€{m}m"))
}

/// A share (0.882) as a percentage with `decimals` decimals: `88,2%`.
pub fn percent(share: f64, decimals: usize) -> String {
    if !share.is_finite() {
        return NO_VALUE.to_string();
    }
    format!("{}%", number(share * 100.0, decimals))
}

/// Items as a sentence lists them: "Zuid", "Zuid en West", "Zuid, West en Haven".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!(
            "{} {} {last}",
            init.join(", "),
            crate::locale::pick("en", "and")
        ),
    }
}

fn round_half_away(x: f64, decimals: usize) -> f64 {
    let factor = 10f64.powi(decimals.min(15) as i32);
    let scaled = x * factor;
    // Values too large to carry any decimals are already exact.
    if scaled.abs() >= 2f64.powi(52) {
        return x;
    }
    scaled.round() / factor
}

fn group_thousands(digits: &str) -> String {
    let dot = crate::locale::current().separators().0;
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(dot);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(number(1234.5, 1), "1.234,5");
        assert_eq!(number(1234567.891, 2), "1.234.567,89");
        assert_eq!(number(0.0, 0), "0");
        assert_eq!(number(999.5, 0), "1.000");
        assert_eq!(number(-1234.0, 0), "-1.234");
        assert_eq!(number(-0.004, 2), "0,00");
        assert_eq!(number(2.5, 0), "3");
        assert_eq!(number(-2.5, 0), "-3");
        assert_eq!(number(f64::NAN, 1), NO_VALUE);
        assert_eq!(number(f64::INFINITY, 1), NO_VALUE);
        assert_eq!(number(123.0, 0), "123");
        assert_eq!(number(100000.0, 0), "100.000");
        assert_eq!(integer(1234567), "1.234.567");
        assert_eq!(integer(-1000), "-1.000");
        assert_eq!(integer(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(euro(1234567.49), "€ 1.234.567");
        assert_eq!(euro_millions(12_380_000.0), "€ 12,4 mln");
        assert_eq!(percent(0.8823, 1), "88,2%");
    }

    #[test]
    fn lists_read_as_a_sentence() {
        let l = |xs: &[&str]| list(&xs.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&[]), "");
        assert_eq!(l(&["Zuid"]), "Zuid");
        assert_eq!(l(&["Zuid", "West"]), "Zuid en West");
        assert_eq!(l(&["Zuid", "West", "Haven"]), "Zuid, West en Haven");
    }
}

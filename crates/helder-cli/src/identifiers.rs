//! Spotting columns that look like direct identifiers of people: BSN, e-mail, phone
//! numbers, postcode with house number, street addresses, names and exact birth dates.
//!
//! Dashboard data should be pseudonymised before it is prepared. `prepare` only warns,
//! because a false alarm must not stop a monthly refresh; the BI specialist decides.
//! `publish` refuses: nothing that looks like an identifier reaches a public site.

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;

/// Values looked at per column.
const SAMPLE: usize = 5_000;
/// Share of sampled values that must match before a column is flagged.
const SHARE: f64 = 0.8;

/// A column that looks like a direct identifier, and what it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub column: String,
    pub kind: &'static str,
}

/// One warning line per suspicious column.
pub fn warnings(batch: &RecordBatch) -> Vec<String> {
    findings(batch)
        .into_iter()
        .map(|f| match f.kind {
            ADDRESS_PAIR => format!(
                "columns `{}` together look like an address (postcode + house number): a direct identifier; keep only the 4-digit postcode or the buurt",
                f.column
            ),
            kind => format!(
                "column `{}` looks like {kind}: a direct identifier; pseudonymise or drop it before publishing",
                f.column
            ),
        })
        .collect()
}

const ADDRESS_PAIR: &str = "an address (postcode + house number)";

/// Columns whose name says they hold people's names or birth dates.
fn by_name(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase().replace(['-', ' '], "_");
    const NAMES: [&str; 12] = [
        "naam",
        "voornaam",
        "achternaam",
        "voornamen",
        "geslachtsnaam",
        "voorletters",
        "name",
        "first_name",
        "last_name",
        "surname",
        "full_name",
        "roepnaam",
    ];
    if NAMES.contains(&n.as_str())
        || [
            "client",
            "cliënt",
            "klant",
            "persoon",
            "medewerker",
            "aanvrager",
        ]
        .iter()
        .any(|p| n.starts_with(p) && n.ends_with("naam"))
    {
        return Some("names of people");
    }
    if n.contains("geboorte") || n.contains("birth") || n.starts_with("gebdat") || n == "geb_datum"
    {
        return Some("exact birth dates");
    }
    if n.contains("adres") || n.contains("address") || n.contains("straat") || n == "huisadres" {
        return Some("street addresses");
    }
    None
}

/// Every column of `batch` that looks like a direct identifier.
pub fn findings(batch: &RecordBatch) -> Vec<Finding> {
    let schema = batch.schema();
    let mut out = Vec::new();
    let mut postcode_column = None;
    for (i, field) in schema.fields().iter().enumerate() {
        let values = sample(batch.column(i).as_ref());
        if values.is_empty() {
            continue;
        }
        let share = |f: fn(&str) -> bool| {
            values.iter().filter(|v| f(v)).count() as f64 / values.len() as f64
        };
        let name = field.name();
        let kind = if let Some(kind) = by_name(name) {
            Some(kind)
        } else if share(is_bsn) >= SHARE {
            Some("BSN numbers (they pass the 11-test)")
        } else if share(is_email) >= SHARE {
            Some("e-mail addresses")
        } else if share(is_phone) >= SHARE {
            Some("phone numbers")
        } else if share(is_postcode_with_number) >= SHARE {
            Some("postcodes with house numbers")
        } else if share(is_street_address) >= SHARE {
            Some("street addresses")
        } else {
            if share(is_postcode) >= SHARE {
                postcode_column = Some(name.clone());
            }
            None
        };
        if let Some(kind) = kind {
            out.push(Finding {
                column: name.clone(),
                kind,
            });
        }
    }
    // A name alone flags a column even when it is empty or of a type not sampled.
    for field in schema.fields() {
        if let Some(kind) = by_name(field.name()) {
            if !out.iter().any(|f| &f.column == field.name()) {
                out.push(Finding {
                    column: field.name().clone(),
                    kind,
                });
            }
        }
    }
    if let Some(pc) = postcode_column {
        let house = schema.fields().iter().find(|f| {
            let n = f.name().to_ascii_lowercase();
            n.contains("huisnummer") || n.contains("huisnr") || n == "nummer"
        });
        if let Some(h) = house {
            out.push(Finding {
                column: format!("{pc}` and `{}", h.name()),
                kind: ADDRESS_PAIR,
            });
        }
    }
    out
}

fn sample(array: &dyn Array) -> Vec<String> {
    let n = array.len().min(SAMPLE);
    let mut out = Vec::with_capacity(n);
    match array.data_type() {
        DataType::Int64 => {
            let a = array.as_primitive::<Int64Type>();
            out.extend(
                (0..n)
                    .filter(|i| a.is_valid(*i))
                    .map(|i| a.value(i).to_string()),
            );
        }
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            out.extend(a.iter().take(n).flatten().map(str::to_string));
        }
        DataType::Dictionary(k, _) if k.as_ref() == &DataType::Int32 => {
            let d = array.as_dictionary::<Int32Type>();
            if let Some(values) = d.values().as_string_opt::<i32>() {
                for key in d.keys().iter().take(n).flatten() {
                    if let Ok(k) = usize::try_from(key) {
                        if k < values.len() {
                            out.push(values.value(k).to_string());
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A BSN has nine digits (eight with the leading zero dropped) and passes the 11-test:
/// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.
pub fn is_bsn(s: &str) -> bool {
    let s = s.trim();
    if !(8..=9).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let padded = format!("{s:0>9}");
    let d: Vec<i64> = padded.bytes().map(|b| i64::from(b - b'0')).collect();
    let sum: i64 = (0..8).map(|i| (9 - i as i64) * d[i]).sum::<i64>() - d[8];
    sum != 0 && sum % 11 == 0
}

fn is_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && host.contains('.') && !host.contains('@') && !s.contains(' ')
        }
        None => false,
    }
}

/// Dutch phone numbers: 0 + nine digits, or +31 / 0031 + nine digits, spaces and dashes
/// allowed.
fn is_phone(s: &str) -> bool {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let rest = if let Some(r) = digits.strip_prefix("+31") {
        r
    } else if let Some(r) = digits.strip_prefix("0031") {
        r
    } else if let Some(r) = digits.strip_prefix('0') {
        r
    } else {
        return false;
    };
    rest.len() == 9 && rest.bytes().all(|b| b.is_ascii_digit()) && !rest.starts_with('0')
}

fn is_postcode(s: &str) -> bool {
    let s: String = s.trim().chars().filter(|c| *c != ' ').collect();
    let b = s.as_bytes();
    b.len() == 6
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[0] != b'0'
        && b[4..].iter().all(u8::is_ascii_alphabetic)
}

fn is_postcode_with_number(s: &str) -> bool {
    let s: String = s.trim().chars().filter(|c| *c != ' ').collect();
    s.len() > 6
        && s.is_char_boundary(6)
        && is_postcode(&s[..6])
        && s[6..]
            .trim_start_matches('-')
            .starts_with(|c: char| c.is_ascii_digit())
}

/// A street address: a street name (ending like one) followed by a house number,
/// e.g. "Kerkstraat 12a".
fn is_street_address(s: &str) -> bool {
    let s = s.trim();
    let Some((street, number)) = s.rsplit_once(' ') else {
        return false;
    };
    const STREETS: [&str; 12] = [
        "straat", "laan", "weg", "plein", "gracht", "singel", "kade", "dreef", "pad", "steeg",
        "dijk", "hof",
    ];
    number.starts_with(|c: char| c.is_ascii_digit())
        && street
            .split_whitespace()
            .any(|w| STREETS.iter().any(|x| w.to_lowercase().ends_with(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognisers() {
        assert!(is_bsn("111222333"));
        assert!(is_bsn("123456782"));
        assert!(!is_bsn("123456789"));
        assert!(!is_bsn("000000000"));
        assert!(is_email("a.b@voorbeeld.nl"));
        assert!(!is_email("a.b voorbeeld.nl"));
        assert!(is_phone("06-12345678"));
        assert!(is_phone("+31 20 1234567"));
        assert!(!is_phone("12345"));
        assert!(is_postcode("1234 AB"));
        assert!(is_postcode_with_number("1234AB 12a"));
        assert!(!is_postcode_with_number("1234AB"));
        assert!(is_street_address("Kerkstraat 12a"));
        assert!(is_street_address("Van Goghlaan 3"));
        assert!(!is_street_address("Eikenhof"));
        assert_eq!(by_name("Geboortedatum"), Some("exact birth dates"));
        assert_eq!(by_name("achternaam"), Some("names of people"));
        assert_eq!(by_name("buurtnaam"), None);
        assert_eq!(by_name("wijk"), None);
    }
}

//! Values as a dashboard shows them, by unit: `€ 1.234`, `12,3%`, `4,5 dagen`, `1.234`.

use crate::format_nl;
use crate::spec::Unit;

/// Decimals a unit gets unless the spec says otherwise.
pub fn default_decimals(unit: Unit) -> usize {
    match unit {
        Unit::Percent | Unit::Days => 1,
        Unit::Euro | Unit::Count | Unit::Number => 0,
    }
}

/// A value in Dutch notation with its unit; `–` for no value.
pub fn format(v: Option<f64>, unit: Unit, decimals: usize) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else {
        return format_nl::NO_VALUE.to_string();
    };
    match unit {
        Unit::Euro => format_nl::euro_text(&format_nl::number(x, decimals)),
        Unit::Percent => format!("{}%", format_nl::number(x, decimals)),
        Unit::Days => {
            let n = format_nl::number(x, decimals);
            crate::locale::pick(format!("{n} dagen"), format!("{n} days"))
        }
        Unit::Count | Unit::Number => format_nl::number(x, decimals),
    }
}

/// A value for a CSV cell: decimal comma, no thousands dots, no unit (Excel reads it as a number).
pub fn csv_number(v: Option<f64>) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) => {
            let s = format!("{}", (x * 1e6).round() / 1e6);
            s.replace('.', ",")
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_dutch() {
        assert_eq!(format(Some(1234.5), Unit::Euro, 0), "€ 1.235");
        assert_eq!(format(Some(12.34), Unit::Percent, 1), "12,3%");
        assert_eq!(format(Some(4.5), Unit::Days, 1), "4,5 dagen");
        assert_eq!(format(None, Unit::Count, 0), "–");
        assert_eq!(csv_number(Some(1234.5)), "1234,5");
        assert_eq!(csv_number(None), "");
    }
}

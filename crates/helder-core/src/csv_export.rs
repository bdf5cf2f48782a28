//! A widget's figures as CSV that Dutch Excel opens correctly: UTF-8 with a byte-order mark,
//! `;` between fields, decimal commas, and quotes only where a field needs them.

use crate::page_model::{Pivot, Series};

/// The series as CSV: a header of the dimension and the measure, then one row per group.
pub fn series_csv(series: &Series) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&field(&series.dimension_label));
    out.push(';');
    out.push_str(&field(&series.measure_label));
    out.push_str(";Aantal rijen\r\n");
    for p in series.points.iter().filter(|p| p.rows > 0) {
        out.push_str(&field(&p.label));
        out.push(';');
        if series.is_secret(p) {
            out.push_str(crate::locale::secret());
        } else {
            out.push_str(&crate::value_format::csv_number(
                p.value.map(|v| v * series.scale),
            ));
        }
        out.push(';');
        out.push_str(&p.rows.to_string());
        out.push_str("\r\n");
    }
    out
}

/// The pivot as CSV: a header of the row label and every column, a total column and row.
pub fn pivot_csv(p: &Pivot) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    let mut head = vec![field(&format!("{} \\ {}", p.row_label, p.col_label))];
    head.extend(p.cols.iter().map(|c| field(c)));
    head.push("Totaal".into());
    line(head);
    for (r, name) in p.rows.iter().enumerate() {
        let mut row = vec![field(name)];
        row.extend(
            p.cells[r]
                .iter()
                .map(|v| crate::value_format::csv_number(*v)),
        );
        row.push(crate::value_format::csv_number(p.row_totals[r]));
        line(row);
    }
    let mut foot = vec!["Totaal".to_string()];
    foot.extend(
        p.col_totals
            .iter()
            .map(|v| crate::value_format::csv_number(*v)),
    );
    foot.push(crate::value_format::csv_number(p.total));
    line(foot);
    out
}

/// The care-demand table as CSV, one row per area and the municipal total last: users now,
/// then per horizon the expected users, 80 % and 95 % bounds and change, then the area's
/// relative level and the weight of its own data (map-ready values).
pub fn demand_csv(f: &crate::demand_figure::DemandFigure) -> String {
    let mut out = String::from("\u{feff}");
    let mut head = vec!["Buurt".to_string(), format!("Gebruikers {}", f.base_year)];
    for h in &f.horizons {
        for what in [
            "Verwacht",
            "80% onder",
            "80% boven",
            "95% onder",
            "95% boven",
            "Verschil",
        ] {
            head.push(format!("{what} over {h} jaar"));
        }
    }
    head.push("Eigen niveau".into());
    head.push("Gewicht eigen gegevens".into());
    out.push_str(&head.join(";"));
    out.push_str("\r\n");
    let num = |v: f64| crate::value_format::csv_number(Some(v));
    for r in f.rows.iter().chain(std::iter::once(&f.total)) {
        let mut row = vec![field(&r.name), num(r.current)];
        for c in &r.cells {
            for v in [
                c.expected, c.lower80, c.upper80, c.lower95, c.upper95, c.change,
            ] {
                row.push(num(v));
            }
        }
        row.push(num(r.relative));
        row.push(num(r.own_weight));
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a field that holds a separator, a quote or a line break; doubles inner quotes.
/// A leading `=`, `+`, `-` or `@` is prefixed with `'` so Excel never runs it as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_model::Point;
    use crate::query::GroupKey;
    use crate::spec::Unit;

    #[test]
    fn dutch_excel_csv() {
        let point = |label: &str, value: Option<f64>, rows: i64| Point {
            key: GroupKey::Text(label.into()),
            label: label.into(),
            value,
            rows,
            selected: true,
        };
        let s = Series {
            dimension: "wijk".into(),
            dimension_label: "Wijk".into(),
            measure: "kosten".into(),
            measure_label: "Kosten".into(),
            unit: Unit::Euro,
            decimals: 0,
            scale: 1.0,
            points: vec![
                point("Noord; oost", Some(1234.5), 3),
                point("=SUM(A1)", None, 1),
                point("Leeg", None, 0),
            ],
            filtered: false,
            reference: None,
            secret: false,
        };
        assert_eq!(
            series_csv(&s),
            "\u{feff}Wijk;Kosten;Aantal rijen\r\n\"Noord; oost\";1234,5;3\r\n'=SUM(A1);;1\r\n"
        );
    }
}

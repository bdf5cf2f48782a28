//! Grouped bars drawn into SVG: per category one bar for every group, side by side. Each
//! group has its own colour and its own white pattern (solid, stripes, dots, ...), so the
//! groups are told apart without colour; the legend names them with the same swatches.

use crate::chart::{self, Drawing, PARTS};

/// Patterns laid over the group colours, in group order (the first group is solid).
const PATTERNS: [&str; 6] = [
    "",
    r##"<rect width="2" height="6" fill="#FFFFFF"/>"##,
    r##"<circle cx="3" cy="3" r="1.4" fill="#FFFFFF"/>"##,
    r##"<rect width="6" height="2" fill="#FFFFFF"/>"##,
    r##"<rect width="1.5" height="6" fill="#FFFFFF"/><rect width="6" height="1.5" fill="#FFFFFF"/>"##,
    r##"<rect y="2" width="6" height="2" fill="#FFFFFF"/>"##,
];

/// Stripes and crosses are turned so they never line up with the bar edges.
const TURNED: [bool; 6] = [false, true, false, false, true, false];

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The colour of group `g`.
pub fn group_colour(g: usize) -> String {
    hex(PARTS[g % PARTS.len()])
}

/// The `<defs>` with the group patterns, their ids starting with `id` (unique per widget).
pub fn pattern_defs(id: &str) -> String {
    let mut out = String::from("<defs>");
    for (g, shape) in PATTERNS.iter().enumerate().skip(1) {
        let turn = if TURNED[g] {
            r#" patternTransform="rotate(45)""#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<pattern id="{id}-{g}" width="6" height="6" patternUnits="userSpaceOnUse"{turn}>{shape}</pattern>"#
        ));
    }
    out.push_str("</defs>");
    out
}

/// The pattern number of group `g`, `None` for the solid first group.
pub fn pattern_of(g: usize) -> Option<usize> {
    Some(g % PATTERNS.len()).filter(|p| *p > 0)
}

/// A bar (or swatch) of group `g` at the given place: its colour, then its pattern.
fn group_rect(id: &str, g: usize, x: f64, y: f64, w: f64, h: f64, opacity: f64) -> String {
    let p = g % PATTERNS.len();
    let mut out = format!(
        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}" fill-opacity="{opacity}"/>"#,
        group_colour(g)
    );
    if p > 0 {
        out.push_str(&format!(
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="url(#{id}-{p})"/>"#
        ));
    }
    out
}

/// A legend swatch of group `g` as a small SVG of its own (with its pattern definitions).
pub fn swatch_svg(id: &str, g: usize) -> String {
    format!(
        r#"<svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false">{}{}</svg>"#,
        pattern_defs(&format!("{id}-sw{g}")),
        group_rect(&format!("{id}-sw{g}"), g, 0.0, 0.0, 22.0, 14.0, 1.0)
    )
}

/// Grouped horizontal bars: `cells[row][group]`, one block of bars per row from the top.
/// Bars outside the selection (`selected[row][group]` false) are drawn lighter. The slots
/// are one bar each: bar `g` of row `r` is slot `r × groups + g`. `id` makes the pattern ids
/// unique on the page.
pub fn grouped_hbar_svg(
    rows: &[String],
    cells: &[Vec<Option<f64>>],
    selected: &[Vec<bool>],
    id: &str,
    axis: &dyn Fn(f64) -> String,
    width: u32,
) -> Result<Drawing, String> {
    let groups = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    // The frame: one labelled row per bar, the category's name at its block's first bar.
    let labels: Vec<String> = (0..rows.len() * groups)
        .map(|i| {
            if i % groups == 0 {
                rows[i / groups].clone()
            } else {
                String::new()
            }
        })
        .collect();
    let values: Vec<Option<f64>> = (0..rows.len() * groups)
        .map(|i| cells[i / groups].get(i % groups).copied().flatten())
        .collect();
    let all = vec![true; values.len()];
    let top = chart::headroom(values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b)));
    // Draw the frame as plain bars of the same values, then the group bars over them.
    let mut d = chart::hbar_chart_svg(&labels, &values, &all, None, axis, width)?;
    let mut parts = pattern_defs(id);
    let px = |v: f64| d.slots.left + d.slots.width * v / top;
    let step = d.slots.step;
    let filtered = selected.iter().flatten().any(|s| !s);
    for (r, row) in cells.iter().enumerate() {
        if r > 0 {
            let y = d.slots.top + step * (r * groups) as f64;
            parts.push_str(&format!(
                r##"<line x1="0" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#BBBBBB"/>"##,
                d.slots.left + d.slots.width
            ));
        }
        for (g, v) in row.iter().enumerate() {
            let Some(v) = v.filter(|v| *v > 0.0) else {
                continue;
            };
            let y = d.slots.top + step * (r * groups + g) as f64 + 3.0;
            let on = !filtered
                || selected
                    .get(r)
                    .and_then(|s| s.get(g))
                    .copied()
                    .unwrap_or(true);
            let opacity = if on { 1.0 } else { 0.45 };
            parts.push_str(&group_rect(
                id,
                g,
                px(0.0),
                y,
                px(v) - px(0.0),
                step - 6.0,
                opacity,
            ));
        }
    }
    match d.svg.rfind("</svg>") {
        Some(end) => d.svg.insert_str(end, &parts),
        None => return Err("de grafiek kon niet worden getekend: geen SVG-einde".into()),
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_has_its_colour_and_pattern_and_a_slot_per_bar() {
        let rows = vec!["Noord".to_string(), "Zuid".to_string()];
        let cells = vec![vec![Some(3.0), Some(5.0)], vec![None, Some(2.0)]];
        let selected = vec![vec![true, false], vec![true, true]];
        let d =
            grouped_hbar_svg(&rows, &cells, &selected, "w-x", &chart::compact_number, 600).unwrap();
        assert!(d.svg.contains("Noord") && d.svg.contains("Zuid"));
        assert!(d.svg.contains(r#"<pattern id="w-x-1""#));
        assert_eq!(
            d.svg.matches("url(#w-x-1)").count(),
            2,
            "group 2's two bars"
        );
        assert!(
            d.svg.contains(r#"fill-opacity="0.45""#),
            "an unselected bar is lighter"
        );
        assert_eq!(d.slots.height, f64::from(4 * chart::ROW_H));
        assert!(swatch_svg("w-x", 1).contains("url(#w-x-sw1-1)"));
    }
}

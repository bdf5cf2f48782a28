//! Areas over time drawn into SVG: the period chart's frame, selection band, marks and line
//! (from `chart::time_chart_svg`), filled below the line, or stacked in layers. Each layer
//! has its colour and the pattern grouped bars use, so layers are told apart without colour.

use crate::chart::{self, Drawing};
use crate::grouped_chart;

/// A single area is light, so the selected periods' band shows through it.
const SINGLE_OPACITY: f64 = 0.3;

/// The values of period chart points in pixels: x at each period's centre.
struct Frame {
    left: f64,
    step: f64,
    bottom: f64,
    height: f64,
    top: f64,
}

impl Frame {
    fn x(&self, i: usize) -> f64 {
        self.left + self.step * (i as f64 + 0.5)
    }

    fn y(&self, v: f64) -> f64 {
        self.bottom - self.height * (v / self.top).clamp(0.0, 1.0)
    }
}

/// Runs of consecutive periods that have a total: an area never bridges a gap.
fn runs(totals: &[Option<f64>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in totals.iter().enumerate() {
        match (t.is_some(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..totals.len());
    }
    out
}

/// An area per period: `totals` (the line), and `layers[l][i]` stacked from the bottom when
/// there are layers (their sum is the total). `id` makes the pattern ids unique on the page.
#[allow(clippy::too_many_arguments)] // One drawing's inputs, as `time_chart_svg` has.
pub fn area_chart_svg(
    labels: &[String],
    totals: &[Option<f64>],
    layers: &[Vec<Option<f64>>],
    selected: &[bool],
    marks: &[(usize, String)],
    id: &str,
    axis: &dyn Fn(f64) -> String,
    width: u32,
    height: u32,
) -> Result<Drawing, String> {
    let mut d = chart::time_chart_svg(labels, totals, selected, marks, true, axis, width, height)?;
    let f = Frame {
        left: d.slots.left,
        step: d.slots.step,
        bottom: d.slots.top + d.slots.height,
        height: d.slots.height,
        top: chart::headroom(totals.iter().flatten().fold(0.0_f64, |a, b| a.max(*b))),
    };
    let mut svg = String::new();
    let point = |i: usize, v: f64| format!("{:.1},{:.1}", f.x(i), f.y(v));
    for run in runs(totals) {
        if layers.is_empty() {
            let mut pts: Vec<String> = run
                .clone()
                .map(|i| point(i, totals[i].unwrap_or(0.0)))
                .collect();
            pts.push(point(run.end - 1, 0.0));
            pts.push(point(run.start, 0.0));
            svg.push_str(&format!(
                r#"<polygon points="{}" fill="{}" fill-opacity="{SINGLE_OPACITY}"/>"#,
                pts.join(" "),
                grouped_chart::group_colour(0)
            ));
            continue;
        }
        let mut below = vec![0.0; totals.len()];
        for (l, layer) in layers.iter().enumerate() {
            let above: Vec<f64> = (0..totals.len())
                .map(|i| below[i] + layer.get(i).copied().flatten().unwrap_or(0.0).max(0.0))
                .collect();
            let mut pts: Vec<String> = run.clone().map(|i| point(i, above[i])).collect();
            pts.extend(run.clone().rev().map(|i| point(i, below[i])));
            let pts = pts.join(" ");
            svg.push_str(&format!(
                r##"<polygon points="{pts}" fill="{}" stroke="#FFFFFF" stroke-width="1"/>"##,
                grouped_chart::group_colour(l)
            ));
            if let Some(p) = grouped_chart::pattern_of(l) {
                svg.push_str(&format!(
                    r#"<polygon points="{pts}" fill="url(#{id}-{p})"/>"#
                ));
            }
            below = above;
        }
    }
    // The total on top, dark, over the areas.
    for run in runs(totals) {
        let pts: Vec<String> = run.map(|i| point(i, totals[i].unwrap_or(0.0))).collect();
        svg.push_str(&format!(
            r##"<polyline points="{}" fill="none" stroke="#333333" stroke-width="2"/>"##,
            pts.join(" ")
        ));
    }
    let defs = if layers.is_empty() {
        String::new()
    } else {
        grouped_chart::pattern_defs(id)
    };
    match d.svg.rfind("</svg>") {
        Some(end) => d.svg.insert_str(end, &format!("{defs}{svg}")),
        None => return Err("de grafiek kon niet worden getekend: geen SVG-einde".into()),
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_stack_to_the_total_and_gaps_stay_gaps() {
        let labels: Vec<String> = ["jan", "feb", "mrt", "apr"].map(String::from).to_vec();
        let totals = [Some(3.0), Some(5.0), None, Some(4.0)];
        let layers = vec![
            vec![Some(1.0), Some(2.0), None, Some(1.0)],
            vec![Some(2.0), Some(3.0), None, Some(3.0)],
        ];
        let d = area_chart_svg(
            &labels,
            &totals,
            &layers,
            &[true; 4],
            &[],
            "a",
            &chart::compact_number,
            600,
            300,
        )
        .unwrap();
        // Two runs (jan–feb, apr) × two layers, the second with its pattern.
        assert_eq!(
            d.svg
                .matches("stroke=\"#FFFFFF\" stroke-width=\"1\"/>")
                .count(),
            4
        );
        assert_eq!(d.svg.matches("url(#a-1)").count(), 2);
        assert_eq!(d.svg.matches("<polyline points=").count(), 2);
        let single = area_chart_svg(
            &labels,
            &totals,
            &[],
            &[true; 4],
            &[],
            "b",
            &chart::compact_number,
            600,
            300,
        )
        .unwrap();
        assert!(single.svg.contains("fill-opacity=\"0.3\""));
        assert!(!single.svg.contains("<pattern"));
    }
}

//! Charts drawn with plotters into SVG text, sized for the space they get.

use helder_core::format_nl;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::view_model::BarChart;

/// Bar fill: dark enough for 3:1 contrast against white (WCAG 1.4.11).
const BAR: RGBColor = RGBColor(0x15, 0x4A, 0x8A);
/// Axis text and lines: 4.5:1 or better against white.
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// Draws a vertical bar chart as SVG text of `width` × `height` pixels.
pub fn bar_chart_svg(chart: &BarChart, width: u32, height: u32) -> Result<String, String> {
    let mut svg = String::new();
    draw_bars(chart, width, height, &mut svg)
        .map_err(|e| format!("chart could not be drawn: {e}"))?;
    Ok(svg)
}

fn draw_bars(
    chart: &BarChart,
    width: u32,
    height: u32,
    out: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = chart.bars.len().max(1);
    let top = chart.bars.iter().map(|b| b.1).fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top * 1.08 } else { 1.0 };
    let narrow = width < 480;
    // A label like "sep 2025" needs about 72 px; label every k-th bar so they never touch.
    let y_area = if narrow { 70 } else { 84 };
    let slot = (width.saturating_sub(y_area + 12) as usize / n).max(1);
    let label_every = 72usize.div_ceil(slot).max(1);
    // plotters' SVG backend writes font-size as size / 1.24: 17 gives 13.7 px text.
    let font = ("sans-serif", 17).into_font().color(&INK);

    let mut ctx = ChartBuilder::on(&root)
        .margin_top(10)
        .margin_right(12)
        .x_label_area_size(32)
        .y_label_area_size(y_area)
        .build_cartesian_2d((0..n).into_segmented(), 0.0..top)?;
    let labels: Vec<&str> = chart.bars.iter().map(|b| b.0.as_str()).collect();
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .axis_style(INK)
        .y_labels(5)
        .x_labels(n)
        .label_style(font)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if i % label_every == 0 => {
                labels.get(*i).copied().unwrap_or("").to_string()
            }
            _ => String::new(),
        })
        .y_label_formatter(&|v| compact_euro(*v))
        .draw()?;
    ctx.draw_series(chart.bars.iter().enumerate().map(|(i, (_, v))| {
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            BAR.filled(),
        );
        bar.set_margin(0, 0, 2, 2);
        bar
    }))?;
    root.present()?;
    Ok(())
}

/// Money axis labels in millions ("€ 3,5 mln"), as Dutch financial reports write them.
fn compact_euro(v: f64) -> String {
    if v == 0.0 {
        "€ 0".into()
    } else {
        format_nl::euro_millions(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_and_dutch_axis() {
        let chart = BarChart {
            title: "t".into(),
            unit: "euro".into(),
            bars: vec![
                ("jan 2026".into(), 2_500_000.0),
                ("feb 2026".into(), 3_000_000.0),
            ],
            summary: String::new(),
        };
        let svg = bar_chart_svg(&chart, 600, 300).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains("€ 3,0 mln") || svg.contains("€ 2,0 mln"),
            "{svg}"
        );
        assert!(svg.contains("jan 2026"));
        assert!(svg.matches("<rect").count() >= 3);
    }
}

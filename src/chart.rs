//! Charts drawn with plotters into SVG text, sized for the space they get. Each drawing
//! also returns where its bars or periods are, so the page can lay focusable buttons over
//! them (click, Enter and hover all work on real elements, not on SVG shapes).

use helder_core::format_nl;
use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::prelude::*;

// Colours come from the palette, whose `themed` turns them into design tokens in the SVG.
pub use crate::palette::PARTS;
use crate::palette::{self, BAND, BAND_STRONG, BAR, BAR_MUTED, GRID, INK};

/// plotters' SVG backend writes font-size as size / 1.24: 17 gives 13.7 px text.
const FONT: u32 = 17;
const MARGIN_TOP: u32 = 10;
const MARGIN_RIGHT: u32 = 16;
const AXIS_H: u32 = 32;
/// Height of one horizontal bar's row.
pub const ROW_H: u32 = 28;

/// Where the drawing's slots are, in pixels from its top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slots {
    /// Left edge of the plot area.
    pub left: f64,
    /// Top edge of the plot area.
    pub top: f64,
    /// Width of one slot (vertical slots) or height of one row (horizontal bars).
    pub step: f64,
    /// Plot area width and height.
    pub width: f64,
    pub height: f64,
}

/// A drawing and where its slots are.
pub struct Drawing {
    pub svg: String,
    pub slots: Slots,
    /// Scatter plots: each point's centre in pixels.
    pub points: Vec<(f64, f64)>,
}

/// Bar `i`'s fill: full when selected (or nothing is), muted otherwise.
fn bar_colour(selected: &[bool], i: usize) -> RGBColor {
    if selected.get(i).copied().unwrap_or(true) {
        BAR
    } else {
        BAR_MUTED
    }
}

fn err(e: impl std::fmt::Display) -> String {
    format!("de grafiek kon niet worden getekend: {e}")
}

/// A period chart's plot: one segment per period on x, values on y.
type PeriodChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<
        SegmentedCoord<plotters::coord::types::RangedCoordusize>,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// The top of a value axis: a little above the largest value, so no bar touches the frame.
pub(crate) fn headroom(max: f64) -> f64 {
    if max > 0.0 {
        max * 1.08
    } else {
        1.0
    }
}

/// The drawn size of chart text in pixels (see FONT).
const TEXT_PX: f64 = FONT as f64 / 1.24;

/// Width of the value labels at the left: the widest label `axis` gives a value up to
/// `top` (plotters labels round values below it, as wide), plus the tick and a gap; a
/// third of the chart at most. A fixed width cut "€ 4,0 mln" to ": 4,0 mln" on a phone.
fn value_axis_width(width: u32, top: f64, axis: &dyn Fn(f64) -> String) -> u32 {
    let widest = (1..=10)
        .map(|k| crate::label_width::px(&axis(top * f64::from(k) / 10.0), TEXT_PX))
        .fold(0.0, f64::max);
    (widest.ceil() as u32 + 16).clamp(40, (width / 3).max(40))
}

/// The plot of a period chart: `segs` periods (one segment each) against 0..`top`.
fn period_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    segs: usize,
    top: f64,
    y_area: u32,
) -> Result<PeriodChart<'a, 'b>, String> {
    ChartBuilder::on(root)
        .margin_top(MARGIN_TOP)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(AXIS_H)
        .y_label_area_size(y_area)
        .build_cartesian_2d((0..segs - 1).into_segmented(), 0.0..top)
        .map_err(err)
}

/// Grid and axes of a period chart: every `every`-th period labelled, values by `axis`.
fn period_mesh(
    ctx: &mut PeriodChart<'_, '_>,
    labels: &[String],
    every: usize,
    axis: &dyn Fn(f64) -> String,
) -> Result<(), String> {
    let font = ("sans-serif", FONT).into_font().color(&INK);
    // Every `every`-th period is labelled, but not one whose text would run past the right
    // edge of the drawing (on a phone the last month's label was cut to "okt 202").
    let right = f64::from(ctx.plotting_area().get_pixel_range().0.end) + f64::from(MARGIN_RIGHT);
    let shown: Vec<bool> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let centre = f64::from(ctx.backend_coord(&(SegmentValue::CenterOf(i), 0.0)).0);
            i % every == 0 && centre + crate::label_width::px(label, TEXT_PX) / 2.0 <= right
        })
        .collect();
    // Grid lines at the labelled values only: plotters' finer "light" lines in between
    // (about ten per step) are noise on a small chart; transparent ones are not drawn.
    // (`max_light_lines(0)` would be the direct way, but plotters 0.3.7 then never ends.)
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(INK)
        .y_labels(5)
        .x_labels(labels.len().max(2))
        .label_style(font)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if shown.get(*i).copied().unwrap_or(false) => {
                labels.get(*i).cloned().unwrap_or_default()
            }
            _ => String::new(),
        })
        .y_label_formatter(&|v| axis(*v))
        .draw()
        .map_err(err)
}

/// Label every k-th slot so that labels of about 72 px never touch.
fn label_every(slot: f64) -> usize {
    (72.0 / slot.max(1.0)).ceil().max(1.0) as usize
}

/// A value per period: bars, or a line with points when `line` is set. Periods outside the
/// selection are drawn muted (bars) or left without the band (line).
#[allow(clippy::too_many_arguments)] // One drawing's inputs; a struct would only rename them.
pub fn time_chart_svg(
    labels: &[String],
    values: &[Option<f64>],
    selected: &[bool],
    marks: &[(usize, String)],
    line: bool,
    axis: &dyn Fn(f64) -> String,
    width: u32,
    height: u32,
) -> Result<Drawing, String> {
    let mut svg = String::new();
    // plotters' discrete ranges are inclusive and a one-value range has no width, so the axis
    // has `segs` = at least two segments, the data in the first `n`.
    let segs = values.len().max(2);
    let n = values.len();
    let top = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    let top = headroom(top);
    let y_area = value_axis_width(width, top, axis);
    let plot_w = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT));
    let slot = plot_w / segs as f64;
    let every = label_every(slot);
    let all_selected = selected.iter().all(|s| *s);
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut ctx = period_chart(&root, segs, top, y_area)?;
        if line && !all_selected {
            ctx.draw_series(
                selected
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s)
                    .map(|(i, _)| {
                        Rectangle::new(
                            [
                                (SegmentValue::Exact(i), 0.0),
                                (SegmentValue::Exact(i + 1), top),
                            ],
                            BAND.filled(),
                        )
                    }),
            )
            .map_err(err)?;
        }
        period_mesh(&mut ctx, labels, every, axis)?;
        // Marked events (e.g. a policy measure): a line at the start of their period, labelled.
        for (i, text) in marks {
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![
                    (SegmentValue::Exact(*i), 0.0),
                    (SegmentValue::Exact(*i), top),
                ],
                INK.stroke_width(2),
            )))
            .map_err(err)?;
            let anchor_right = *i as f64 > n as f64 * 0.6;
            let pos = if anchor_right {
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Top,
                )
            } else {
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Top,
                )
            };
            let style = ("sans-serif", FONT).into_font().color(&INK).pos(pos);
            ctx.draw_series(std::iter::once(Text::new(
                format!(" {text} "),
                (SegmentValue::Exact(*i), top),
                style,
            )))
            .map_err(err)?;
        }
        if line {
            // One line per run of periods that have a value; a gap stays a gap.
            let mut run: Vec<(SegmentValue<usize>, f64)> = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => run.push((SegmentValue::CenterOf(i), *v)),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for r in runs.into_iter().filter(|r| !r.is_empty()) {
                ctx.draw_series(LineSeries::new(r, BAR.stroke_width(2)))
                    .map_err(err)?;
            }
            if n <= 60 {
                ctx.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
                    v.map(|v| Circle::new((SegmentValue::CenterOf(i), v), 3, BAR.filled()))
                }))
                .map_err(err)?;
            }
        } else {
            ctx.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
                let colour = bar_colour(selected, i);
                v.map(|v| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(i), 0.0),
                            (SegmentValue::Exact(i + 1), v),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 1, 1);
                    bar
                })
            }))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(Drawing {
        svg: palette::themed(&svg),
        slots: Slots {
            left: f64::from(y_area),
            top: f64::from(MARGIN_TOP),
            step: slot,
            width: plot_w,
            height: f64::from(height.saturating_sub(MARGIN_TOP + AXIS_H)),
        },
        points: Vec::new(),
    })
}

/// Horizontal bars, one row per category, the first at the top. Labels longer than the
/// label area allows are shortened with "…" (the overlay buttons carry the full name).
pub fn hbar_chart_svg(
    labels: &[String],
    values: &[Option<f64>],
    selected: &[bool],
    reference: Option<f64>,
    axis: &dyn Fn(f64) -> String,
    width: u32,
) -> Result<Drawing, String> {
    // As in `time_chart_svg`: at least two segments; row i from the top sits in segment
    // segs - 1 - i.
    let segs = values.len().max(2);
    let height = MARGIN_TOP + AXIS_H + ROW_H * segs as u32;
    // The labels get the room the widest needs (estimated per character, `label_width`),
    // up to 45 % of the width, on a phone too (a wijk's name matters more there than a
    // longer bar; the values are in the table); only labels wider than that are shortened,
    // so none is clipped at the edge.
    let widest = labels
        .iter()
        .map(|l| crate::label_width::px(l, TEXT_PX))
        .fold(0.0, f64::max);
    let limit = width * 9 / 20;
    let y_area = (widest.ceil() as u32 + 14).clamp(48, limit.max(48));
    let room = f64::from(y_area.saturating_sub(14));
    let short: Vec<String> = labels
        .iter()
        .map(|l| crate::label_width::shorten(l, room, TEXT_PX))
        .collect();
    let top = values
        .iter()
        .flatten()
        .chain(reference.as_ref())
        .fold(0.0_f64, |a, b| a.max(*b));
    let top = headroom(top);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let font = ("sans-serif", FONT).into_font().color(&INK);
        let mut ctx = ChartBuilder::on(&root)
            .margin_top(MARGIN_TOP)
            .margin_right(MARGIN_RIGHT + 8)
            .x_label_area_size(AXIS_H)
            .y_label_area_size(y_area)
            .build_cartesian_2d(0.0..top, (0..segs - 1).into_segmented())
            .map_err(err)?;
        ctx.configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(INK)
            // One value label per 80 px of bars, so "5.000" and "10.000" never touch.
            .x_labels((width.saturating_sub(y_area) / 80).clamp(2, 5) as usize)
            .y_labels(segs)
            .label_style(font)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(s) => segs
                    .checked_sub(1 + *s)
                    .and_then(|i| short.get(i))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|v| axis(*v))
            .draw()
            .map_err(err)?;
        ctx.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
            let colour = bar_colour(selected, i);
            let s = segs - 1 - i;
            v.map(|v| {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(s)),
                        (v.max(0.0), SegmentValue::Exact(s + 1)),
                    ],
                    colour.filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                bar
            })
        }))
        .map_err(err)?;
        // The whole municipality's value, as a line across every row.
        if let Some(r) = reference.filter(|r| r.is_finite()) {
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![(r, SegmentValue::Exact(0)), (r, SegmentValue::Exact(segs))],
                INK.stroke_width(3),
            )))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(Drawing {
        svg: palette::themed(&svg),
        slots: Slots {
            left: f64::from(y_area),
            top: f64::from(MARGIN_TOP),
            step: f64::from(ROW_H),
            width: f64::from(width.saturating_sub(y_area + MARGIN_RIGHT + 8)),
            height: f64::from(ROW_H * segs as u32),
        },
        points: Vec::new(),
    })
}

/// Points of two measures per category; points outside the selection are drawn hollow.
/// Returns each point's pixel centre so the page can put a button on it.
pub fn scatter_svg(
    points: &[(f64, f64, bool)],
    x_axis: &dyn Fn(f64) -> String,
    y_axis: &dyn Fn(f64) -> String,
    width: u32,
    height: u32,
) -> Result<Drawing, String> {
    let range = |f: &dyn Fn(&(f64, f64, bool)) -> f64| {
        let hi = points.iter().map(f).fold(0.0_f64, f64::max);
        0.0..if hi > 0.0 { hi * 1.1 } else { 1.0 }
    };
    let (xr, yr) = (range(&|p| p.0), range(&|p| p.1));
    let mut svg = String::new();
    let centres;
    let y_area = value_axis_width(width, yr.end, y_axis);
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let font = ("sans-serif", FONT).into_font().color(&INK);
        let mut ctx = ChartBuilder::on(&root)
            .margin_top(MARGIN_TOP)
            .margin_right(MARGIN_RIGHT + 8)
            .x_label_area_size(AXIS_H)
            .y_label_area_size(y_area)
            .build_cartesian_2d(xr, yr)
            .map_err(err)?;
        ctx.configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(if width < 480 { 3 } else { 6 })
            .y_labels(5)
            .label_style(font)
            .x_label_formatter(&|v| x_axis(*v))
            .y_label_formatter(&|v| y_axis(*v))
            .draw()
            .map_err(err)?;
        ctx.draw_series(points.iter().map(|(x, y, sel)| {
            let style = if *sel {
                BAR.filled()
            } else {
                BAR_MUTED.stroke_width(2)
            };
            Circle::new((*x, *y), 6, style)
        }))
        .map_err(err)?;
        centres = points
            .iter()
            .map(|(x, y, _)| {
                let (px, py) = ctx.backend_coord(&(*x, *y));
                (f64::from(px), f64::from(py))
            })
            .collect();
        root.present().map_err(err)?;
    }
    Ok(Drawing {
        svg: palette::themed(&svg),
        slots: Slots {
            left: f64::from(y_area),
            top: f64::from(MARGIN_TOP),
            step: 0.0,
            width: f64::from(width),
            height: f64::from(height),
        },
        points: centres,
    })
}

/// Horizontal bars split into parts (`cells[row][part]`), one row per category from the top.
pub fn stacked_hbar_svg(
    rows: &[String],
    cells: &[Vec<Option<f64>>],
    axis: &dyn Fn(f64) -> String,
    width: u32,
) -> Result<Drawing, String> {
    let totals: Vec<Option<f64>> = cells
        .iter()
        .map(|r| Some(r.iter().flatten().filter(|v| **v > 0.0).sum()))
        .collect();
    let all = vec![true; rows.len()];
    // Draw the frame and labels as plain bars of the totals, then the parts over them.
    let mut d = hbar_chart_svg(rows, &totals, &all, None, axis, width)?;
    let top = totals.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    let top = headroom(top);
    let px = |v: f64| d.slots.left + d.slots.width * v / top;
    let mut parts = String::new();
    for (r, row) in cells.iter().enumerate() {
        let y = d.slots.top + d.slots.step * r as f64 + 4.0;
        let h = d.slots.step - 8.0;
        let mut at = 0.0;
        for (c, v) in row.iter().enumerate() {
            let Some(v) = v.filter(|v| *v > 0.0) else {
                continue;
            };
            let colour = PARTS[c % PARTS.len()];
            let (x0, x1) = (px(at), px(at + v));
            parts.push_str(&format!(
                r#"<rect x="{x0:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}" fill="{}" stroke="{}" stroke-width="1.5"/>"#,
                (x1 - x0).max(0.0),
                palette::css(colour),
                palette::css(palette::BACKGROUND),
            ));
            at += v;
        }
    }
    // The parts go just before the end of the drawing, over the total bars.
    match d.svg.rfind("</svg>") {
        Some(end) => d.svg.insert_str(end, &parts),
        None => return Err(err("no SVG end tag")),
    }
    Ok(d)
}

/// A projected month: the expected value and its 80 % and 95 % bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projected {
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// What a forecast or effect chart draws, one entry per month on a shared axis.
#[derive(Clone, Copy)]
pub struct ProjectionLines<'a> {
    pub labels: &'a [String],
    pub actual: &'a [Option<f64>],
    /// The forecast or counterfactual with its bands.
    pub projected: &'a [Option<Projected>],
    /// Control areas scaled to the treated level (effects against a control).
    pub comparison: &'a [Option<f64>],
    /// Where the projection starts (the vertical line).
    pub from: usize,
}

/// History as a line, then the projection (forecast or counterfactual) as a dashed line in
/// its 95 % and 80 % bands, with a vertical line where the projection starts.
pub fn projection_svg(
    lines: &ProjectionLines<'_>,
    axis: &dyn Fn(f64) -> String,
    width: u32,
    height: u32,
) -> Result<String, String> {
    let ProjectionLines {
        labels,
        actual,
        projected,
        comparison,
        from,
    } = *lines;
    let segs = labels.len().max(2);
    let top = actual
        .iter()
        .chain(comparison)
        .flatten()
        .copied()
        .chain(projected.iter().flatten().map(|p| p.hi95))
        .fold(0.0_f64, f64::max);
    let top = headroom(top);
    let y_area = value_axis_width(width, top, axis);
    let slot = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT)) / segs as f64;
    let every = label_every(slot);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut ctx = period_chart(&root, segs, top, y_area)?;
        period_mesh(&mut ctx, labels, every, axis)?;
        let at = |i: usize| SegmentValue::CenterOf(i);
        let band = |lo: fn(&Projected) -> f64, hi: fn(&Projected) -> f64| {
            let pts: Vec<(usize, Projected)> = projected
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.map(|p| (i, p)))
                .collect();
            let mut poly: Vec<(SegmentValue<usize>, f64)> =
                pts.iter().map(|(i, p)| (at(*i), hi(p))).collect();
            poly.extend(pts.iter().rev().map(|(i, p)| (at(*i), lo(p))));
            poly
        };
        ctx.draw_series(std::iter::once(Polygon::new(
            band(|p| p.lo95, |p| p.hi95),
            BAND.filled(),
        )))
        .map_err(err)?;
        ctx.draw_series(std::iter::once(Polygon::new(
            band(|p| p.lo80, |p| p.hi80),
            BAND_STRONG.filled(),
        )))
        .map_err(err)?;
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![
                (SegmentValue::Exact(from), 0.0),
                (SegmentValue::Exact(from), top),
            ],
            INK.stroke_width(2),
        )))
        .map_err(err)?;
        ctx.draw_series(LineSeries::new(
            actual
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (at(i), v))),
            BAR.stroke_width(2),
        ))
        .map_err(err)?;
        ctx.draw_series(DashedLineSeries::new(
            projected
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.map(|p| (at(i), p.mean))),
            6,
            4,
            INK.stroke_width(2),
        ))
        .map_err(err)?;
        // Control areas, scaled to the treated level: dotted, so line style (not colour
        // alone) tells them from the dashed counterfactual.
        ctx.draw_series(DashedLineSeries::new(
            comparison
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (at(i), v))),
            2,
            4,
            BAR_MUTED.stroke_width(2),
        ))
        .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(palette::themed(&svg))
}

/// A small line without axes for a KPI tile.
pub fn sparkline_svg(values: &[f64], width: u32, height: u32) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        let mut ctx = ChartBuilder::on(&root)
            .margin(3)
            .build_cartesian_2d(0..values.len().max(2) - 1, lo..hi)
            .map_err(err)?;
        ctx.draw_series(LineSeries::new(
            values.iter().enumerate().map(|(i, v)| (i, *v)),
            BAR.stroke_width(2),
        ))
        .map_err(err)?;
        if let Some((i, v)) = values.iter().enumerate().next_back() {
            ctx.draw_series(std::iter::once(Circle::new((i, *v), 3, BAR.filled())))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(palette::themed(&svg))
}

/// Money axis labels in millions ("€ 3,5 mln"), as Dutch financial reports write them.
pub fn compact_euro(v: f64) -> String {
    if v == 0.0 {
        "€ 0".into()
    } else if v.abs() >= 1e6 {
        format_nl::euro_millions(v)
    } else if v.abs() >= 1e3 {
        format!("€ {}k", format_nl::number(v / 1e3, 0))
    } else {
        format_nl::euro(v)
    }
}

/// Plain axis labels: `12.500`, `1,5 mln`.
pub fn compact_number(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{} mln", format_nl::number(v / 1e6, 1))
    } else if v.abs() >= 100.0 || v == 0.0 {
        format_nl::number(v, 0)
    } else {
        format_nl::number(v, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_periods_with_a_dutch_money_axis_and_reports_slots() {
        let labels: Vec<String> = vec!["jan 2026".into(), "feb 2026".into()];
        let marks = vec![(1, "Maatregel".to_string())];
        let d = time_chart_svg(
            &labels,
            &[Some(2.5e6), Some(3e6)],
            &[true, false],
            &marks,
            false,
            &compact_euro,
            600,
            300,
        )
        .unwrap();
        assert!(d.svg.starts_with("<svg"));
        assert!(d.svg.contains("Maatregel"));
        assert!(
            d.svg.contains("€ 3,0 mln") || d.svg.contains("€ 2,0 mln"),
            "{}",
            d.svg
        );
        assert!(d.svg.contains("jan 2026"));
        assert!(d.svg.matches("<rect").count() >= 3);
        assert!((d.slots.step * 2.0 - d.slots.width).abs() < 1e-9);
    }

    #[test]
    fn a_single_bar_or_period_draws_without_negative_sizes() {
        let one = vec!["Noord".to_string()];
        let d = hbar_chart_svg(&one, &[Some(3.0)], &[true], None, &compact_number, 400).unwrap();
        assert!(!d.svg.contains("=\"-"), "{}", d.svg);
        assert!(d.svg.contains("Noord"));
        let d = time_chart_svg(
            &one,
            &[Some(3.0)],
            &[true],
            &[],
            false,
            &compact_number,
            400,
            200,
        )
        .unwrap();
        assert!(!d.svg.contains("height=\"-"), "{}", d.svg);
    }

    /// A line chart of `n` months rising by `step` a month, `width` px wide.
    fn monthly_line(n: u32, step: f64, axis: &dyn Fn(f64) -> String, width: u32) -> Drawing {
        let labels: Vec<String> = (1..=n).map(|m| format!("m{m}")).collect();
        let values: Vec<Option<f64>> = (1..=n).map(|m| Some(f64::from(m) * step)).collect();
        let all = vec![true; labels.len()];
        time_chart_svg(&labels, &values, &all, &[], true, axis, width, 240).unwrap()
    }

    #[test]
    fn value_labels_have_room_on_a_phone() {
        // A phone's card: "€ 4,0 mln" was cut to ": 4,0 mln" in a fixed 70 px.
        let d = monthly_line(24, 170_000.0, &compact_euro, 294);
        let needed = crate::label_width::px(&compact_euro(4_000_000.0), TEXT_PX);
        assert!(
            d.slots.left >= needed + 5.0,
            "{} px for {needed}",
            d.slots.left
        );
        assert!(d.svg.contains("€ 4,0 mln"), "{}", d.svg);
    }

    #[test]
    fn grid_lines_only_at_the_labelled_values() {
        let d = monthly_line(12, 0.7, &compact_number, 600);
        // plotters drew about ten light lines per labelled step.
        let grid = d.svg.matches("--helder-chart-grid").count();
        assert!((3..=8).contains(&grid), "{grid} grid lines");
        let bars = ["Noord", "Zuid"].map(String::from);
        let d = hbar_chart_svg(
            &bars,
            &[Some(7.0), Some(3.0)],
            &[true; 2],
            None,
            &compact_number,
            600,
        )
        .unwrap();
        let grid = d.svg.matches("--helder-chart-grid").count();
        assert!((3..=8).contains(&grid), "{grid} grid lines");
    }

    #[test]
    fn horizontal_bars_shorten_long_labels_and_report_rows() {
        let labels = vec![
            "Kinderpraktijk Zonnestraal en nog veel meer".to_string(),
            "Noord".into(),
        ];
        let d = hbar_chart_svg(
            &labels,
            &[Some(10.0), None],
            &[true, false],
            Some(5.0),
            &compact_number,
            360,
        )
        .unwrap();
        assert!(d.svg.contains('…'));
        assert!(d.svg.contains("Noord"));
        assert_eq!(d.slots.step, f64::from(ROW_H));
        assert_eq!(d.slots.height, f64::from(2 * ROW_H));
    }
}

//! `helder view <folder> --page <id> [--select dim=value]...`: a page's widgets computed
//! natively with the same page model as the browser, so tests can compare both exactly.

use std::io::Write;

use anyhow::{anyhow, Context, Result};
use helder_core::page_model::PageModel;
use helder_core::spec::WidgetKind;
use serde_json::{json, Value};

use crate::figures::{load_manifest, load_table};

pub fn print(dir: &std::path::Path, page: &str, select: &[String]) -> Result<()> {
    let spec = crate::check::check(dir)?;
    let page_spec = spec
        .page(page)
        .ok_or_else(|| anyhow!("the spec has no page `{page}`"))?;
    let manifest = load_manifest(dir)?;
    let mut tables = std::collections::BTreeMap::new();
    for name in page_spec.datasets() {
        tables.insert(name.to_string(), load_table(dir, &manifest, name)?);
    }
    let mut model = PageModel::new(&spec, page, |name| tables.get(name).cloned())
        .context("building the page")?;
    apply_select(&mut model, select)?;
    let mut widgets = Vec::new();
    for w in 0..model.widget_count() {
        let Some(ws) = model.widget_spec(w) else {
            continue;
        };
        if ws.kind == WidgetKind::Budget {
            continue;
        }
        if matches!(ws.kind, WidgetKind::Forecast | WidgetKind::Effect) {
            let budget = match &ws.budget {
                Some(b) => Some(load_table(dir, &manifest, b.get_ref())?),
                None => None,
            };
            let f = model.analytics(w, 0, budget.as_ref())?;
            widgets.push(json!({"id": ws.id.get_ref(), "analytics": {
                "model": f.model, "sentence": f.sentence, "detail": f.detail, "value": f.value,
                "projected": f.projected.iter().map(|p| json!({"label": p.label, "value": p.value})).collect::<Vec<_>>(),
            }}));
            continue;
        }
        if ws.kind == WidgetKind::Demand {
            let f = model.demand(w)?;
            widgets.push(json!({"id": ws.id.get_ref(), "demand": {
                "base_year": f.base_year, "horizons": f.horizons, "rows": f.rows,
                "total": f.total, "level_factor": f.level_factor, "method": f.method,
            }}));
            continue;
        }
        if ws.kind == WidgetKind::Rows {
            let req = helder_core::rows_table::RowsRequest {
                per_page: 25,
                ..Default::default()
            };
            let p = model.rows_page(w, &req)?;
            widgets.push(json!({"id": ws.id.get_ref(), "rows": {"columns": p.columns, "total": p.total, "first": p.rows}}));
            continue;
        }
        let mut pivots = Vec::new();
        if ws.kind == WidgetKind::Pivot || ws.stack.is_some() || ws.group.is_some() {
            for m in 0..ws.measures.len() {
                let p = model.pivot(w, m)?;
                pivots.push(json!({
                    "dimension": p.dimension, "measure": ws.measures[m].get_ref(),
                    "rows": p.rows, "cols": p.cols, "cells": p.cells,
                    "texts": (0..p.rows.len()).map(|r| (0..p.cols.len()).map(|c| p.cell_text(r, c)).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    "row_totals": p.row_totals, "col_totals": p.col_totals, "total": p.total,
                }));
            }
            // A stacked area also has its time series (the periods a click selects).
            if ws.kind != WidgetKind::Area {
                widgets.push(json!({"id": ws.id.get_ref(), "pivot": pivots}));
                continue;
            }
        }
        let mut series = Vec::new();
        for g in 0..model.groupings(w).len() {
            for m in 0..ws.measures.len() {
                let s = model.series(w, g, m)?;
                let points: Vec<Value> = s
                    .points
                    .iter()
                    .filter(|p| p.rows > 0)
                    .map(|p| json!({"label": p.label, "value": p.value, "text": s.point_text(p), "rows": p.rows}))
                    .collect();
                series.push(
                    json!({"dimension": s.dimension, "measure": s.measure, "points": points, "reference": s.reference}),
                );
            }
        }
        let mut widget = json!({"id": ws.id.get_ref(), "series": series, "filters_not_applying": model.filters_not_applying(w)});
        if !pivots.is_empty() {
            widget["pivot"] = json!(pivots);
        }
        if ws.kind == WidgetKind::Histogram {
            let mut histograms = Vec::new();
            for m in 0..ws.measures.len() {
                let h = model.histogram(w, m)?;
                let bars: Vec<Value> = h
                    .bars
                    .iter()
                    .map(|b| json!({"label": b.label, "start": b.start, "last": b.last, "value": b.value, "text": b.text, "rows": b.rows}))
                    .collect();
                histograms.push(json!({"dimension": h.series.dimension, "measure": ws.measures[m].get_ref(), "bin_width": h.bins.width, "bars": bars}));
            }
            widget["histogram"] = json!(histograms);
        }
        widgets.push(widget);
    }
    let out = json!({"page": page, "selection": model.selection().to_pairs(), "widgets": widgets});
    // A closed pipe (`| head`) ends the output quietly instead of panicking in println!.
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{}", serde_json::to_string_pretty(&out)?) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Applies `--select dimension=value` filters to `model`, or its default filters without any.
pub fn apply_select(model: &mut PageModel, select: &[String]) -> Result<()> {
    let pairs: Vec<(&str, &str)> = select
        .iter()
        .map(|s| {
            s.split_once('=')
                .ok_or_else(|| anyhow!("--select `{s}` is not of the form dimension=value"))
        })
        .collect::<Result<_>>()?;
    let selection = if pairs.is_empty() {
        model.default_selection()
    } else {
        model.selection_from_pairs(pairs)
    };
    model.apply(&selection).context("applying the selection")?;
    Ok(())
}

//! What a filled area adds to the time widget: its layers (from the time × stack pivot,
//! lined up with the periods the line shows), and for a stacked area a legend and a table
//! of every layer per period.

use crate::texts::{fill, t};
use helder_core::page_model::Pivot;
use leptos::prelude::*;

use crate::grouped_chart;

/// More layers than this cannot be told apart (six colours and patterns); the largest
/// keep their own layer and the rest become one.
const MAX_LAYERS: usize = 6;

/// An area widget's identity (for unique pattern ids) and, when stacked, its pivot.
#[derive(Clone)]
pub struct AreaLayers {
    pub id: String,
    pub pivot: Option<Memo<Option<Result<Pivot, String>>>>,
}

/// The layers of one drawing: `values[layer][period]` and their names, and the pivot they
/// came from.
pub struct Layers {
    pub values: Vec<Vec<Option<f64>>>,
    pub names: Vec<String>,
    pub pivot: Option<Pivot>,
}

/// The area's layers for the periods `labels` (empty for an area that is not stacked).
pub fn layers(area: &AreaLayers, labels: &[String]) -> Layers {
    let Some(p) = area.pivot.and_then(|m| m.get()).and_then(Result::ok) else {
        return Layers {
            values: Vec::new(),
            names: Vec::new(),
            pivot: None,
        };
    };
    let row_of: Vec<Option<usize>> = labels
        .iter()
        .map(|l| p.rows.iter().position(|r| r == l))
        .collect();
    let layer = |c: usize| -> Vec<Option<f64>> {
        row_of
            .iter()
            .map(|r| r.and_then(|r| p.cells[r][c]))
            .collect()
    };
    // The largest layers by their total keep their own; the others add up to one, on top.
    let mut order: Vec<usize> = (0..p.cols.len()).collect();
    if order.len() > MAX_LAYERS {
        helder_core::sort_order::sort_indices(&mut order, &mut |a, b| {
            p.col_totals[b]
                .unwrap_or(0.0)
                .total_cmp(&p.col_totals[a].unwrap_or(0.0))
        });
    }
    let keep = if order.len() > MAX_LAYERS {
        MAX_LAYERS - 1
    } else {
        order.len()
    };
    let rest = order.split_off(keep);
    let mut values: Vec<Vec<Option<f64>>> = order.iter().map(|c| layer(*c)).collect();
    let mut names: Vec<String> = order.iter().map(|c| p.cols[*c].clone()).collect();
    if !rest.is_empty() {
        let parts: Vec<Vec<Option<f64>>> = rest.iter().map(|c| layer(*c)).collect();
        values.push(
            (0..labels.len())
                .map(|i| {
                    let v: Vec<f64> = parts.iter().filter_map(|l| l[i]).collect();
                    (!v.is_empty()).then(|| v.iter().sum())
                })
                .collect(),
        );
        names.push(format!("{} ({})", t().others, rest.len()));
    }
    Layers {
        values,
        names,
        pivot: Some(p),
    }
}

/// A stacked area's legend (colour and pattern per layer) and its table per period.
pub fn legend_and_table(area: Option<&AreaLayers>, layers: Layers) -> impl IntoView {
    let (Some(area), Some(p)) = (area, layers.pivot) else {
        return ().into_any();
    };
    let legend = layers
        .names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            view! {
                <li><span class="swatch-pattern" inner_html=grouped_chart::swatch_svg(&area.id, c)></span>{name.clone()}</li>
            }
        })
        .collect_view();
    let head = p
        .cols
        .iter()
        .map(|c| view! { <th scope="col" class="num">{c.clone()}</th> })
        .collect_view();
    let rows = (0..p.rows.len())
        .map(|r| {
            let cells = p.cells[r]
                .iter()
                .map(|v| view! { <td class="num">{p.format(*v)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{p.rows[r].clone()}</th>{cells}<td class="num total">{p.format(p.row_totals[r])}</td></tr> }
        })
        .collect_view();
    view! {
        <ul class="legend" aria-label=format!("{}, {}", p.col_label, t().bottom_up)>{legend}</ul>
        <details class="table-alt">
            <summary>{t().layers_table}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().per_and, &[&p.measure_label, &p.row_label.to_lowercase(), &p.col_label.to_lowercase()])>
                <table class="pivot">
                    <thead><tr><th scope="col">{p.row_label.clone()}</th>{head}<th scope="col" class="num">{t().total}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

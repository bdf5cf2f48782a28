//! What a filled area adds to the time widget: its layers (from the time × stack pivot,
//! lined up with the periods the line shows), and for a stacked area a legend and a table
//! of every layer per period.

use helder_core::page_model::Pivot;
use leptos::prelude::*;

use crate::grouped_chart;

const SHOW_LAYERS_TABLE: &str = "Toon per laag als tabel";
const TOTAL: &str = "Totaal";
const BOTTOM_UP: &str = "van onder naar boven";

/// An area widget's identity (for unique pattern ids) and, when stacked, its pivot.
#[derive(Clone)]
pub struct AreaLayers {
    pub id: String,
    pub pivot: Option<Memo<Option<Result<Pivot, String>>>>,
}

/// The layers of one drawing: `values[layer][period]`, and the pivot they came from.
pub struct Layers {
    pub values: Vec<Vec<Option<f64>>>,
    pub pivot: Option<Pivot>,
}

/// The area's layers for the periods `labels` (empty for an area that is not stacked).
pub fn layers(area: &AreaLayers, labels: &[String]) -> Layers {
    let Some(p) = area.pivot.and_then(|m| m.get()).and_then(Result::ok) else {
        return Layers {
            values: Vec::new(),
            pivot: None,
        };
    };
    let row_of: Vec<Option<usize>> = labels
        .iter()
        .map(|l| p.rows.iter().position(|r| r == l))
        .collect();
    let values = (0..p.cols.len())
        .map(|c| {
            row_of
                .iter()
                .map(|r| r.and_then(|r| p.cells[r][c]))
                .collect()
        })
        .collect();
    Layers {
        values,
        pivot: Some(p),
    }
}

/// A stacked area's legend (colour and pattern per layer) and its table per period.
pub fn legend_and_table(area: Option<&AreaLayers>, layers: Layers) -> impl IntoView {
    let (Some(area), Some(p)) = (area, layers.pivot) else {
        return ().into_any();
    };
    let legend = p
        .cols
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
        <ul class="legend" aria-label=format!("{}, {BOTTOM_UP}", p.col_label)>{legend}</ul>
        <details class="table-alt">
            <summary>{SHOW_LAYERS_TABLE}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=format!("{} per {} en {}", p.measure_label, p.row_label.to_lowercase(), p.col_label.to_lowercase())>
                <table class="pivot">
                    <thead><tr><th scope="col">{p.row_label.clone()}</th>{head}<th scope="col" class="num">{TOTAL}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

//! What the first screen shows, derived from the load states: plain Rust, no web
//! dependency, so it is tested natively and in the browser alike.

use crate::texts::{fill, t};
use std::collections::BTreeMap;

use helder_core::kpi::BudgetSource;
use helder_core::page_model::PageModel;
use helder_core::spec::Spec;
use helder_core::{date, format_nl, Table};

use crate::load_state::{Load, ManifestState};

/// A figure that is still loading, could not be computed, or is ready.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure<T> {
    Loading,
    /// An input dataset failed to load; the load status already says why, once.
    Missing,
    /// The inputs are there but the figure cannot be computed from them.
    Unavailable(String),
    Ready(T),
}

/// Whether spending runs ahead of the calendar; spoken as text and an icon, not colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    OnTrack,
    Ahead,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BudgetTile {
    pub title: String,
    pub spent: f64,
    pub spent_text: String,
    pub detail: String,
    pub pace: Pace,
    pub pace_text: String,
    pub freshness: String,
    /// Labels of the page's filters the tile does not follow (the budget is not split by
    /// them); empty when it follows every filter.
    pub not_following: Vec<String>,
}

/// Spending may run this far ahead of the share of the year passed before it is flagged.
const PACE_TOLERANCE: f64 = 0.02;

/// Looks up the tables a figure needs, or says why it cannot be computed yet.
fn tables<'a, const N: usize>(
    datasets: &'a BTreeMap<String, Load>,
    names: [&str; N],
) -> Result<[&'a Table; N], Figure<()>> {
    let mut out = Vec::with_capacity(N);
    for name in names {
        match datasets.get(name) {
            Some(Load::Ready(t)) => out.push(t.as_ref()),
            Some(Load::Failed(_)) => return Err(Figure::Missing),
            _ => return Err(Figure::Loading),
        }
    }
    out.try_into().map_err(|_| Figure::Loading)
}

fn pending<T>(f: Figure<()>) -> Figure<T> {
    match f {
        Figure::Missing => Figure::Missing,
        Figure::Unavailable(e) => Figure::Unavailable(e),
        _ => Figure::Loading,
    }
}

/// The manifest once loaded, or the state a figure that needs it is in.
fn ready(manifest: &ManifestState) -> Result<&helder_core::manifest::Manifest, Figure<()>> {
    match manifest {
        ManifestState::Ready(m) => Ok(m),
        ManifestState::Failed(_) => Err(Figure::Missing),
        ManifestState::Loading => Err(Figure::Loading),
    }
}

/// The tile of budget widget `widget` on `page`, from the page's engine `model` (none
/// while it is being built).
pub fn budget_tile(
    manifest: &ManifestState,
    datasets: &BTreeMap<String, Load>,
    spec: &Spec,
    page: &str,
    model: Option<&PageModel>,
    widget: usize,
) -> Figure<BudgetTile> {
    let manifest = match ready(manifest) {
        Ok(m) => m,
        Err(f) => return pending(f),
    };
    let Some((p, w)) = spec
        .page(page)
        .and_then(|p| p.widgets.get(widget).map(|w| (p, w)))
    else {
        return Figure::Unavailable(format!("page `{page}` has no widget {widget}"));
    };
    let source = match BudgetSource::of(spec, p, w) {
        Ok(s) => s,
        Err(e) => return Figure::Unavailable(e.to_string()),
    };
    // A dataset that failed is named by the load status; the tile only says it cannot show.
    let [_, budgets] = match tables(datasets, [&source.dataset, &source.budget]) {
        Ok(t) => t,
        Err(f) => return pending(f),
    };
    let Some(model) = model.filter(|m| m.page().id == page) else {
        return Figure::Loading;
    };
    let k = match model.budget(
        widget,
        |n| (n == source.budget).then_some(budgets),
        manifest.as_of_day(),
    ) {
        Ok(k) => k,
        Err(e) => return Figure::Unavailable(e.to_string()),
    };
    let elapsed = k.year_elapsed();
    let pace = if k.share() > elapsed + PACE_TOLERANCE {
        Pace::Ahead
    } else {
        Pace::OnTrack
    };
    let pace_text = match pace {
        Pace::Ahead => fill(
            t().budget_behind,
            &[&k.share_text(), &format_nl::percent(elapsed, 0)],
        ),
        Pace::OnTrack => fill(
            t().budget_on_track,
            &[&k.share_text(), &format_nl::percent(elapsed, 0)],
        ),
    };
    Figure::Ready(BudgetTile {
        title: spec.text(&w.title).to_string(),
        spent: k.spent,
        spent_text: k.spent_text(),
        detail: fill(t().budget_detail, &[&k.budget_text(), &k.year.to_string()]),
        pace,
        pace_text,
        freshness: fill(t().data_until, &[&date::format_long_nl(k.through)]),
        not_following: k
            .ignored
            .iter()
            .map(|c| spec.column_label(&source.dataset, c).to_string())
            .collect(),
    })
}

/// Bytes received and expected over all datasets that are still on their way.
pub fn progress(datasets: &BTreeMap<String, Load>, manifest: &ManifestState) -> Option<(u64, u64)> {
    let ManifestState::Ready(m) = manifest else {
        return None;
    };
    let mut received = 0;
    let mut total = 0;
    let mut busy = false;
    for (name, load) in datasets {
        let size = m.dataset(name).map_or(0, |d| d.bytes);
        match load {
            Load::Pending => {
                busy = true;
                total += size;
            }
            Load::Receiving {
                received: r,
                total: t,
            } => {
                busy = true;
                received += r;
                total += t;
            }
            Load::Ready(_) => {
                received += size;
                total += size;
            }
            Load::Failed(_) => {}
        }
    }
    busy.then_some((received, total))
}

/// A byte count for people: "1,2 MB".
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", format_nl::number(bytes as f64 / 1e6, 1))
}

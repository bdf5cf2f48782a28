//! `helder kpi`: the budget tiles of a data folder's spec computed natively, so tests can
//! compare what the browser shows with what the core computes; and the loaders the other
//! commands share.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use std::collections::BTreeMap;

use helder_core::kpi::BudgetKpi;
use helder_core::manifest::Manifest;
use helder_core::page_model::PageModel;
use helder_core::spec::{WidgetKind, SPEC_FILE};
use helder_core::{date, ipc, Table};

use crate::site_writer::MANIFEST_FILE;

pub fn load_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST_FILE);
    let text =
        fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    Manifest::parse(&text).with_context(|| format!("{}", path.display()))
}

pub fn load_table(dir: &Path, manifest: &Manifest, name: &str) -> Result<Table> {
    let entry = manifest
        .dataset(name)
        .with_context(|| format!("the manifest in {} has no dataset `{name}`", dir.display()))?;
    let path = dir.join(&entry.file);
    let bytes = fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
    ipc::read_table(name, bytes).with_context(|| format!("{}", path.display()))
}

/// A budget tile of the spec with its figures.
pub struct BudgetTile {
    pub page: String,
    pub widget: String,
    pub title: String,
    pub kpi: BudgetKpi,
}

/// Every budget tile of the (checked) spec in `dir`, in page order, under `select` (see
/// `helder view`; default: each page's default filters), computed as the browser does.
pub fn budget_tiles(dir: &Path, select: &[String]) -> Result<Vec<BudgetTile>> {
    let spec = crate::check::check(dir)?;
    let manifest = load_manifest(dir)?;
    let mut tables = BTreeMap::new();
    let mut out = Vec::new();
    for page in &spec.pages {
        if !page.widgets.iter().any(|w| w.kind == WidgetKind::Budget) {
            continue;
        }
        for name in page.datasets() {
            if !tables.contains_key(name) {
                tables.insert(name.to_string(), load_table(dir, &manifest, name)?);
            }
        }
        let mut model = PageModel::new(&spec, &page.id, |n| tables.get(n).cloned())
            .with_context(|| format!("page `{}`", page.id))?;
        crate::view::apply_select(&mut model, select)?;
        for (i, w) in page.widgets.iter().enumerate() {
            if w.kind != WidgetKind::Budget {
                continue;
            }
            let kpi = model
                .budget(i, |n| tables.get(n), manifest.as_of_day())
                .with_context(|| format!("page `{}`, widget `{}`", page.id, w.id.get_ref()))?;
            out.push(BudgetTile {
                page: page.id.clone(),
                widget: w.id.get_ref().clone(),
                title: spec.text(&w.title).to_string(),
                kpi,
            });
        }
    }
    Ok(out)
}

pub fn print(dir: &Path, json: bool, select: &[String]) -> Result<()> {
    let tiles = budget_tiles(dir, select)?;
    if json {
        let value: Vec<_> = tiles
            .iter()
            .map(|t| {
                let k = &t.kpi;
                serde_json::json!({
                    "page": t.page,
                    "widget": t.widget,
                    "title": t.title,
                    "year": k.year,
                    "through": date::format_iso(k.through),
                    "spent": k.spent,
                    "budget": k.budget,
                    "share": k.share(),
                    "spent_text": k.spent_text(),
                    "budget_text": k.budget_text(),
                    "share_text": k.share_text(),
                    "not_following": k.ignored,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else if tiles.is_empty() {
        println!("{} has no budget widget", dir.join(SPEC_FILE).display());
    } else {
        for t in &tiles {
            let k = &t.kpi;
            println!(
                "{} ({} t/m {}): {} van {} begroot ({})",
                t.title,
                k.year,
                date::format_long_nl(k.through),
                k.spent_text(),
                k.budget_text(),
                k.share_text()
            );
        }
    }
    Ok(())
}

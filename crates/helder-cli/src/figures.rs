//! `helder kpi`: the first screen's figures computed natively from a data folder, so tests
//! can compare what the browser shows with what the core computes.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use helder_core::kpi::{self, BudgetKpi};
use helder_core::manifest::Manifest;
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

pub fn budget_kpi(dir: &Path) -> Result<BudgetKpi> {
    let manifest = load_manifest(dir)?;
    let costs = load_table(dir, &manifest, "jeugdzorg")?;
    let budgets = load_table(dir, &manifest, "jeugdzorg_budget")?;
    Ok(kpi::youth_care_budget(
        &costs,
        &budgets,
        manifest.as_of_day(),
    )?)
}

pub fn print(dir: &Path, json: bool) -> Result<()> {
    let k = budget_kpi(dir)?;
    if json {
        let value = serde_json::json!({
            "year": k.year,
            "through": date::format_iso(k.through),
            "spent": k.spent,
            "budget": k.budget,
            "share": k.share(),
            "spent_text": k.spent_text(),
            "budget_text": k.budget_text(),
            "share_text": k.share_text(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "Jeugdzorg {} t/m {}: {} van {} begroot ({})",
            k.year,
            date::format_long_nl(k.through),
            k.spent_text(),
            k.budget_text(),
            k.share_text()
        );
    }
    Ok(())
}

//! `first_view.json`: the KPI tiles of every page under its default filters, written next
//! to the data by `demo`, `check` and `publish` with the same core as the browser. The page
//! shows them while its wasm is still arriving (index.html), so on a slow phone the first
//! figure is on screen in one round trip. It names the exact manifest and spec it was
//! computed from (FNV-1a of their bytes), and the page shows it only when both still match:
//! a figure from an older spec or older data is never shown.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use helder_core::date;
use helder_core::fingerprint::fnv1a;
use helder_core::kpi_figure::kpi_figure;
use helder_core::page_model::PageModel;
use helder_core::spec::{Spec, WidgetKind, SPEC_FILE, SPEC_JSON_FILE};
use serde_json::{json, Value};

use crate::figures::{load_manifest, load_table};
use crate::site_writer::{self, MANIFEST_FILE};

/// The file's name in the data folder.
pub const FIRST_VIEW_FILE: &str = "first_view.json";

/// Writes what the page reads before its data, for the spec and data in `dir` (`spec`
/// already checked): `dashboard.json`, the spec as the browser reads it (it has no TOML
/// parser), and `first_view.json`.
pub fn write(dir: &Path, spec: &Spec) -> Result<()> {
    let read = |name: &str| {
        fs::read(dir.join(name))
            .with_context(|| format!("could not read {}", dir.join(name).display()))
    };
    let (manifest_bytes, spec_bytes) = (read(MANIFEST_FILE)?, read(SPEC_FILE)?);
    site_writer::write_atomic(
        &dir.join(SPEC_JSON_FILE),
        spec.to_json(&spec_bytes)?.as_bytes(),
    )?;
    let manifest = load_manifest(dir)?;
    let mut tables = BTreeMap::new();
    let mut pages = serde_json::Map::new();
    for page in &spec.pages {
        // The files the app will ask for, in its order: index.html starts them while the
        // wasm is still arriving, so data and code share the connection from the start.
        let files: Vec<&str> = page
            .datasets()
            .into_iter()
            .filter_map(|name| manifest.dataset(name).map(|d| d.file.as_str()))
            .collect();
        let title = spec.text(&page.title);
        let wanted = page
            .widgets
            .iter()
            .any(|w| matches!(w.kind, WidgetKind::Kpi | WidgetKind::Budget));
        if !wanted {
            pages.insert(
                page.id.clone(),
                json!({ "title": title, "tiles": [], "files": files }),
            );
            continue;
        }
        for name in page.datasets() {
            if !tables.contains_key(name) {
                tables.insert(name.to_string(), load_table(dir, &manifest, name)?);
            }
        }
        let mut model = PageModel::new(spec, &page.id, |n| tables.get(n).cloned())
            .with_context(|| format!("page `{}`", page.id))?;
        let selection = model.default_selection();
        model.apply(&selection)?;
        let mut tiles = Vec::new();
        for (w, ws) in page.widgets.iter().enumerate() {
            let title = spec.text(&ws.title).to_string();
            match ws.kind {
                WidgetKind::Kpi => {
                    let s = model.series(w, 0, 0)?;
                    let k = kpi_figure(&s, ws.target, ws.higher_is_better);
                    tiles.push(json!({
                        "title": title,
                        "label": format!("{} · {}", s.measure_label, k.period),
                        "value": k.value_text,
                    }));
                }
                WidgetKind::Budget => {
                    let k = model.budget(w, |n| tables.get(n), manifest.as_of_day())?;
                    tiles.push(json!({
                        "title": title,
                        "label": format!("{} t/m {}", k.year, date::format_long_nl(k.through)),
                        "value": k.spent_text(),
                        "detail": format!("{} van {} begroot", k.share_text(), k.budget_text()),
                    }));
                }
                _ => {}
            }
        }
        pages.insert(
            page.id.clone(),
            json!({ "title": title, "tiles": tiles, "files": files }),
        );
    }
    let out: Value = json!({
        "manifest": fnv1a(&manifest_bytes),
        "spec": fnv1a(&spec_bytes),
        "as_of": date::format_long_nl(manifest.as_of_day()),
        "first_page": spec.pages.first().map(|p| p.id.clone()),
        "pages": pages,
    });
    site_writer::write_atomic(
        &dir.join(FIRST_VIEW_FILE),
        serde_json::to_string(&out)?.as_bytes(),
    )
}

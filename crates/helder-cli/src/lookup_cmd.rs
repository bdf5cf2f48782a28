//! `helder lookup <folder> <words>`: quick lookup's answers with their figures as JSON,
//! computed by the same core code as the app's search field, with the time each keystroke
//! of the query takes (search and figures), to check answers and their speed.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use helder_core::lookup::{self, Lookup};
use helder_core::page_model::PageModel;
use serde_json::json;

use crate::figures::{load_manifest, load_table};

pub fn print(dir: &std::path::Path, query: &str) -> Result<()> {
    let spec = crate::check::check(dir)?;
    let manifest = load_manifest(dir)?;
    let mut tables = BTreeMap::new();
    for page in &spec.pages {
        for name in page.datasets() {
            if !tables.contains_key(name) {
                tables.insert(name.to_string(), load_table(dir, &manifest, name)?);
            }
        }
    }
    let mut models = BTreeMap::new();
    let mut values = Vec::new();
    for page in &spec.pages {
        let m = PageModel::new(&spec, &page.id, |n| tables.get(n).cloned())
            .with_context(|| format!("building page `{}`", page.id))?;
        values.extend(Lookup::values_of(&m));
        models.insert(page.id.clone(), m);
    }
    values.sort();
    values.dedup();
    let index = Lookup::new(&spec, |d| manifest.columns(d), &values);
    // Every prefix of the query, as typed: the slowest keystroke is what a phone feels.
    let mut keystrokes = Vec::new();
    let mut out = Vec::new();
    for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
        let started = Instant::now();
        let hits = index.answers(&spec, &query[..end]);
        out.clear();
        for hit in hits {
            let Some(model) = models.get_mut(&hit.page) else {
                continue;
            };
            let a = lookup::answer(model, &hit, |n| tables.get(n), manifest.as_of_day())?;
            out.push(json!({
                "page": hit.page, "widget": hit.widget, "measure": hit.measure,
                "filters": hit.filters, "year": hit.year, "score": hit.score,
                "value": a.value, "text": a.value_text, "period": a.period, "select": a.pairs,
            }));
        }
        keystrokes.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let result = json!({"query": query, "answers": out, "keystroke_ms": keystrokes});
    println!("{}", serde_json::to_string_pretty(&result)?);
    Ok(())
}

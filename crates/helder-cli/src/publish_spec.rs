//! The public site's `dashboard.toml`: the spec's public pages only, each with its public
//! filters and the widgets a public page can show, over cube datasets whose measures are
//! the published cells (`cube = true`). Everything else in the spec stays out.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use helder_core::spec::Spanned;
use helder_core::spec::{Spec, WidgetSpec};
use toml::{Table, Value};

/// What a public dataset publishes: its dimensions and measures.
#[derive(Debug, Clone, Default)]
pub struct PublicDataset {
    pub dims: BTreeSet<String>,
    pub measures: BTreeSet<String>,
    /// The tables a page can ask for, as the columns each shows: every grouping of a
    /// public widget together with all the page's public filters. Their margins (fewer
    /// columns) are published too, so any subset of the filters is answered, and nothing
    /// finer: a buurt × month table is not published when no page shows one.
    pub tables: BTreeSet<BTreeSet<String>>,
}

/// The column sets widget `w` groups by: each dimension or alternative, a stacked or
/// grouped bar's and a pivot's pair with its rows and columns, a time series' months, and
/// the page total (KPI comparisons and reference lines).
fn groupings(w: &WidgetSpec) -> Vec<BTreeSet<String>> {
    let one = |c: &Spanned<String>| BTreeSet::from([c.get_ref().clone()]);
    let mut out: Vec<BTreeSet<String>> = vec![BTreeSet::new()];
    out.extend(
        w.dimension
            .iter()
            .chain(&w.alternatives)
            .chain(&w.time)
            .map(one),
    );
    let rows = w.dimension.as_ref().or(w.time.as_ref());
    let cross = w.columns.as_ref().or(w.stack.as_ref()).or(w.group.as_ref());
    if let (Some(r), Some(c)) = (rows, cross) {
        out.push(one(c));
        out.push(BTreeSet::from([r.get_ref().clone(), c.get_ref().clone()]));
    }
    out
}

/// The columns and measures each dataset's public pages use.
pub fn plan(spec: &Spec) -> BTreeMap<String, PublicDataset> {
    let mut out: BTreeMap<String, PublicDataset> = BTreeMap::new();
    for page in spec.pages.iter().filter(|p| p.public) {
        let d = out.entry(page.dataset.get_ref().clone()).or_default();
        let filters: BTreeSet<String> = page
            .public_filter_columns()
            .iter()
            .map(|f| f.get_ref().clone())
            .collect();
        d.dims.extend(filters.iter().cloned());
        // The filter panel counts per option under the other filters.
        d.tables.insert(filters.clone());
        for w in page.widgets.iter().filter(|w| page.on_public_copy(w)) {
            for g in groupings(w) {
                d.dims.extend(g.iter().cloned());
                d.tables.insert(g.union(&filters).cloned().collect());
            }
            d.measures
                .extend(w.measures.iter().map(|m| m.get_ref().clone()));
        }
    }
    out
}

/// Widgets of public pages left off the public copy: (page id, widget id, kind).
pub fn left_off(spec: &Spec) -> Vec<(String, String, String)> {
    spec.pages
        .iter()
        .filter(|p| p.public)
        .flat_map(|p| {
            p.widgets.iter().filter(|w| !p.on_public_copy(w)).map(|w| {
                (
                    p.id.clone(),
                    w.id.get_ref().clone(),
                    format!("{:?}", w.kind),
                )
            })
        })
        .collect()
}

/// The public spec's text, from the original spec's text.
pub fn public_spec(
    spec: &Spec,
    text: &str,
    plan: &BTreeMap<String, PublicDataset>,
) -> Result<String> {
    let mut doc: Table = toml::from_str(text).context("reading the spec as TOML")?;
    let mut datasets = Table::new();
    if let Some(Value::Table(all)) = doc.remove("datasets") {
        for (name, value) in all {
            let (Some(p), Value::Table(mut ds)) = (plan.get(&name), value) else {
                continue;
            };
            if let Some(Value::Table(cols)) = ds.remove("columns") {
                let kept: Table = cols
                    .into_iter()
                    .filter(|(c, _)| p.dims.contains(c))
                    .collect();
                ds.insert("columns".into(), Value::Table(kept));
            }
            if let Some(Value::Table(measures)) = ds.remove("measures") {
                let mut kept = Table::new();
                for (m, v) in measures {
                    let Value::Table(mut mt) = v else { continue };
                    if !p.measures.contains(&m) {
                        continue;
                    }
                    // A cube holds each measure's cells as a column; pages add cells up.
                    mt.insert("agg".into(), Value::String("sum".into()));
                    mt.insert("column".into(), Value::String(m.clone()));
                    kept.insert(m, Value::Table(mt));
                }
                ds.insert("measures".into(), Value::Table(kept));
            }
            ds.insert("cube".into(), Value::Boolean(true));
            datasets.insert(name, Value::Table(ds));
        }
    }
    doc.insert("datasets".into(), Value::Table(datasets));
    let mut pages = Vec::new();
    if let Some(Value::Array(all)) = doc.remove("pages") {
        for (value, page) in all.into_iter().zip(&spec.pages) {
            let Value::Table(mut pt) = value else {
                continue;
            };
            if !page.public {
                continue;
            }
            let filters: Vec<String> = page
                .public_filter_columns()
                .iter()
                .map(|f| f.get_ref().clone())
                .collect();
            pt.remove("public_filters");
            if let Some(Value::String(d)) = pt.remove("public_description") {
                pt.insert("description".into(), Value::String(d));
            }
            // Links reach other datasets, which the public copy does not have.
            pt.remove("links");
            if let Some(Value::Array(latest)) = pt.remove("latest") {
                let kept: Vec<Value> = latest
                    .into_iter()
                    .filter(|l| l.as_str().is_some_and(|l| filters.iter().any(|f| f == l)))
                    .collect();
                if !kept.is_empty() {
                    pt.insert("latest".into(), Value::Array(kept));
                }
            }
            pt.insert(
                "filters".into(),
                Value::Array(filters.into_iter().map(Value::String).collect()),
            );
            if let Some(Value::Array(widgets)) = pt.remove("widgets") {
                let kept: Vec<Value> = widgets
                    .into_iter()
                    .zip(&page.widgets)
                    .filter(|(_, w)| page.on_public_copy(w))
                    .map(|(v, _)| v)
                    .collect();
                pt.insert("widgets".into(), Value::Array(kept));
            }
            pages.push(Value::Table(pt));
        }
    }
    doc.insert("pages".into(), Value::Array(pages));
    // Translations of texts the public copy no longer has would say what the intranet
    // holds (its page and column names), so only those of remaining texts stay.
    if let Some(Value::Table(langs)) = doc.remove("translations") {
        let mut used = BTreeSet::new();
        strings(&Value::Table(doc.clone()), &mut used);
        let kept: Table = langs
            .into_iter()
            .map(|(lang, t)| {
                let t = match t {
                    Value::Table(t) => t.into_iter().filter(|(k, _)| used.contains(k)).collect(),
                    _ => Table::new(),
                };
                (lang, Value::Table(t))
            })
            .collect();
        doc.insert("translations".into(), Value::Table(kept));
    }
    let body = toml::to_string(&doc).context("writing the public spec")?;
    Ok(format!(
        "# The public site's dashboards, written by `helder publish`: every dataset is a\n# protected cube (see docs/publishing.md). Edit the intranet spec and publish again.\n\n{body}"
    ))
}

/// Every string value in `v`, at any depth.
fn strings(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Table(t) => t.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

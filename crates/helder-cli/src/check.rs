//! `helder check <folder>`: validates the dashboard spec against the data files it names
//! and prints every problem with its file, line and a fix hint.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use helder_core::spec::{Spec, WidgetKind, SPEC_FILE};
use helder_core::spec_check::{self, Schemas};

use crate::figures::{load_manifest, load_table};

/// Reads the folder's spec and manifest, and checks the spec against every dataset's schema.
pub fn check(dir: &Path) -> Result<Spec> {
    let path = dir.join(SPEC_FILE);
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "could not read {}; write a spec (see docs/dashboard-spec.md) or run `helder demo`",
            path.display()
        )
    })?;
    let spec = Spec::parse(&text).with_context(|| path.display().to_string())?;
    let manifest = load_manifest(dir)?;
    let mut schemas = Schemas::new();
    for entry in &manifest.datasets {
        let table = load_table(dir, &manifest, &entry.name)?;
        schemas.insert(entry.name.clone(), table.column_kinds());
    }
    let problems = spec_check::check(&spec, &text, &schemas);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{}:{p}", path.display());
        }
        bail!(
            "{} problem(s) in {}; nothing was changed",
            problems.len(),
            path.display()
        );
    }
    check_boundaries(dir, &spec)?;
    Ok(spec)
}

/// Every map's boundaries file exists next to the spec and reads with its key, so a
/// published page never meets a missing or broken file.
fn check_boundaries(dir: &Path, spec: &Spec) -> Result<()> {
    for page in &spec.pages {
        for w in page.widgets.iter().filter(|w| w.kind == WidgetKind::Map) {
            let (Some(file), Some(key)) = (&w.geometry, &w.key) else {
                continue;
            };
            let path = dir.join(file.get_ref());
            let text = fs::read_to_string(&path).with_context(|| {
                format!(
                    "map `{}` on page `{}` draws {}, which could not be read; put the GeoJSON boundaries there",
                    w.id.get_ref(),
                    page.id,
                    path.display()
                )
            })?;
            helder_core::map_geometry::parse(&text, key.get_ref(), file.get_ref())
                .with_context(|| format!("map `{}` on page `{}`", w.id.get_ref(), page.id))?;
        }
    }
    Ok(())
}

pub fn print(dir: &Path) -> Result<()> {
    let spec = check(dir)?;
    // The figures a page shows while it loads follow the spec that just passed.
    crate::first_view::write(dir, &spec)?;
    let widgets: usize = spec.pages.iter().map(|p| p.widgets.len()).sum();
    println!(
        "{}: {} datasets, {} pages, {widgets} widgets: ok",
        dir.join(SPEC_FILE).display(),
        spec.datasets.len(),
        spec.pages.len()
    );
    Ok(())
}

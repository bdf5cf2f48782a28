//! `helder publish <site> --public --out <dir>`: the public copy of a site. Its public pages
//! read protected cubes instead of records: no record, no identifier and no column a public
//! widget does not need is written, and a site whose cubes fail the attack is not written
//! at all. Everything goes to a temporary folder that replaces `<dir>` only when complete.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use helder_core::manifest::{ColumnEntry, DatasetEntry, Manifest, MANIFEST_VERSION};
use helder_core::spec::SPEC_FILE;

use crate::figures::{load_manifest, load_table};
use crate::publish_cube::{self, PublishedCube};
use crate::publish_report::{self, ReportInput, REPORT_FILE};
use crate::site_writer::{self, MANIFEST_FILE};
use crate::{check, identifiers, publish_spec};

/// What `generated_by` starts with in a public manifest; only such a folder is replaced.
const GENERATED_BY: &str = "helder publish";

/// What a publish run did, for the terminal and tests.
#[derive(Debug)]
pub struct Summary {
    pub cubes: Vec<PublishedCube>,
    pub seconds: f64,
}

pub fn run(site: &Path, out: &Path) -> Result<Summary> {
    let started = Instant::now();
    if same_folder(site, out) {
        bail!(
            "--out {} is the site itself; publish to another folder (the input is never changed)",
            out.display()
        );
    }
    let spec = check::check(site)?;
    let spec_path = site.join(SPEC_FILE);
    let text = fs::read_to_string(&spec_path)
        .with_context(|| format!("could not read {}", spec_path.display()))?;
    let manifest = load_manifest(site)?;
    let plan = publish_spec::plan(&spec);
    if plan.is_empty() {
        bail!(
            "{} has no page with `public = true`; mark the pages to publish (see docs/publishing.md)",
            spec_path.display()
        );
    }
    let mut cubes = Vec::new();
    for (dataset, p) in &plan {
        let table = load_table(site, &manifest, dataset)?;
        let dims: Vec<String> = p.dims.iter().cloned().collect();
        let measures: Vec<String> = p.measures.iter().cloned().collect();
        let cube = publish_cube::build(&spec, dataset, &table, &dims, &measures, &p.tables)?;
        // The identifier guard: a cube column that looks like a direct identifier stops
        // the whole publication.
        let findings = identifiers::findings(&cube.batch);
        if let Some(f) = findings.first() {
            bail!(
                "dataset `{dataset}`: column `{}` looks like {}; a public site never holds direct identifiers. Remove it from the public pages",
                f.column,
                f.kind
            );
        }
        cubes.push(cube);
    }
    let boundaries = map_boundaries(site, &spec)?;
    let seconds = started.elapsed().as_secs_f64();
    let public_spec = publish_spec::public_spec(&spec, &text, &plan)?;
    let report = publish_report::markdown(&ReportInput {
        title: &spec.site.title,
        as_of: &manifest.as_of,
        cubes: &cubes,
        pages: spec
            .pages
            .iter()
            .filter(|p| p.public)
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect(),
        left_off: publish_spec::left_off(&spec),
        seconds,
    });
    let content = Content {
        manifest: &manifest,
        cubes: &cubes,
        spec: &public_spec,
        report: &report,
        boundaries: &boundaries,
    };
    write_site(out, &content)?;
    Ok(Summary { cubes, seconds })
}

/// The boundary files (GeoJSON) the public pages' maps draw, checked to be boundaries the
/// map can read: area names and shapes, public information, never records.
fn map_boundaries(site: &Path, spec: &helder_core::spec::Spec) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for page in spec.pages.iter().filter(|p| p.public) {
        for w in page.widgets.iter().filter(|w| page.on_public_copy(w)) {
            let (Some(file), Some(key)) = (&w.geometry, &w.key) else {
                continue;
            };
            let file = file.get_ref();
            if out.iter().any(|(f, _)| f == file) {
                continue;
            }
            let path = site.join(file);
            let bytes =
                fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            helder_core::map_geometry::parse(&text, key.get_ref(), file)
                .with_context(|| format!("map `{}` on page `{}`", w.id.get_ref(), page.id))?;
            out.push((file.clone(), bytes));
        }
    }
    Ok(out)
}

/// Everything the public site holds.
struct Content<'a> {
    manifest: &'a Manifest,
    cubes: &'a [PublishedCube],
    spec: &'a str,
    report: &'a str,
    /// Map boundary files by name.
    boundaries: &'a [(String, Vec<u8>)],
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes the public site into a fresh temporary folder beside `out` and renames it into
/// place; an existing `out` is replaced only when a previous `helder publish` wrote it.
fn write_site(out: &Path, content: &Content<'_>) -> Result<()> {
    if out.exists() {
        let previous = fs::read_to_string(out.join(MANIFEST_FILE))
            .ok()
            .and_then(|t| Manifest::parse(&t).ok());
        if !previous.is_some_and(|m| m.generated_by.starts_with(GENERATED_BY)) {
            bail!(
                "{} already exists and was not written by `helder publish`; refusing to replace it (choose another --out)",
                out.display()
            );
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("could not create {}", parent.display()))?;
    let name = out
        .file_name()
        .with_context(|| format!("--out {} has no folder name", out.display()))?
        .to_string_lossy()
        .to_string();
    let tmp = parent.join(format!(".{name}.publishing-{}", std::process::id()));
    let result = (|| -> Result<()> {
        fs::create_dir(&tmp).with_context(|| format!("could not create {}", tmp.display()))?;
        fill(&tmp, content)?;
        if out.exists() {
            let old = parent.join(format!(".{name}.replaced-{}", std::process::id()));
            fs::rename(out, &old)
                .with_context(|| format!("could not move the old {} aside", out.display()))?;
            fs::rename(&tmp, out)
                .with_context(|| format!("could not rename to {}", out.display()))?;
            fs::remove_dir_all(&old)
                .with_context(|| format!("could not remove {}", old.display()))?;
        } else {
            fs::rename(&tmp, out)
                .with_context(|| format!("could not rename to {}", out.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(dir: &Path, content: &Content<'_>) -> Result<()> {
    let Content {
        manifest,
        cubes,
        spec,
        report,
        boundaries,
    } = content;
    for (file, bytes) in boundaries.iter() {
        site_writer::write_atomic(&dir.join(file), bytes)?;
    }
    let mut entries = Vec::new();
    for cube in cubes.iter() {
        let bytes = site_writer::encode_batch(&cube.batch)
            .with_context(|| format!("could not encode the cube of {}", cube.dataset))?;
        let file = format!("{}.arrow", cube.dataset);
        site_writer::write_atomic(&dir.join(&file), &bytes)?;
        let input = manifest.dataset(&cube.dataset);
        entries.push(DatasetEntry {
            name: cube.dataset.clone(),
            title: input.map_or(cube.dataset.clone(), |d| d.title.clone()),
            file,
            rows: cube.batch.num_rows() as u64,
            bytes: bytes.len() as u64,
            sha256: site_writer::sha256_hex(&bytes),
            as_of: input.map_or(manifest.as_of.clone(), |d| d.as_of.clone()),
            record_level: false,
            description: format!(
                "Beschermde tabel over {}: cijfers per {}, geheime cellen leeg (zie {REPORT_FILE}).",
                cube.dataset,
                cube.dims.join(", ")
            ),
            columns: ColumnEntry::of_batch(&cube.batch),
        });
    }
    site_writer::write_atomic(&dir.join(SPEC_FILE), spec.as_bytes())?;
    site_writer::write_atomic(&dir.join(REPORT_FILE), report.as_bytes())?;
    let public = Manifest {
        version: MANIFEST_VERSION,
        gemeente: manifest.gemeente.clone(),
        as_of: manifest.as_of.clone(),
        generated_by: format!("{GENERATED_BY} {}", env!("CARGO_PKG_VERSION")),
        datasets: entries,
    };
    public.validate()?;
    let json = serde_json::to_string_pretty(&public)?;
    site_writer::write_atomic(&dir.join(MANIFEST_FILE), json.as_bytes())?;
    // The public pages' first figures, from the cubes just written.
    let spec = check::check(dir)?;
    crate::first_view::write(dir, &spec)?;
    Ok(())
}

/// Prints what was published, per dataset and measure.
pub fn print(site: PathBuf, out: PathBuf) -> Result<()> {
    let s = run(&site, &out)?;
    for cube in &s.cubes {
        for m in &cube.measures {
            let n = helder_core::disclosure::suppress::counts(&m.cube, &cube.rules, |_| true);
            println!(
                "{:<12} {:<14} {:>6} cellen {:>5} primair {:>5} secundair {:>5} afgerond; aanval: {} lp's, {}",
                cube.dataset,
                m.name,
                n.cells,
                n.primary,
                n.secondary,
                n.rounded,
                m.attack.programs,
                if m.attack.passed() { "geslaagd" } else { "NIET geslaagd" }
            );
        }
    }
    println!(
        "openbare site: {} ({:.1} s; rapport: {REPORT_FILE})",
        out.display(),
        s.seconds
    );
    Ok(())
}

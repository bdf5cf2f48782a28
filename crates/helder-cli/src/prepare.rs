//! `helder prepare`: converting a municipality's exports (CSV, Parquet, Arrow) into the
//! site's dashboard files and recording them in the manifest.
//!
//! Every input is streamed batch by batch into a temporary file in the target folder. Only
//! when all inputs converted are the files renamed into place, and the manifest is written
//! last, so a failed run leaves the site exactly as it was. Inputs are only ever read.

use std::fs::{self, File};
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use arrow_array::RecordBatch;
use arrow_ipc::writer::{DictionaryHandling, FileWriter, IpcWriteOptions};
use arrow_ipc::CompressionType;
use helder_core::date;
use helder_core::manifest::{ColumnEntry, DatasetEntry, Manifest, MANIFEST_VERSION};
use sha2::{Digest, Sha256};

use crate::csv_batches::CsvOptions;
use crate::csv_values::ColumnType;
use crate::normalize::Normalizer;
use crate::site_writer::{self, MANIFEST_FILE};
use crate::{crash_guard, identifiers, input};

/// What `helder prepare` was asked to do.
#[derive(Debug)]
pub struct Request {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub as_of: Option<i32>,
    pub gemeente: Option<String>,
    pub csv: CsvOptions,
    pub compression: Option<CompressionType>,
    pub batch_rows: usize,
}

/// One converted input, waiting under its temporary name.
struct Staged {
    tmp: TempFile,
    path: PathBuf,
    entry: DatasetEntry,
}

/// A temporary output that removes itself unless it was renamed into place.
struct TempFile(Option<PathBuf>);

impl TempFile {
    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// Registers the path with the crash guard, which removes it if a reader panics.
    fn new(path: PathBuf) -> Self {
        crash_guard::temp_created(&path);
        TempFile(Some(path))
    }

    fn rename_to(mut self, path: &Path) -> Result<()> {
        if let Some(tmp) = self.0.take() {
            let result = fs::rename(&tmp, path);
            if result.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            crash_guard::temp_gone(&tmp);
            result.with_context(|| format!("could not write {}", path.display()))?;
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(&p);
            crash_guard::temp_gone(&p);
        }
    }
}

pub fn run(req: &Request) -> Result<()> {
    fs::create_dir_all(&req.out)
        .with_context(|| format!("could not create {}", req.out.display()))?;
    let manifest_path = req.out.join(MANIFEST_FILE);
    let existing = if manifest_path.exists() {
        let text = fs::read_to_string(&manifest_path)
            .with_context(|| format!("could not read {}", manifest_path.display()))?;
        Some(Manifest::parse(&text).with_context(|| {
            format!(
                "{}: the folder's manifest is invalid; fix or remove it first",
                manifest_path.display()
            )
        })?)
    } else {
        None
    };
    let gemeente = match (&req.gemeente, &existing) {
        (Some(g), _) => g.clone(),
        (None, Some(m)) => m.gemeente.clone(),
        (None, None) => bail!(
            "{} has no manifest yet; pass --gemeente \"Gemeente …\" to start one",
            req.out.display()
        ),
    };

    let mut staged: Vec<Staged> = Vec::new();
    for path in &req.inputs {
        let name = dataset_name(path)?;
        if staged.iter().any(|s| s.entry.name == name) {
            bail!(
                "{}: a second input is also called `{name}`; rename one of them",
                path.display()
            );
        }
        let target = req.out.join(format!("{name}.arrow"));
        refuse_overwriting_input(path, &target)?;
        let started = std::time::Instant::now();
        let (tmp, entry) =
            convert(path, &req.out, &name, req).with_context(|| format!("{}", path.display()))?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{}: {} rows in {secs:.1} s ({:.0} rows/s), {} bytes, as of {}",
            path.display(),
            entry.rows,
            entry.rows as f64 / secs.max(1e-9),
            entry.bytes,
            entry.as_of
        );
        staged.push(Staged {
            tmp,
            path: target,
            entry,
        });
    }

    // Everything converted: only now does anything in the site change.
    let mut datasets = existing.map(|m| m.datasets).unwrap_or_default();
    for s in staged {
        s.tmp.rename_to(&s.path)?;
        match datasets.iter_mut().find(|d| d.name == s.entry.name) {
            Some(d) => *d = s.entry,
            None => datasets.push(s.entry),
        }
    }
    let as_of = datasets
        .iter()
        .map(|d| d.as_of.clone())
        .max()
        .unwrap_or_else(|| date::format_iso(0));
    let manifest = Manifest {
        version: MANIFEST_VERSION,
        gemeente,
        as_of,
        generated_by: format!("helder prepare {}", env!("CARGO_PKG_VERSION")),
        datasets,
    };
    manifest.validate()?;
    site_writer::write_atomic(
        &manifest_path,
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    println!("manifest: {}", manifest_path.display());
    // New data means new first figures, when the folder has a spec that passes with it.
    if req.out.join(helder_core::spec::SPEC_FILE).exists() {
        match crate::check::check(&req.out) {
            Ok(spec) => crate::first_view::write(&req.out, &spec)?,
            Err(e) => eprintln!(
                "warning: the spec does not pass with the new data, so the page shows no figures before the app has loaded: {e:#}; fix it and run `helder check`"
            ),
        }
    }
    Ok(())
}

/// Converts one input into a temporary Arrow file in `out`.
fn convert(path: &Path, out: &Path, name: &str, req: &Request) -> Result<(TempFile, DatasetEntry)> {
    let csv = CsvOptions {
        spec_types: spec_types(out, name)?,
        ..req.csv.clone()
    };
    let mut source = input::open(path, &csv)?;
    let mut normalizer = Normalizer::new(source.schema.clone())?;
    let tmp = TempFile::new(out.join(format!(".{name}.arrow.tmp")));
    let options = IpcWriteOptions::default()
        .try_with_compression(req.compression)?
        .with_dictionary_handling(DictionaryHandling::Delta);
    let mut writer: Option<FileWriter<BufWriter<File>>> = None;
    let mut pending: Vec<RecordBatch> = Vec::new();
    let mut pending_rows = 0usize;
    let mut warned = false;
    let mut flush = |pending: &mut Vec<RecordBatch>,
                     writer: &mut Option<FileWriter<BufWriter<File>>>,
                     normalizer: &mut Normalizer|
     -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        // Parquet and Arrow inputs come in small batches; a few large ones decode faster.
        let batch = if pending.len() == 1 {
            pending.remove(0)
        } else {
            let b = arrow_select::concat::concat_batches(&pending[0].schema(), pending.iter())?;
            pending.clear();
            b
        };
        let converted = normalizer.convert(&batch)?;
        drop(batch);
        if !warned {
            warned = true;
            for w in identifiers::warnings(&converted) {
                eprintln!("warning: {}: {w}", path.display());
            }
        }
        let w = match writer {
            Some(w) => w,
            None => {
                let file = File::create(tmp.path())
                    .with_context(|| format!("could not create {}", tmp.path().display()))?;
                writer.insert(FileWriter::try_new_with_options(
                    BufWriter::with_capacity(1 << 20, file),
                    &converted.schema(),
                    options.clone(),
                )?)
            }
        };
        w.write(&converted)?;
        Ok(())
    };
    while let Some(batch) = source.batches.next_batch(req.batch_rows)? {
        pending_rows += batch.num_rows();
        pending.push(batch);
        if pending_rows >= req.batch_rows {
            flush(&mut pending, &mut writer, &mut normalizer)?;
            pending_rows = 0;
        }
    }
    flush(&mut pending, &mut writer, &mut normalizer)?;
    let mut writer = match writer {
        Some(w) => w,
        None => {
            // No rows at all: still a valid file with the schema.
            let file = File::create(tmp.path())
                .with_context(|| format!("could not create {}", tmp.path().display()))?;
            FileWriter::try_new_with_options(
                BufWriter::new(file),
                &normalizer.schema(),
                options.clone(),
            )?
        }
    };
    writer.finish()?;
    let file = writer
        .into_inner()?
        .into_inner()
        .map_err(|e| anyhow!("{}", e.error()))?;
    file.sync_all()?;
    drop(file);

    let (bytes, sha256) = hash_file(tmp.path())?;
    let as_of = match (req.as_of, normalizer.newest_day()) {
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => {
            bail!("there is no date column to take the as-of date from; pass --as-of YYYY-MM-DD")
        }
    };
    let schema = normalizer.schema();
    let columns = schema
        .fields()
        .iter()
        .zip(normalizer.null_counts())
        .map(|(f, nulls)| ColumnEntry::of_field(f, *nulls))
        .collect();
    let entry = DatasetEntry {
        name: name.to_string(),
        title: name.to_string(),
        file: format!("{name}.arrow"),
        rows: normalizer.rows(),
        bytes,
        sha256,
        as_of: date::format_iso(as_of),
        record_level: true,
        description: format!("prepared from {}", source.format.name()),
        columns,
    };
    Ok((tmp, entry))
}

fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((total, hex))
}

/// The dataset name from the file name: lower case, letters, digits and `_`.
/// The CSV column types the folder's spec gives dataset `name` (`type = "date"` on a
/// column); none when the folder has no spec yet.
fn spec_types(out: &Path, name: &str) -> Result<Vec<(String, ColumnType)>> {
    let path = out.join(helder_core::spec::SPEC_FILE);
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Vec::new());
    };
    let spec = helder_core::spec::Spec::parse(&text).with_context(|| {
        format!(
            "{}: fix the spec or move it away before preparing",
            path.display()
        )
    })?;
    let Some(ds) = spec.datasets.get(name) else {
        return Ok(Vec::new());
    };
    ds.columns
        .iter()
        .filter_map(|(col, c)| c.get_ref().csv_type.as_ref().map(|t| (col, t)))
        .map(|(col, t)| {
            let parsed = ColumnType::parse(t).with_context(|| {
                format!(
                    "{}: column `{col}` of `{name}` has type `{t}`; use int, float, date, timestamp, timestamptz, bool or text",
                    path.display()
                )
            })?;
            Ok((col.clone(), parsed))
        })
        .collect()
}

fn dataset_name(path: &Path) -> Result<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_matches('_').to_string();
    if name.is_empty() {
        bail!(
            "{}: cannot derive a dataset name from the file name",
            path.display()
        );
    }
    Ok(name)
}

/// The output must never replace one of the inputs.
fn refuse_overwriting_input(input: &Path, target: &Path) -> Result<()> {
    let same = match (fs::canonicalize(input), fs::canonicalize(target)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        bail!(
            "{}: the output would replace this input; prepare into another folder",
            input.display()
        );
    }
    Ok(())
}

//! Writing a data folder safely: every file goes to a temporary name first and is renamed
//! into place only when complete, and the manifest is written last, so a failed run never
//! leaves a manifest pointing at a half-written file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use arrow_ipc::writer::{FileWriter, IpcWriteOptions};
use helder_core::manifest::{ColumnEntry, DatasetEntry, Manifest, MANIFEST_VERSION};
use sha2::{Digest, Sha256};

use crate::demo::Dataset;

pub const MANIFEST_FILE: &str = "manifest.json";

/// Encodes a dataset as an uncompressed Arrow IPC file.
pub fn encode(dataset: &Dataset) -> Result<Vec<u8>> {
    encode_batch(&dataset.batch)
}

/// Encodes one record batch as an uncompressed Arrow IPC file, as `helder prepare` writes
/// by default: the browser uses its buffers in place, and hosting that compresses what it
/// sends makes it smaller on the wire than LZ4 inside the file (see docs/data-preparation.md).
pub fn encode_batch(batch: &arrow_array::RecordBatch) -> Result<Vec<u8>> {
    let options = IpcWriteOptions::default();
    let mut out = Vec::new();
    let mut writer = FileWriter::try_new_with_options(&mut out, &batch.schema(), options)?;
    writer.write(batch)?;
    writer.finish()?;
    drop(writer);
    Ok(out)
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_path(path);
    let result = (|| -> Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("could not write {}", path.display()))
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Refuses to write into a folder whose manifest was not made by `helder demo`, so that
/// a municipality's own data is never overwritten by demo data.
pub fn check_demo_target(dir: &Path, force: bool) -> Result<()> {
    let manifest = dir.join(MANIFEST_FILE);
    if force || !manifest.exists() {
        return Ok(());
    }
    let text = fs::read_to_string(&manifest)
        .with_context(|| format!("could not read {}", manifest.display()))?;
    match Manifest::parse(&text) {
        Ok(m) if m.generated_by.starts_with("helder demo") => Ok(()),
        _ => bail!(
            "{} already holds a manifest that `helder demo` did not write; refusing to overwrite it (choose another folder, or pass --force)",
            dir.display()
        ),
    }
}

/// Writes the datasets and then the manifest into `dir`.
pub fn write_site(
    dir: &Path,
    gemeente: &str,
    as_of: &str,
    generated_by: &str,
    datasets: &[Dataset],
) -> Result<Manifest> {
    fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let mut entries = Vec::with_capacity(datasets.len());
    for d in datasets {
        let bytes = encode(d).with_context(|| format!("could not encode dataset {}", d.name))?;
        let file = format!("{}.arrow", d.name);
        write_atomic(&dir.join(&file), &bytes)?;
        entries.push(DatasetEntry {
            name: d.name.to_string(),
            title: d.title.to_string(),
            file,
            rows: d.batch.num_rows() as u64,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            as_of: as_of.to_string(),
            record_level: d.record_level,
            description: d.description.clone(),
            columns: ColumnEntry::of_batch(&d.batch),
        });
    }
    let manifest = Manifest {
        version: MANIFEST_VERSION,
        gemeente: gemeente.to_string(),
        as_of: as_of.to_string(),
        generated_by: generated_by.to_string(),
        datasets: entries,
    };
    manifest.validate()?;
    let json = serde_json::to_string_pretty(&manifest)?;
    write_atomic(&dir.join(MANIFEST_FILE), json.as_bytes())?;
    Ok(manifest)
}

//! The site manifest: which datasets a site has, where their files are and how fresh they are.
//!
//! The app fetches `data/manifest.json` first and every file it names afterwards, so the
//! manifest is checked strictly: file names must stay inside the data folder, which keeps
//! every request on the site's own origin.

use serde::{Deserialize, Serialize};

use crate::{date, CoreError};

pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub version: u32,
    /// The municipality's display name, e.g. "Gemeente Voorbeeld".
    pub gemeente: String,
    /// The newest date any dataset covers, `YYYY-MM-DD`.
    pub as_of: String,
    /// What wrote the manifest, for support questions.
    #[serde(default)]
    pub generated_by: String,
    pub datasets: Vec<DatasetEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetEntry {
    /// Identifier used by dashboards, e.g. "jeugdzorg".
    pub name: String,
    /// Human title in Dutch.
    pub title: String,
    /// File name relative to the manifest, e.g. "jeugdzorg.arrow".
    pub file: String,
    pub rows: u64,
    /// File size in bytes, so the app can show progress before the server says anything.
    pub bytes: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// The last date the data covers, `YYYY-MM-DD`.
    pub as_of: String,
    /// Whether the file holds one row per person or case (never published as is).
    #[serde(default)]
    pub record_level: bool,
    #[serde(default)]
    pub description: String,
    /// The columns and their types, as `helder prepare` wrote them; absent in manifests
    /// written before it existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnEntry>,
}

/// One column of a dataset as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnEntry {
    pub name: String,
    /// The Arrow type, e.g. `Float64`, `Date32`, `Dictionary(Int32, Utf8)`.
    #[serde(rename = "type")]
    pub data_type: String,
    pub nulls: u64,
}

impl ColumnEntry {
    /// A column as the manifest records it: its name, Arrow type and number of nulls.
    pub fn of_field(field: &arrow_schema::Field, nulls: u64) -> ColumnEntry {
        ColumnEntry {
            name: field.name().clone(),
            data_type: field.data_type().to_string(),
            nulls,
        }
    }

    /// Every column of `batch` as the manifest records it.
    pub fn of_batch(batch: &arrow_array::RecordBatch) -> Vec<ColumnEntry> {
        batch
            .schema()
            .fields()
            .iter()
            .zip(batch.columns())
            .map(|(f, c)| ColumnEntry::of_field(f, c.null_count() as u64))
            .collect()
    }
}

impl Manifest {
    /// The column names of dataset `name`, if the manifest records them (manifests written
    /// before columns were recorded have none).
    pub fn columns(&self, name: &str) -> Option<Vec<String>> {
        self.dataset(name)
            .filter(|d| !d.columns.is_empty())
            .map(|d| d.columns.iter().map(|c| c.name.clone()).collect())
    }

    /// Parses and checks a manifest; the error says which field is wrong.
    pub fn parse(json: &str) -> Result<Self, CoreError> {
        let m: Manifest = serde_json::from_str(json).map_err(|e| {
            CoreError::Manifest(format!("{e} (line {}, column {})", e.line(), e.column()))
        })?;
        m.validate()?;
        Ok(m)
    }

    pub fn validate(&self) -> Result<(), CoreError> {
        if self.version != MANIFEST_VERSION {
            return Err(CoreError::Manifest(format!(
                "version {} is not supported; this Helder reads version {MANIFEST_VERSION}",
                self.version
            )));
        }
        if date::parse_iso(&self.as_of).is_none() {
            return Err(CoreError::Manifest(format!(
                "as_of `{}` is not a date like 2026-10-31",
                self.as_of
            )));
        }
        for (i, d) in self.datasets.iter().enumerate() {
            let place = format!("datasets[{i}] (`{}`)", d.name);
            if d.name.is_empty()
                || !d
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(CoreError::Manifest(format!(
                    "{place}: name must be letters, digits, `_` or `-`"
                )));
            }
            if !is_plain_file_name(&d.file) {
                return Err(CoreError::Manifest(format!(
                    "{place}: file `{}` must be a plain file name next to the manifest (no folders, no URL)",
                    d.file
                )));
            }
            if date::parse_iso(&d.as_of).is_none() {
                return Err(CoreError::Manifest(format!(
                    "{place}: as_of `{}` is not a date like 2026-10-31",
                    d.as_of
                )));
            }
            if self.datasets[..i].iter().any(|o| o.name == d.name) {
                return Err(CoreError::Manifest(format!(
                    "{place}: the name is used twice"
                )));
            }
        }
        Ok(())
    }

    pub fn dataset(&self, name: &str) -> Option<&DatasetEntry> {
        self.datasets.iter().find(|d| d.name == name)
    }

    /// The as-of date as a day number (validated at parse time).
    pub fn as_of_day(&self) -> i32 {
        date::parse_iso(&self.as_of).unwrap_or(0)
    }
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(file: &str) -> String {
        format!(
            r#"{{"version":1,"gemeente":"Gemeente Voorbeeld","as_of":"2026-10-31","datasets":[
            {{"name":"jeugdzorg","title":"Jeugdzorg","file":"{file}","rows":3,"bytes":10,"sha256":"ab","as_of":"2026-10-31"}}]}}"#
        )
    }

    #[test]
    fn accepts_plain_names_and_rejects_escapes() {
        assert!(Manifest::parse(&sample("jeugdzorg.arrow")).is_ok());
        for bad in [
            "../secret.arrow",
            "https:x",
            "/etc/passwd",
            "a/b.arrow",
            "..",
        ] {
            let err = Manifest::parse(&sample(bad)).unwrap_err().to_string();
            assert!(err.contains("plain file name"), "{bad}: {err}");
        }
    }

    #[test]
    fn says_where_json_is_wrong() {
        let err = Manifest::parse("{\"version\": 1,").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        let err = Manifest::parse(
            &sample("x.arrow").replace("2026-10-31\",\"datasets", "31-10-2026\",\"datasets"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("as_of"), "{err}");
    }
}

//! Checks a Parquet file's page headers before parquet-rs decodes any page.
//!
//! parquet-rs allocates each page's declared uncompressed size before decompressing it; one
//! corrupt header in a 4 KB file made it take 2 GB. So every page header of every column
//! chunk is read here first (Thrift compact protocol, only the two size fields are used) and
//! its sizes are bounded by the chunk and by what compression can achieve.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use anyhow::{bail, Context, Result};
use parquet::file::metadata::ParquetMetaData;

/// How far a page may expand beyond its compressed bytes. ZSTD turns a page of equal values
/// into almost nothing, so the ratio is generous, plus a fixed allowance for small pages.
const MAX_RATIO: u64 = 1024;
const ALLOWANCE: u64 = 32 << 20;
/// Thrift structs nest only a few levels in a page header; deeper is corrupt (and would
/// otherwise recurse without bound).
const MAX_DEPTH: usize = 16;

/// Walks the pages of every column chunk of `file` and checks their declared sizes.
pub fn check(file: &mut File, metadata: &ParquetMetaData) -> Result<()> {
    let file_len = file.metadata().context("could not read the file")?.len();
    for (g, group) in metadata.row_groups().iter().enumerate() {
        for column in group.columns() {
            // parquet-rs's own `byte_range` asserts (panics) on negative values.
            let start = column
                .dictionary_page_offset()
                .unwrap_or_else(|| column.data_page_offset());
            let (Ok(start), Ok(len)) = (
                u64::try_from(start),
                u64::try_from(column.compressed_size()),
            ) else {
                bail!(
                    "corrupt Parquet data: column `{}` in row group {g} has a negative offset or size",
                    column.column_path().string()
                );
            };
            let end = start.checked_add(len).filter(|e| *e <= file_len);
            if end.is_none() {
                bail!(
                    "corrupt Parquet data: column `{}` in row group {g} claims bytes {start}..{} of a {file_len}-byte file",
                    column.column_path().string(),
                    u128::from(start) + u128::from(len)
                );
            }
            let mut chunk = vec![0u8; len as usize];
            file.seek(SeekFrom::Start(start))
                .and_then(|_| file.read_exact(&mut chunk))
                .context("could not read the file")?;
            check_chunk(&chunk, start).with_context(|| {
                format!(
                    "corrupt Parquet data in column `{}`, row group {g}",
                    column.column_path().string()
                )
            })?;
        }
    }
    file.seek(SeekFrom::Start(0))
        .context("could not read the file")?;
    Ok(())
}

/// Checks the pages of one column chunk, which starts at byte `at` of the file.
fn check_chunk(chunk: &[u8], at: u64) -> Result<()> {
    let mut pos = 0usize;
    let mut total_uncompressed = 0u64;
    while pos < chunk.len() {
        let mut r = Compact {
            bytes: chunk,
            pos,
            depth: 0,
        };
        let (uncompressed, compressed) = r.page_sizes()?;
        let page_at = at + pos as u64;
        let (Ok(uncompressed), Ok(compressed)) =
            (u64::try_from(uncompressed), u64::try_from(compressed))
        else {
            bail!("the page at byte {page_at} declares a negative size");
        };
        let body_end = (r.pos as u64).saturating_add(compressed);
        if body_end > chunk.len() as u64 {
            bail!(
                "the page at byte {page_at} declares {compressed} bytes, more than its column chunk holds"
            );
        }
        total_uncompressed = total_uncompressed.saturating_add(uncompressed);
        let limit = (chunk.len() as u64)
            .saturating_mul(MAX_RATIO)
            .saturating_add(ALLOWANCE);
        if total_uncompressed > limit {
            bail!(
                "the page at byte {page_at} declares {uncompressed} bytes after decompression, more than {compressed} compressed bytes can produce"
            );
        }
        pos = body_end as usize;
    }
    Ok(())
}

/// A reader of the Thrift compact protocol, just enough to skip any value.
struct Compact<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Compact<'_> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .context("a page header runs past its column chunk")?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        bail!("a page header holds an over-long number")
    }

    fn zigzag(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn skip_bytes(&mut self, n: u64) -> Result<()> {
        let end = (self.pos as u64).saturating_add(n);
        if end > self.bytes.len() as u64 {
            bail!("a page header runs past its column chunk");
        }
        self.pos = end as usize;
        Ok(())
    }

    /// Reads a page header struct, returning its uncompressed and compressed sizes.
    fn page_sizes(&mut self) -> Result<(i64, i64)> {
        let (mut uncompressed, mut compressed) = (None, None);
        let mut last_id = 0i64;
        loop {
            let header = self.byte()?;
            let kind = header & 0x0F;
            if kind == 0 {
                break;
            }
            let delta = i64::from(header >> 4);
            let id = if delta == 0 {
                self.zigzag()?
            } else {
                last_id + delta
            };
            last_id = id;
            match (id, kind) {
                (2, 5) => uncompressed = Some(self.zigzag()?),
                (3, 5) => compressed = Some(self.zigzag()?),
                _ => self.skip(kind)?,
            }
        }
        match (uncompressed, compressed) {
            (Some(u), Some(c)) => Ok((u, c)),
            _ => bail!("a page header lacks its sizes"),
        }
    }

    fn skip(&mut self, kind: u8) -> Result<()> {
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip_bytes(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.skip_bytes(8),
            8 => {
                let n = self.varint()?;
                self.skip_bytes(n)
            }
            9 | 10 => {
                let header = self.byte()?;
                let size = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                let element = header & 0x0F;
                self.nested(|r| {
                    for _ in 0..size {
                        r.skip_element(element)?;
                    }
                    Ok(())
                })
            }
            11 => {
                let size = self.varint()?;
                if size == 0 {
                    return Ok(());
                }
                let types = self.byte()?;
                self.nested(|r| {
                    for _ in 0..size {
                        r.skip_element(types >> 4)?;
                        r.skip_element(types & 0x0F)?;
                    }
                    Ok(())
                })
            }
            12 => self.nested(|r| loop {
                let header = r.byte()?;
                let kind = header & 0x0F;
                if kind == 0 {
                    return Ok(());
                }
                if header >> 4 == 0 {
                    r.zigzag()?;
                }
                r.skip(kind)?;
            }),
            other => bail!("a page header holds an unknown Thrift type {other}"),
        }
    }

    /// An element of a list, set or map: booleans take one byte there, unlike in a field.
    /// Every element consumes at least one byte or fails, so a corrupt count cannot loop
    /// for longer than the chunk is long.
    fn skip_element(&mut self, kind: u8) -> Result<()> {
        if matches!(kind, 1 | 2) {
            self.skip_bytes(1)
        } else {
            self.skip(kind)
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            bail!("a page header nests deeper than any Parquet writer does");
        }
        let result = f(self);
        self.depth -= 1;
        result
    }
}

//! Recognising how a CSV export was written: its text encoding and its separator.
//!
//! Finance and case-management systems write UTF-8 (with or without a byte-order mark) or
//! Windows-1252, and separate fields with `;` (Dutch Excel) or `,`. Both are detected from
//! the first bytes; a flag overrides either when the guess is wrong.

use anyhow::{bail, Result};

use crate::csv_values::DecimalMark;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

impl Encoding {
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "ansi" => {
                Some(Encoding::Windows1252)
            }
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// How to read a particular file: what the detection found, or what the user said.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    pub encoding: Encoding,
    /// Bytes to skip at the start (a UTF-8 byte-order mark).
    pub skip: u64,
    pub separator: u8,
    pub decimal: DecimalMark,
}

/// Detects the encoding from the first bytes of a file: a UTF-8 BOM or valid UTF-8 means
/// UTF-8, anything else is taken as Windows-1252 (which every byte sequence is).
pub fn detect_encoding(head: &[u8]) -> Result<(Encoding, u64)> {
    if head.starts_with(UTF8_BOM) {
        return Ok((Encoding::Utf8, UTF8_BOM.len() as u64));
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        bail!("the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel) and try again");
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok((Encoding::Utf8, 0)),
        // The head may end inside a multi-byte character; that alone is still UTF-8.
        Err(e) if e.error_len().is_none() => Ok((Encoding::Utf8, 0)),
        Err(_) => Ok((Encoding::Windows1252, 0)),
    }
}

/// Picks the separator whose rows have one consistent number of fields (more than one),
/// preferring the one that splits the header into the most columns.
pub fn detect_separator(head: &[u8]) -> Option<u8> {
    let mut best: Option<(usize, usize, u8)> = None;
    for sep in [b';', b',', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(head);
        let mut counts = Vec::new();
        for record in reader.byte_records().take(50) {
            match record {
                Ok(r) => counts.push(r.len()),
                Err(_) => break,
            }
        }
        // The last row of a preview may be cut off mid-line.
        if counts.len() > 1 {
            counts.pop();
        }
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == header).count();
        let score = (consistent, header, sep);
        if best.is_none_or(|b| (score.0, score.1) > (b.0, b.1)) {
            best = Some(score);
        }
    }
    best.map(|(_, _, sep)| sep)
}

/// The decimal mark that goes with a separator: `;` files come from Dutch settings, where
/// the comma is the decimal mark; `,` files cannot use it unquoted, so they use the dot.
pub fn decimal_for(separator: u8) -> DecimalMark {
    if separator == b',' {
        DecimalMark::Dot
    } else {
        DecimalMark::Comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFa;b").unwrap(),
            (Encoding::Utf8, 3)
        );
        assert_eq!(
            detect_encoding("caf\u{e9}".as_bytes()).unwrap(),
            (Encoding::Utf8, 0)
        );
        assert_eq!(
            detect_encoding(b"caf\xE9;x").unwrap(),
            (Encoding::Windows1252, 0)
        );
        // Cut inside a two-byte character: still UTF-8.
        assert_eq!(detect_encoding(b"ab\xC3").unwrap(), (Encoding::Utf8, 0));
        assert!(detect_encoding(b"\xFF\xFEa\0").is_err());
    }

    #[test]
    fn separators() {
        assert_eq!(
            detect_separator(b"maand;kosten\n2026-01-01;1.234,5\n2026-02-01;3,0\n"),
            Some(b';')
        );
        assert_eq!(
            detect_separator(b"maand,kosten\n2026-01-01,1234.5\n2026-02-01,3\n"),
            Some(b',')
        );
        assert_eq!(
            detect_separator(b"a;b\n\"x;y\";1,5\n\"p\nq\";2\n"),
            Some(b';')
        );
        assert_eq!(detect_separator(b"alleen\n1\n2\n"), None);
    }
}

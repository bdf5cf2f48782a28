//! A dashboard-spec value together with where it stands in `dashboard.toml`.
//!
//! The CLI reads the spec from TOML and keeps each value's byte range, so `helder check`
//! can name the line of a wrong column. The browser reads the same spec as JSON that
//! `helder check` wrote (`dashboard.json`), which keeps the TOML parser, about 70 KB of
//! gzipped wasm, off the phone. One type serves both: from TOML it takes the range through
//! the toml crate's spanned-value protocol (a struct with the name and fields below,
//! which toml fills in), from JSON a one-element array `[value]` with no range.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeTuple, Serializer};

/// The names through which the toml crate hands a value its byte range (serde_spanned's
/// protocol). The spec tests check that line numbers still come through.
const NAME: &str = "$__serde_spanned_private_Spanned";
const START: &str = "$__serde_spanned_private_start";
const END: &str = "$__serde_spanned_private_end";
const VALUE: &str = "$__serde_spanned_private_value";
const FIELDS: &[&str] = &[START, END, VALUE];

/// A value and its byte range in the spec text (`0..0` when it did not come from TOML).
/// Two are equal when their values are (the place in the file does not count).
#[derive(Clone)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    /// The byte range in `dashboard.toml`.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

/// Written as `[value]`: the range only means something next to the TOML text.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut t = serializer.serialize_tuple(1)?;
        t.serialize_element(&self.value)?;
        t.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(NAME, FIELDS, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a spec value")
    }

    /// From TOML: the value with its range.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut start, mut end, mut value) = (None, None, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                START => start = Some(map.next_value()?),
                END => end = Some(map.next_value()?),
                VALUE => value = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field(VALUE))?;
        Ok(Spanned::new(start.unwrap_or(0)..end.unwrap_or(0), value))
    }

    /// From JSON: `[value]`.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let value = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        Ok(Spanned::new(0..0, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Doc {
        column: Spanned<String>,
        width: Spanned<f64>,
    }

    #[test]
    fn toml_gives_ranges_and_json_round_trips() {
        let text = "column = \"wijk\"\nwidth = 2.5\n";
        let doc: Doc = toml::from_str(text).expect("toml");
        assert_eq!(&text[doc.column.span()], "\"wijk\"");
        assert_eq!(&text[doc.width.span()], "2.5");
        let json = serde_json::to_string(&doc).expect("json");
        assert_eq!(json, r#"{"column":["wijk"],"width":[2.5]}"#);
        let back: Doc = serde_json::from_str(&json).expect("back");
        assert_eq!(back.column.get_ref(), "wijk");
        assert_eq!(back.width.span(), 0..0);
    }
}

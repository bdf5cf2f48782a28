//! Turning record batches of any supported Arrow schema into the form the app reads fastest.
//!
//! The core reads `i64`, `f64`, `date32` and microsecond timestamps in place and shares
//! the keys of a single-batch `int32` dictionary, so every column is converted to one of
//! those. Text columns get one dictionary per column for the whole file, grown batch by
//! batch, so the IPC writer can emit later values as dictionary deltas and every batch's
//! keys stay valid. Text that is nearly all distinct (identifiers, free text) stays plain
//! UTF-8, because a dictionary would only double it.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Int32Array, PrimitiveArray, RecordBatch, StringArray,
};
use arrow_cast::{cast_with_options, CastOptions};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// Above this many distinct values in the first batch, and more than half its rows, a text
/// column is kept as plain text.
const DICTIONARY_MAX_DISTINCT: usize = 100_000;

/// Converts batches of `input` schema to the app's schema, remembering dictionaries and
/// what the manifest needs (null counts, newest date).
#[derive(Debug)]
pub struct Normalizer {
    input: SchemaRef,
    output: Option<SchemaRef>,
    dictionaries: Vec<Option<Dictionary>>,
    nulls: Vec<u64>,
    rows: u64,
    newest_day: Option<i32>,
}

#[derive(Debug, Default)]
struct Dictionary {
    codes: HashMap<String, i32>,
    values: Vec<String>,
}

impl Normalizer {
    /// Checks up front that every column has a type the app can use.
    pub fn new(input: SchemaRef) -> Result<Self> {
        for f in input.fields() {
            target_type(f.data_type()).ok_or_else(|| {
                anyhow!(
                    "column `{}` has type {}, which Helder does not support; convert it to a number, text, date or timestamp",
                    f.name(),
                    f.data_type()
                )
            })?;
        }
        let n = input.fields().len();
        Ok(Normalizer {
            input,
            output: None,
            dictionaries: (0..n).map(|_| None).collect(),
            nulls: vec![0; n],
            rows: 0,
            newest_day: None,
        })
    }

    /// The output schema; known after the first batch (it decides dictionary or plain text).
    pub fn schema(&self) -> SchemaRef {
        self.output.clone().unwrap_or_else(|| {
            let fields: Vec<Field> = self
                .input
                .fields()
                .iter()
                .map(|f| {
                    let t = target_type(f.data_type()).unwrap_or(DataType::Null);
                    Field::new(f.name(), t, true)
                })
                .collect();
            Arc::new(Schema::new(fields))
        })
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn null_counts(&self) -> &[u64] {
        &self.nulls
    }

    /// The newest date in any date or timestamp column (UTC day for timestamps).
    pub fn newest_day(&self) -> Option<i32> {
        self.newest_day
    }

    pub fn convert(&mut self, batch: &RecordBatch) -> Result<RecordBatch> {
        if self.output.is_none() {
            self.decide_text_columns(batch);
        }
        let schema = self.schema();
        let mut columns = Vec::with_capacity(batch.num_columns());
        let input = self.input.clone();
        for (i, field) in input.fields().iter().enumerate() {
            let array = batch.column(i);
            let out = self
                .convert_column(i, array)
                .with_context(|| format!("column `{}`", field.name()))?;
            self.nulls[i] += out.null_count() as u64;
            columns.push(out);
        }
        self.rows += batch.num_rows() as u64;
        Ok(RecordBatch::try_new(schema, columns)?)
    }

    fn decide_text_columns(&mut self, first: &RecordBatch) {
        let mut fields = Vec::new();
        for (i, f) in self.input.fields().iter().enumerate() {
            let mut t = target_type(f.data_type()).unwrap_or(DataType::Null);
            if matches!(t, DataType::Dictionary(..)) {
                let distinct = distinct_estimate(first.column(i));
                if distinct > DICTIONARY_MAX_DISTINCT && distinct * 2 > first.num_rows() {
                    t = DataType::Utf8;
                } else {
                    self.dictionaries[i] = Some(Dictionary::default());
                }
            }
            fields.push(Field::new(f.name(), t, true));
        }
        self.output = Some(Arc::new(Schema::new(fields)));
    }

    fn convert_column(&mut self, i: usize, array: &ArrayRef) -> Result<ArrayRef> {
        let strict = CastOptions {
            safe: false,
            ..Default::default()
        };
        let out: ArrayRef = match array.data_type() {
            t if t.is_integer() => cast_with_options(array, &DataType::Int64, &strict)
                .map_err(|_| anyhow!("has a whole number above 9.223.372.036.854.775.807"))?,
            t if t.is_floating() || matches!(t, DataType::Decimal128(..)) => {
                cast_with_options(array, &DataType::Float64, &strict)?
            }
            DataType::Boolean => array.clone(),
            DataType::Date32 => {
                self.note_days(array.as_primitive::<Date32Type>().iter().flatten());
                array.clone()
            }
            DataType::Date64 => {
                let days: PrimitiveArray<Date32Type> =
                    array.as_primitive::<Date64Type>().unary(|v| {
                        v.div_euclid(86_400_000)
                            .clamp(i32::MIN.into(), i32::MAX.into()) as i32
                    });
                self.note_days(days.iter().flatten());
                Arc::new(days)
            }
            DataType::Timestamp(unit, tz) => {
                let micros: PrimitiveArray<TimestampMicrosecondType> = match unit {
                    TimeUnit::Second => array
                        .as_primitive::<TimestampSecondType>()
                        .unary(|v| v.saturating_mul(1_000_000)),
                    TimeUnit::Millisecond => array
                        .as_primitive::<TimestampMillisecondType>()
                        .unary(|v| v.saturating_mul(1_000)),
                    TimeUnit::Microsecond => array
                        .as_primitive::<TimestampMicrosecondType>()
                        .unary(|v| v),
                    TimeUnit::Nanosecond => array
                        .as_primitive::<TimestampNanosecondType>()
                        .unary(|v| v.div_euclid(1_000)),
                };
                self.note_days(micros.iter().flatten().map(|us| {
                    us.div_euclid(86_400_000_000)
                        .clamp(i32::MIN.into(), i32::MAX.into()) as i32
                }));
                Arc::new(micros.with_timezone_opt(tz.clone()))
            }
            _ => {
                let text = cast_with_options(array, &DataType::Utf8, &strict)?;
                let text = text.as_string::<i32>();
                match self.dictionaries[i].as_mut() {
                    Some(dict) => Arc::new(dict.encode(text)?),
                    None => Arc::new(text.clone()),
                }
            }
        };
        Ok(out)
    }

    fn note_days(&mut self, days: impl Iterator<Item = i32>) {
        if let Some(max) = days.max() {
            self.newest_day = Some(self.newest_day.map_or(max, |d| d.max(max)));
        }
    }
}

impl Dictionary {
    /// Keys into this column's dictionary, whose values so far become the batch's
    /// dictionary (earlier batches' dictionaries are a prefix of it: a delta).
    fn encode(&mut self, text: &StringArray) -> Result<DictionaryArray<Int32Type>> {
        let mut keys = Vec::with_capacity(text.len());
        for v in text.iter() {
            keys.push(match v {
                Some(s) => Some(match self.codes.get(s) {
                    Some(c) => *c,
                    None => {
                        let c = i32::try_from(self.values.len())
                            .map_err(|_| anyhow!("has more than 2^31 distinct text values"))?;
                        self.codes.insert(s.to_string(), c);
                        self.values.push(s.to_string());
                        c
                    }
                }),
                None => None,
            });
        }
        let values = StringArray::from_iter_values(self.values.iter());
        Ok(DictionaryArray::try_new(
            Int32Array::from(keys),
            Arc::new(values),
        )?)
    }
}

/// What a column of type `t` becomes, or `None` when Helder cannot use it.
pub fn target_type(t: &DataType) -> Option<DataType> {
    let dict = || DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    Some(match t {
        t if t.is_integer() => DataType::Int64,
        t if t.is_floating() => DataType::Float64,
        DataType::Decimal128(..) => DataType::Float64,
        DataType::Boolean => DataType::Boolean,
        DataType::Date32 | DataType::Date64 => DataType::Date32,
        DataType::Timestamp(_, tz) => DataType::Timestamp(TimeUnit::Microsecond, tz.clone()),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => dict(),
        DataType::Dictionary(k, v)
            if k.is_dictionary_key_type()
                && matches!(
                    v.as_ref(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                ) =>
        {
            dict()
        }
        _ => return None,
    })
}

/// Distinct values of a text column's first batch (exact; the batch is bounded in size).
fn distinct_estimate(array: &ArrayRef) -> usize {
    let Ok(text) = cast_with_options(array, &DataType::Utf8, &CastOptions::default()) else {
        return 0;
    };
    let text = text.as_string::<i32>();
    let set: std::collections::HashSet<&str> = text.iter().flatten().collect();
    set.len()
}

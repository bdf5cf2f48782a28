//! Turning Arrow record batches into a [`Table`]: one pass per column, no copy where the
//! Arrow layout already is the engine's layout (f64, i64, date32 in a single batch).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, DictionaryArray};
use arrow_buffer::{ArrowNativeType, BooleanBufferBuilder, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, TimeUnit};

use crate::table::{Column, ColumnData, ColumnKind};
use crate::CoreError;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Rejects, before any batch is decoded, a schema with a column type Helder cannot use.
pub fn check_supported(schema: &arrow_schema::Schema) -> Result<(), CoreError> {
    for field in schema.fields() {
        let ok = match field.data_type() {
            DataType::Dictionary(key, value) => key.is_dictionary_key_type() && is_string(value),
            t => {
                is_string(t)
                    || t.is_integer()
                    || t.is_floating()
                    || matches!(
                        t,
                        DataType::Decimal128(..)
                            | DataType::Boolean
                            | DataType::Date32
                            | DataType::Date64
                            | DataType::Timestamp(..)
                    )
            }
        };
        if !ok {
            return Err(CoreError::UnsupportedType {
                column: field.name().clone(),
                data_type: field.data_type().to_string(),
            });
        }
    }
    Ok(())
}

/// The dashboard kind of an Arrow type that `check_supported` accepts.
pub(crate) fn kind_of(t: &DataType) -> ColumnKind {
    match t {
        t if t.is_integer() => ColumnKind::Integer,
        t if t.is_floating() => ColumnKind::Decimal,
        DataType::Decimal128(..) => ColumnKind::Decimal,
        DataType::Boolean => ColumnKind::Bool,
        DataType::Date32 | DataType::Date64 => ColumnKind::Date,
        DataType::Timestamp(..) => ColumnKind::Timestamp,
        _ => ColumnKind::Text,
    }
}

/// Converts one column of all batches into the engine's form.
pub(crate) fn import_column(field: &Field, arrays: &[&ArrayRef]) -> Result<Column, CoreError> {
    let unsupported = || CoreError::UnsupportedType {
        column: field.name().clone(),
        data_type: field.data_type().to_string(),
    };
    let data = match field.data_type() {
        DataType::Float64 => ColumnData::Float(shared::<Float64Type>(arrays)),
        DataType::Float32 => ColumnData::Float(primitive::<Float32Type, _>(arrays, f64::from)),
        DataType::Float16 => ColumnData::Float(primitive::<Float16Type, _>(arrays, |v| v.to_f64())),
        DataType::Int8 => ColumnData::Int(primitive::<Int8Type, _>(arrays, i64::from)),
        DataType::Int16 => ColumnData::Int(primitive::<Int16Type, _>(arrays, i64::from)),
        DataType::Int32 => ColumnData::Int(primitive::<Int32Type, _>(arrays, i64::from)),
        DataType::Int64 => ColumnData::Int(shared::<Int64Type>(arrays)),
        DataType::UInt8 => ColumnData::Int(primitive::<UInt8Type, _>(arrays, i64::from)),
        DataType::UInt16 => ColumnData::Int(primitive::<UInt16Type, _>(arrays, i64::from)),
        DataType::UInt32 => ColumnData::Int(primitive::<UInt32Type, _>(arrays, i64::from)),
        DataType::UInt64 => {
            let too_big = arrays.iter().any(|a| {
                let a = a.as_primitive::<UInt64Type>();
                (0..a.len()).any(|i| a.is_valid(i) && a.value(i) > i64::MAX as u64)
            });
            if too_big {
                return Err(CoreError::UnsupportedType {
                    column: field.name().clone(),
                    data_type: "UInt64 with values above 9.223.372.036.854.775.807".into(),
                });
            }
            ColumnData::Int(primitive::<UInt64Type, _>(arrays, |v| v as i64))
        }
        DataType::Decimal128(_, scale) => {
            let factor = 10f64.powi(i32::from(*scale));
            ColumnData::Float(primitive::<Decimal128Type, _>(arrays, |v| {
                v as f64 / factor
            }))
        }
        DataType::Date32 => ColumnData::Date(shared::<Date32Type>(arrays)),
        DataType::Date64 => ColumnData::Date(primitive::<Date64Type, _>(arrays, |v| {
            // Out-of-range millisecond values clamp instead of wrapping to another date.
            v.div_euclid(MILLIS_PER_DAY)
                .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
        })),
        DataType::Timestamp(unit, tz) => {
            let micros = match unit {
                TimeUnit::Second => {
                    primitive::<TimestampSecondType, _>(arrays, |v| v.saturating_mul(1_000_000))
                }
                TimeUnit::Millisecond => {
                    primitive::<TimestampMillisecondType, _>(arrays, |v| v.saturating_mul(1_000))
                }
                TimeUnit::Microsecond => shared::<TimestampMicrosecondType>(arrays),
                TimeUnit::Nanosecond => {
                    primitive::<TimestampNanosecondType, _>(arrays, |v| v.div_euclid(1_000))
                }
            };
            ColumnData::Timestamp {
                micros,
                tz: tz.clone(),
            }
        }
        DataType::Boolean => {
            let mut builder = BooleanBufferBuilder::new(total_len(arrays));
            for a in arrays {
                builder.append_buffer(a.as_boolean().values());
            }
            ColumnData::Bool(builder.finish())
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let mut interner = Interner::default();
            let mut codes = Vec::with_capacity(total_len(arrays));
            for a in arrays {
                for i in 0..a.len() {
                    codes.push(match string_at(a, i) {
                        Some(s) => interner.code(s),
                        None => 0,
                    });
                }
            }
            ColumnData::Category {
                codes: codes.into(),
                dict: interner.finish(),
            }
        }
        DataType::Dictionary(key, value) if is_string(value) => {
            if let Some(shared) = shared_dictionary(arrays) {
                return Ok(Column {
                    name: field.name().clone(),
                    data: shared,
                    validity: None,
                });
            }
            let mut interner = Interner::default();
            let mut codes = Vec::with_capacity(total_len(arrays));
            let mut nulls = Vec::new();
            for a in arrays {
                let ok = match key.as_ref() {
                    DataType::Int8 => {
                        dictionary::<Int8Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::Int16 => {
                        dictionary::<Int16Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::Int32 => {
                        dictionary::<Int32Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::Int64 => {
                        dictionary::<Int64Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::UInt8 => {
                        dictionary::<UInt8Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::UInt16 => {
                        dictionary::<UInt16Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::UInt32 => {
                        dictionary::<UInt32Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    DataType::UInt64 => {
                        dictionary::<UInt64Type>(a, &mut interner, &mut codes, &mut nulls)
                    }
                    _ => return Err(unsupported()),
                };
                if !ok {
                    return Err(CoreError::Corrupt(format!(
                        "column `{}` has a dictionary index outside its dictionary",
                        field.name()
                    )));
                }
            }
            let validity = if nulls.is_empty() {
                None
            } else {
                let mut valid = vec![true; codes.len()];
                for i in nulls {
                    valid[i] = false;
                }
                Some(NullBuffer::from(valid))
            };
            return Ok(Column {
                name: field.name().clone(),
                data: ColumnData::Category {
                    codes: codes.into(),
                    dict: interner.finish(),
                },
                validity,
            });
        }
        _ => return Err(unsupported()),
    };
    Ok(Column {
        name: field.name().clone(),
        data,
        validity: validity(arrays),
    })
}

fn total_len(arrays: &[&ArrayRef]) -> usize {
    arrays.iter().map(|a| a.len()).sum()
}

/// The combined validity of a column over all batches; `None` when nothing is null.
fn validity(arrays: &[&ArrayRef]) -> Option<NullBuffer> {
    if arrays.iter().all(|a| a.null_count() == 0) {
        return None;
    }
    if let [single] = arrays {
        return single.logical_nulls();
    }
    let mut builder = BooleanBufferBuilder::new(total_len(arrays));
    for a in arrays {
        match a.logical_nulls() {
            Some(n) => builder.append_buffer(n.inner()),
            None => builder.append_n(a.len(), true),
        }
    }
    Some(NullBuffer::new(builder.finish()))
}

/// Values of a primitive column as `T`; a single batch whose type already is `T` is shared.
/// Converts every value; for a type whose values the engine keeps as they are, use
/// [`shared`], which avoids the copy.
fn primitive<P, T>(arrays: &[&ArrayRef], convert: impl Fn(P::Native) -> T) -> ScalarBuffer<T>
where
    P: ArrowPrimitiveType,
    T: ArrowNativeType,
{
    let mut out = Vec::with_capacity(total_len(arrays));
    for a in arrays {
        out.extend(a.as_primitive::<P>().values().iter().map(|v| convert(*v)));
    }
    out.into()
}

/// The values unchanged: a single batch's buffer is shared, several are concatenated.
/// Only for identity conversions: a timestamp in milliseconds has the same Rust type as one
/// in microseconds, so sharing must never be decided from the types alone.
fn shared<P: ArrowPrimitiveType>(arrays: &[&ArrayRef]) -> ScalarBuffer<P::Native> {
    if let [single] = arrays {
        return single.as_primitive::<P>().values().clone();
    }
    primitive::<P, P::Native>(arrays, |v| v)
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn string_at(a: &ArrayRef, i: usize) -> Option<&str> {
    if a.is_null(i) {
        return None;
    }
    match a.data_type() {
        DataType::Utf8 => Some(a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Some(a.as_string::<i64>().value(i)),
        DataType::Utf8View => Some(a.as_string_view().value(i)),
        _ => None,
    }
}

/// The codes of a single-batch dictionary column with 32-bit keys, no nulls and distinct
/// values, shared with the file's key buffer instead of copied: the usual shape of files
/// Helder writes, and of exports from pyarrow, polars and DuckDB.
fn shared_dictionary(arrays: &[&ArrayRef]) -> Option<ColumnData> {
    let [a] = arrays else { return None };
    if a.null_count() > 0 {
        return None;
    }
    let (buffer, len, values) = match a.data_type() {
        DataType::Dictionary(k, _) if k.as_ref() == &DataType::Int32 => {
            let d = a.as_dictionary::<Int32Type>();
            let n = i32::try_from(d.values().len()).ok()?;
            if !d.keys().values().iter().all(|k| (0..n).contains(k)) {
                return None;
            }
            (d.keys().values().inner().clone(), d.len(), d.values())
        }
        DataType::Dictionary(k, _) if k.as_ref() == &DataType::UInt32 => {
            let d = a.as_dictionary::<UInt32Type>();
            let n = u32::try_from(d.values().len()).ok()?;
            if !d.keys().values().iter().all(|k| *k < n) {
                return None;
            }
            (d.keys().values().inner().clone(), d.len(), d.values())
        }
        _ => return None,
    };
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    let mut dict = Vec::with_capacity(values.len());
    for j in 0..values.len() {
        let s = string_at(values, j)?;
        if !seen.insert(s) {
            return None;
        }
        dict.push(s.to_string());
    }
    Some(ColumnData::Category {
        codes: ScalarBuffer::new(buffer, 0, len),
        dict: dict.into(),
    })
}

/// Appends one dictionary batch's codes, remapped onto the table-wide dictionary.
/// Returns false when a key points outside the batch's dictionary.
fn dictionary<K: ArrowDictionaryKeyType>(
    a: &ArrayRef,
    interner: &mut Interner,
    codes: &mut Vec<u32>,
    nulls: &mut Vec<usize>,
) -> bool {
    let dict: &DictionaryArray<K> = a.as_dictionary::<K>();
    let values = dict.values();
    let remap: Vec<Option<u32>> = (0..values.len())
        .map(|j| string_at(values, j).map(|s| interner.code(s)))
        .collect();
    let keys = dict.keys();
    for i in 0..keys.len() {
        let code = if keys.is_valid(i) {
            let Some(k) = keys.value(i).to_usize() else {
                return false;
            };
            match remap.get(k) {
                Some(c) => *c,
                None => return false,
            }
        } else {
            None
        };
        if code.is_none() {
            nulls.push(codes.len());
        }
        codes.push(code.unwrap_or(0));
    }
    true
}

/// Gives each distinct string one code, in order of first appearance.
#[derive(Default)]
struct Interner {
    codes: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn code(&mut self, s: &str) -> u32 {
        if let Some(c) = self.codes.get(s) {
            return *c;
        }
        let c = self.values.len() as u32;
        self.codes.insert(s.to_string(), c);
        self.values.push(s.to_string());
        c
    }

    fn finish(self) -> Arc<[String]> {
        self.values.into()
    }
}

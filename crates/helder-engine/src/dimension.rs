//! Dimensions: every row's value of a column (or its time bucket) as a small code. Codes
//! follow the order of the values, so a range filter is a range of codes, and an index of
//! rows per code lets a filter change touch only the rows whose codes changed.

use std::collections::HashMap;
use std::sync::OnceLock;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int16Type, Int32Type, Int8Type};
use arrow_array::{Array, PrimitiveArray};
use arrow_buffer::ScalarBuffer;
use arrow_schema::DataType;

use crate::codes::{Code, Codes};
use crate::packed_rows::{self, PackedIter, PackedRows, RowOrder};

use crate::bins::Bins;
use crate::query::{GroupKey, TimeBucket};
use crate::table::{ColumnData, Table};
use crate::{date, tz, CoreError};

/// Spans of dates or integers up to this many values are coded through a lookup table;
/// wider ones through a sorted list of the distinct values.
const MAX_DIRECT_SPAN: i64 = 1 << 22;

/// A column (or time bucket of a column) coded for grouping and filtering.
#[derive(Debug)]
pub struct Dimension {
    name: String,
    column: String,
    /// Per row: the code of its value; `null_code()` for null.
    codes: Codes,
    /// Per code: the group key.
    keys: Vec<GroupKey>,
    /// Per code: a number ordering the codes (day number, integer, bucket start), or none
    /// for text.
    order_values: Option<Vec<f64>>,
    index: OnceLock<RowIndex>,
    /// Whether rows are stored in order of code (then the index needs no row list).
    sorted: bool,
    /// Binned number columns: the bins and each code's bin number.
    bins: Option<(Bins, Vec<i64>)>,
}

/// Rows grouped by code: code `c` has `offsets[c + 1] - offsets[c]` rows, packed ascending
/// in `rows` from byte `starts[c]` (see `packed_rows`). When the rows are stored sorted by
/// this dimension, `rows` is empty and the rows of code `c` are the range
/// `offsets[c]..offsets[c + 1]` itself.
#[derive(Debug)]
pub struct RowIndex {
    pub offsets: Vec<u32>,
    starts: Vec<usize>,
    rows: PackedRows,
}

/// The rows of one code: a list, or a contiguous range for the dimension rows are sorted by.
#[derive(Debug, Clone)]
pub enum Rows<'a> {
    List(PackedIter<'a>),
    Range(std::ops::Range<usize>),
}

impl Rows<'_> {
    pub fn len(&self) -> usize {
        match self {
            Rows::List(l) => l.len(),
            Rows::Range(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Dimension {
    /// Codes the column `column` of `table`, bucketed in time when `bucket` is given
    /// (dates and timestamps only; timestamps are bucketed in Europe/Amsterdam time).
    pub fn new(
        name: &str,
        table: &Table,
        column: &str,
        bucket: Option<TimeBucket>,
    ) -> Result<Self, CoreError> {
        if table.rows() > u32::MAX as usize - 1 {
            return Err(CoreError::Query(format!(
                "dataset `{}` has more than 4 billion rows",
                table.name()
            )));
        }
        // Narrow whole numbers of one batch are coded from their Arrow values in place:
        // widening the column to 8 bytes a row first costs more than the coding itself.
        if let Some(ints) = table
            .unconverted_array(column)
            .filter(|_| bucket.is_none())
            .and_then(|a| NarrowInts::of(a.as_ref()))
        {
            let (codes, distinct) = code_sorted(ints.len(), |i| ints.get(i));
            return Ok(Dimension {
                name: name.to_string(),
                column: column.to_string(),
                codes,
                order_values: Some(distinct.iter().map(|x| *x as f64).collect()),
                keys: distinct.into_iter().map(GroupKey::Int).collect(),
                index: OnceLock::new(),
                sorted: false,
                bins: None,
            });
        }
        let col = table.column(column)?;
        let valid = |i: usize| col.is_valid(i);
        let (codes, keys, order_values) = match (&col.data, bucket) {
            (ColumnData::Category { codes, dict }, None) => {
                let null = dict.len() as u32;
                // Without nulls the table's codes are shared, not copied.
                let codes = if col.validity.is_none() {
                    Codes::narrow(codes.clone(), null)
                } else {
                    Codes::from_fn(
                        codes.len(),
                        null,
                        |i| if valid(i) { codes[i] } else { null },
                    )
                };
                let keys = dict.iter().map(|s| GroupKey::Text(s.clone())).collect();
                (codes, keys, None)
            }
            (ColumnData::Bool(b), None) => {
                let codes = Codes::from_fn(b.len(), 2, |i| {
                    if !valid(i) {
                        2
                    } else {
                        u32::from(b.value(i))
                    }
                });
                (
                    codes,
                    vec![GroupKey::Int(0), GroupKey::Int(1)],
                    Some(vec![0.0, 1.0]),
                )
            }
            (ColumnData::Int(v), None) => {
                let (codes, distinct) = code_sorted(v.len(), |i| valid(i).then(|| v[i]));
                let order = distinct.iter().map(|x| *x as f64).collect();
                (
                    codes,
                    distinct.into_iter().map(GroupKey::Int).collect(),
                    Some(order),
                )
            }
            (ColumnData::Date(days), bucket) => {
                let (codes, distinct) = match bucket {
                    // Plain days: bucketing per row would only cost time.
                    None | Some(TimeBucket::Day) => {
                        code_sorted(days.len(), |i| valid(i).then(|| i64::from(days[i])))
                    }
                    Some(b) => {
                        code_sorted(days.len(), |i| valid(i).then(|| bucket_start(days[i], b)))
                    }
                };
                let keys = distinct
                    .iter()
                    .map(|d| bucket_key(*d as i32, bucket.unwrap_or(TimeBucket::Day)))
                    .collect();
                (
                    codes,
                    keys,
                    Some(distinct.iter().map(|d| *d as f64).collect()),
                )
            }
            (ColumnData::Timestamp { micros, .. }, Some(b)) => {
                let (codes, distinct) = code_sorted(micros.len(), |i| {
                    valid(i).then(|| bucket_start(tz::amsterdam_day(micros[i]), b))
                });
                let keys = distinct.iter().map(|d| bucket_key(*d as i32, b)).collect();
                (
                    codes,
                    keys,
                    Some(distinct.iter().map(|d| *d as f64).collect()),
                )
            }
            (data, _) => {
                let why = if bucket.is_some() {
                    "a date or timestamp (to bucket in time)"
                } else {
                    "text, a whole number, a yes/no value or a date"
                };
                return Err(CoreError::WrongColumnType {
                    table: table.name().to_string(),
                    column: column.to_string(),
                    expected: why,
                    found: data.kind(),
                });
            }
        };
        Ok(Dimension {
            name: name.to_string(),
            column: column.to_string(),
            codes,
            keys,
            order_values,
            index: OnceLock::new(),
            sorted: false,
            bins: None,
        })
    }

    /// A dimension whose codes are pairs of two others' codes (for pivots).
    pub fn pair(name: &str, a: &Dimension, b: &Dimension) -> Result<Self, CoreError> {
        let (ka, kb) = (a.keys.len() as u64 + 1, b.keys.len() as u64 + 1);
        if ka * kb >= u64::from(u32::MAX) {
            return Err(CoreError::Query(format!(
                "`{}` × `{}` has too many combinations to pivot",
                a.name, b.name
            )));
        }
        let null = (ka * kb - 1) as u32;
        let (na, nb) = (a.null_code(), b.null_code());
        let codes: ScalarBuffer<u32> = (0..a.codes.len())
            .map(|i| (a.codes.get(i), b.codes.get(i)))
            .map(|(x, y)| {
                if x == na || y == nb {
                    null
                } else {
                    x * kb as u32 + y
                }
            })
            .collect::<Vec<_>>()
            .into();
        let mut keys = Vec::with_capacity(null as usize);
        for x in 0..ka as usize {
            for y in 0..kb as usize {
                if keys.len() == null as usize {
                    break;
                }
                let k = match (a.keys.get(x), b.keys.get(y)) {
                    (Some(p), Some(q)) => GroupKey::Pair(Box::new(p.clone()), Box::new(q.clone())),
                    // Combinations with a null part never receive rows; they only keep codes dense.
                    _ => GroupKey::All,
                };
                keys.push(k);
            }
        }
        Ok(Dimension {
            name: name.to_string(),
            column: format!("{}×{}", a.column, b.column),
            codes: Codes::narrow(codes, null),
            keys,
            order_values: None,
            index: OnceLock::new(),
            sorted: false,
            bins: None,
        })
    }

    /// A number column in bins: one code per bin that has rows, in the order of the bins,
    /// labelled as [`Bins::label`] says; nulls, NaN and infinities get the null code.
    pub fn binned(name: &str, table: &Table, column: &str, bins: Bins) -> Result<Self, CoreError> {
        let col = table.numeric_column(column)?;
        if table.rows() > u32::MAX as usize - 1 {
            return Err(CoreError::Query(format!(
                "dataset `{}` has more than 4 billion rows",
                table.name()
            )));
        }
        let (codes, distinct) =
            code_sorted(table.rows(), |i| col.number(i).and_then(|x| bins.index(x)));
        let keys: Vec<GroupKey> = distinct
            .iter()
            .map(|k| GroupKey::Text(bins.label(*k)))
            .collect();
        Ok(Dimension {
            name: name.to_string(),
            column: column.to_string(),
            codes,
            keys,
            order_values: Some(distinct.iter().map(|k| bins.start(*k)).collect()),
            index: OnceLock::new(),
            sorted: false,
            bins: Some((bins, distinct)),
        })
    }

    /// The bins of a binned dimension and each code's bin number.
    pub fn bins(&self) -> Option<(&Bins, &[i64])> {
        self.bins.as_ref().map(|(b, k)| (b, k.as_slice()))
    }

    /// A dimension with one value for every row: the group of a total.
    pub fn constant(name: &str, rows: usize) -> Self {
        Dimension {
            name: name.to_string(),
            column: String::new(),
            codes: Codes::U8(vec![0; rows].into()),
            keys: vec![GroupKey::All],
            order_values: None,
            index: OnceLock::new(),
            sorted: false,
            bins: None,
        }
    }

    /// The same dimension with its rows in the order `perm` (new row `i` is old row
    /// `perm[i]`); the row index is rebuilt on use.
    pub fn permuted(&self, perm: &RowOrder) -> Dimension {
        let codes = self.codes.gather(perm);
        Dimension {
            name: self.name.clone(),
            column: self.column.clone(),
            codes,
            keys: self.keys.clone(),
            order_values: self.order_values.clone(),
            index: OnceLock::new(),
            sorted: false,
            bins: self.bins.clone(),
        }
    }

    /// Whether the codes are moments in time (days or calendar buckets).
    pub fn is_time(&self) -> bool {
        matches!(
            self.keys.first(),
            Some(
                GroupKey::Day(_)
                    | GroupKey::Week(_)
                    | GroupKey::Month(_)
                    | GroupKey::Quarter(_)
                    | GroupKey::Year(_)
            )
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn column(&self) -> &str {
        &self.column
    }

    /// Number of non-null codes; the null code is this number.
    pub fn cardinality(&self) -> usize {
        self.keys.len()
    }

    pub fn null_code(&self) -> u32 {
        self.keys.len() as u32
    }

    pub fn codes(&self) -> &Codes {
        &self.codes
    }

    pub fn keys(&self) -> &[GroupKey] {
        &self.keys
    }

    pub fn order_values(&self) -> Option<&[f64]> {
        self.order_values.as_deref()
    }

    /// Where each code's rows start in code order (`keys + 2` entries, the null code last).
    fn code_offsets(&self) -> Vec<u32> {
        let mut offsets = vec![0u32; self.keys.len() + 2];
        crate::with_codes!(&self.codes, codes => {
            for c in codes {
                offsets[c.idx() + 1] += 1;
            }
        });
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        offsets
    }

    /// The rows per code, built on first use in one counting-sort pass.
    pub fn index(&self) -> &RowIndex {
        self.index.get_or_init(|| {
            let buckets = self.keys.len() + 1;
            let offsets = self.code_offsets();
            if self.sorted {
                return RowIndex {
                    offsets,
                    starts: Vec::new(),
                    rows: PackedRows::new(),
                };
            }
            let (rows, starts) = crate::with_codes!(&self.codes, codes => {
                packed_rows::grouped(codes.len(), buckets, |r| codes[r].idx())
            });
            RowIndex {
                offsets,
                starts,
                rows,
            }
        })
    }

    /// Puts the rows in order of this dimension's codes: returns that order (table row of
    /// each new row, by a counting sort) and rewrites the codes as the sorted runs it gives.
    pub fn sort_by_codes(&mut self) -> Vec<u32> {
        let offsets = self.code_offsets();
        let mut next = offsets.clone();
        let mut rows = vec![0u32; self.codes.len()];
        crate::with_codes!(&self.codes, codes => {
            for (r, c) in codes.iter().enumerate() {
                let slot = &mut next[c.idx()];
                rows[*slot as usize] = r as u32;
                *slot += 1;
            }
        });
        self.codes = Codes::runs(&offsets, self.keys.len() as u32);
        self.sorted = true;
        self.index = OnceLock::new();
        let _ = self.index.set(RowIndex {
            offsets,
            starts: Vec::new(),
            rows: PackedRows::new(),
        });
        rows
    }

    /// Rows with code `c` (ascending).
    pub fn rows_of(&self, c: usize) -> Rows<'_> {
        let idx = self.index();
        let range = idx.offsets[c] as usize..idx.offsets[c + 1] as usize;
        if self.sorted {
            Rows::Range(range)
        } else {
            Rows::List(
                idx.rows
                    .slice(idx.starts[c]..idx.starts[c + 1], range.len()),
            )
        }
    }

    /// Number of rows with code `c`.
    pub fn count_of(&self, c: usize) -> usize {
        let idx = self.index();
        (idx.offsets[c + 1] - idx.offsets[c]) as usize
    }
}

/// An 8-, 16- or 32-bit integer array, read as `i64` one value at a time. One type for all
/// three keeps one copy of the coding loops in the wasm (the match is predictable).
enum NarrowInts<'a> {
    I8(&'a PrimitiveArray<Int8Type>),
    I16(&'a PrimitiveArray<Int16Type>),
    I32(&'a PrimitiveArray<Int32Type>),
}

impl<'a> NarrowInts<'a> {
    fn of(a: &'a dyn Array) -> Option<Self> {
        match a.data_type() {
            DataType::Int8 => Some(NarrowInts::I8(a.as_primitive())),
            DataType::Int16 => Some(NarrowInts::I16(a.as_primitive())),
            DataType::Int32 => Some(NarrowInts::I32(a.as_primitive())),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            NarrowInts::I8(a) => a.len(),
            NarrowInts::I16(a) => a.len(),
            NarrowInts::I32(a) => a.len(),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<i64> {
        match self {
            NarrowInts::I8(a) => a.is_valid(i).then(|| i64::from(a.value(i))),
            NarrowInts::I16(a) => a.is_valid(i).then(|| i64::from(a.value(i))),
            NarrowInts::I32(a) => a.is_valid(i).then(|| i64::from(a.value(i))),
        }
    }
}

/// Codes the values `value(0..n)` in ascending order of value; `None` (null) gets the code
/// after the last value. Reads each value twice instead of materialising them all.
fn code_sorted(n: usize, value: impl Fn(usize) -> Option<i64>) -> (Codes, Vec<i64>) {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for v in (0..n).filter_map(&value) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return (Codes::from_fn(n, 0, |_| 0), Vec::new());
    }
    if hi.saturating_sub(lo) < MAX_DIRECT_SPAN {
        // A lookup table over the span: mark present values, number them in order.
        let span = (hi - lo + 1) as usize;
        let mut table = vec![u32::MAX; span];
        for v in (0..n).filter_map(&value) {
            table[(v - lo) as usize] = 0;
        }
        let mut distinct = Vec::new();
        for (i, slot) in table.iter_mut().enumerate() {
            if *slot == 0 {
                *slot = distinct.len() as u32;
                distinct.push(lo + i as i64);
            }
        }
        let null = distinct.len() as u32;
        let codes = Codes::from_fn(n, null, |i| {
            value(i).map_or(null, |v| table[(v - lo) as usize])
        });
        (codes, distinct)
    } else {
        let mut distinct: Vec<i64> = (0..n).filter_map(&value).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let lookup: HashMap<i64, u32> = distinct
            .iter()
            .enumerate()
            .map(|(i, v)| (*v, i as u32))
            .collect();
        let null = distinct.len() as u32;
        let codes = Codes::from_fn(n, null, |i| {
            value(i)
                .and_then(|v| lookup.get(&v).copied())
                .unwrap_or(null)
        });
        (codes, distinct)
    }
}

/// The first day of the bucket that holds `day`.
pub fn bucket_start(day: i32, bucket: TimeBucket) -> i64 {
    let first = |y: i32, m: u32| i64::from(date::from_ymd(y, m, 1).unwrap_or(day));
    match bucket {
        TimeBucket::Day => i64::from(day),
        // ISO weeks start on Monday; 1970-01-01 was a Thursday.
        TimeBucket::Week => i64::from(day - (day + 3).rem_euclid(7)),
        TimeBucket::Month => {
            let (y, m) = date::month_parts(date::month_index(day));
            first(y, m)
        }
        TimeBucket::Quarter => {
            let (y, m) = date::month_parts(date::month_index(day));
            first(y, (m - 1) / 3 * 3 + 1)
        }
        TimeBucket::Year => first(date::year(day), 1),
    }
}

fn bucket_key(start: i32, bucket: TimeBucket) -> GroupKey {
    match bucket {
        TimeBucket::Day => GroupKey::Day(start),
        TimeBucket::Week => GroupKey::Week(start),
        TimeBucket::Month => GroupKey::Month(date::month_index(start)),
        TimeBucket::Quarter => {
            let (y, m) = date::month_parts(date::month_index(start));
            GroupKey::Quarter(y * 4 + (m as i32 - 1) / 3)
        }
        TimeBucket::Year => GroupKey::Year(date::year(start)),
    }
}

//! Row numbers stored as small gaps: the engine's row order and its per-code row indexes.
//!
//! Both are runs of ascending row numbers (the rows of one code, in table order), so each
//! number is stored as its distance from the one before, in LEB128 bytes: at 10 million
//! rows and a few dozen codes most gaps fit in one or two bytes instead of four. Every
//! reader walks them from the start of a run, which is how the engine uses them anyway.
//!
//! Encoding: a gap of 1 or more is its LEB128 bytes; a 0 byte starts a new run and is
//! followed by the LEB128 of the run's first row number.

/// A sequence of row numbers made of ascending runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedRows {
    bytes: Vec<u8>,
    len: usize,
    last: Option<u32>,
}

impl PackedRows {
    pub fn new() -> Self {
        PackedRows::default()
    }

    /// Packs `rows` (any order; ascending runs pack best).
    pub fn from_rows(rows: impl IntoIterator<Item = u32>) -> Self {
        let mut p = PackedRows::new();
        for r in rows {
            p.push(r);
        }
        p
    }

    /// Appends a row number: a gap when it follows the last one, else a new run.
    pub fn push(&mut self, row: u32) {
        match self.last {
            Some(last) if row > last => write_leb(&mut self.bytes, row - last),
            _ => {
                self.bytes.push(0);
                write_leb(&mut self.bytes, row);
            }
        }
        self.last = Some(row);
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes used so far (the start of the next run, for indexes over several runs).
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    pub fn iter(&self) -> PackedIter<'_> {
        self.slice(0..self.bytes.len(), self.len)
    }

    /// The `len` row numbers stored in `bytes`, which must begin a run.
    pub fn slice(&self, bytes: std::ops::Range<usize>, len: usize) -> PackedIter<'_> {
        PackedIter {
            bytes: self.bytes.get(bytes).unwrap_or_default(),
            left: len,
            cur: 0,
        }
    }
}

/// The rows `0..n` grouped by `group_of(row)` (each group ascending, groups in order), and
/// where each group's bytes start (`groups + 1` entries). Two passes over the groups:
/// one to size each group's bytes, one to write them in place, so nothing is copied.
pub fn grouped(
    n: usize,
    groups: usize,
    group_of: impl Fn(usize) -> usize,
) -> (PackedRows, Vec<usize>) {
    let mut size = vec![0usize; groups];
    let mut last: Vec<Option<u32>> = vec![None; groups];
    for r in 0..n {
        let g = group_of(r);
        size[g] += encoded_len(last[g], r as u32);
        last[g] = Some(r as u32);
    }
    let mut starts = vec![0usize; groups + 1];
    for g in 0..groups {
        starts[g + 1] = starts[g] + size[g];
    }
    let mut bytes = vec![0u8; starts[groups]];
    let mut cursor = starts[..groups].to_vec();
    last.fill(None);
    for r in 0..n {
        let g = group_of(r);
        let row = r as u32;
        let at = &mut cursor[g];
        match last[g] {
            Some(l) => *at = write_leb_at(&mut bytes, *at, row - l),
            None => *at = write_leb_at(&mut bytes, *at + 1, row), // the 0 byte is there
        }
        last[g] = Some(row);
    }
    (
        PackedRows {
            bytes,
            len: n,
            last: None,
        },
        starts,
    )
}

fn write_leb_at(out: &mut [u8], mut at: usize, mut v: u32) -> usize {
    while v >= 0x80 {
        out[at] = (v as u8) | 0x80;
        v >>= 7;
        at += 1;
    }
    out[at] = v as u8;
    at + 1
}

/// The engine's row order (table row of each engine row): plain while the engine is being
/// built, when every column added is gathered through it and plain numbers read fastest,
/// packed once it is built (a third of the memory, read in order just the same).
#[derive(Debug, Clone)]
pub enum RowOrder {
    Plain(Vec<u32>),
    Packed(PackedRows),
}

impl RowOrder {
    pub fn iter(&self) -> OrderIter<'_> {
        match self {
            RowOrder::Plain(v) => OrderIter::Plain(v.iter()),
            RowOrder::Packed(p) => OrderIter::Packed(p.iter()),
        }
    }

    /// Packs a plain order (once the engine is built).
    pub fn pack(&mut self) {
        if let RowOrder::Plain(v) = self {
            *self = RowOrder::Packed(PackedRows::from_rows(v.iter().copied()));
        }
    }
}

/// The rows of a [`RowOrder`], in order.
#[derive(Debug, Clone)]
pub enum OrderIter<'a> {
    Plain(std::slice::Iter<'a, u32>),
    Packed(PackedIter<'a>),
}

impl Iterator for OrderIter<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            OrderIter::Plain(i) => i.next().copied(),
            OrderIter::Packed(p) => p.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            OrderIter::Plain(i) => i.size_hint(),
            OrderIter::Packed(p) => p.size_hint(),
        }
    }
}

impl ExactSizeIterator for OrderIter<'_> {}

/// Row numbers read from a packed run (or several).
#[derive(Debug, Clone)]
pub struct PackedIter<'a> {
    bytes: &'a [u8],
    left: usize,
    cur: u32,
}

impl PackedIter<'_> {
    fn leb(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        while let Some((&b, rest)) = self.bytes.split_first() {
            self.bytes = rest;
            v |= u32::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        v
    }
}

impl Iterator for PackedIter<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // Most gaps are one byte: take those without the general loop.
        if let Some((&b, rest)) = self.bytes.split_first() {
            if b != 0 && b < 0x80 {
                self.bytes = rest;
                self.cur = self.cur.wrapping_add(u32::from(b));
                return Some(self.cur);
            }
        }
        let gap = self.leb();
        self.cur = if gap == 0 {
            self.leb()
        } else {
            self.cur.wrapping_add(gap)
        };
        Some(self.cur)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for PackedIter<'_> {}

fn write_leb(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The bytes `push` would write for a gap or a run start, for sizing an index up front.
pub fn encoded_len(last: Option<u32>, row: u32) -> usize {
    let leb = |v: u32| match v {
        0..=0x7F => 1,
        0x80..=0x3FFF => 2,
        0x4000..=0x1F_FFFF => 3,
        0x20_0000..=0xFFF_FFFF => 4,
        _ => 5,
    };
    match last {
        Some(l) if row > l => leb(row - l),
        _ => 1 + leb(row),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn round_trips_runs_resets_and_large_numbers() {
        let rows = vec![0, 1, 5, 200, 70_000, 3, 4, 4_000_000_000, 0, 0, 7];
        let p = PackedRows::from_rows(rows.iter().copied());
        assert_eq!(p.iter().collect::<Vec<_>>(), rows);
        assert_eq!(p.len(), rows.len());
    }

    #[test]
    fn ascending_runs_take_about_a_byte_a_row() {
        let rows: Vec<u32> = (0..3).flat_map(|k| (k..100_000).step_by(3)).collect();
        let p = PackedRows::from_rows(rows.iter().copied());
        assert_eq!(p.iter().collect::<Vec<_>>(), rows);
        assert!(p.byte_len() < rows.len() + 20, "{} bytes", p.byte_len());
    }

    #[test]
    fn grouped_rows_are_each_groups_rows_in_order() {
        let group = |r: usize| (r * 7 + r / 3) % 5;
        let n = 1000;
        let (p, starts) = grouped(n, 5, group);
        let mut from = 0;
        for g in 0..5 {
            let want: Vec<u32> = (0..n)
                .filter(|r| group(*r) == g)
                .map(|r| r as u32)
                .collect();
            let got: Vec<u32> = p.slice(starts[g]..starts[g + 1], want.len()).collect();
            assert_eq!(got, want, "group {g}");
            from += want.len();
        }
        assert_eq!(from, n);
        assert_eq!(p.iter().count(), n);
    }

    #[test]
    fn slices_read_one_run() {
        let mut p = PackedRows::new();
        p.push(10);
        p.push(12);
        let start = p.byte_len();
        // A lower number begins a new run.
        p.push(5);
        p.push(25);
        assert_eq!(
            p.slice(start..p.byte_len(), 2).collect::<Vec<_>>(),
            vec![5, 25]
        );
        assert_eq!(encoded_len(None, 5), 2);
        assert_eq!(encoded_len(Some(5), 25), 1);
    }
}

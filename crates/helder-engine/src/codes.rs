//! Per-row codes stored as narrow as their largest code allows: most dashboard dimensions
//! have fewer than 256 values, and one byte per row keeps the hot loops in cache.

use std::sync::Arc;

use arrow_buffer::ScalarBuffer;

use crate::packed_rows::RowOrder;

/// A code type the hot loops are generic over.
pub trait Code: Copy + Send + Sync + 'static {
    fn idx(self) -> usize;
}

impl Code for u8 {
    #[inline(always)]
    fn idx(self) -> usize {
        self as usize
    }
}

impl Code for u16 {
    #[inline(always)]
    fn idx(self) -> usize {
        self as usize
    }
}

impl Code for u32 {
    #[inline(always)]
    fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone)]
pub enum Codes {
    U8(Arc<[u8]>),
    U16(Arc<[u16]>),
    /// Wide codes; shared with the table's dictionary codes where possible.
    U32(ScalarBuffer<u32>),
}

impl Codes {
    /// Stores `codes` (all at most `max_code`) in the narrowest width.
    pub fn narrow(codes: ScalarBuffer<u32>, max_code: u32) -> Codes {
        if max_code <= u32::from(u8::MAX) {
            Codes::U8(codes.iter().map(|c| *c as u8).collect())
        } else if max_code <= u32::from(u16::MAX) {
            Codes::U16(codes.iter().map(|c| *c as u16).collect())
        } else {
            Codes::U32(codes)
        }
    }

    /// Codes `code(0..n)` (all at most `max_code`), written straight in the narrowest
    /// width: no four-byte copy of a column first.
    /// (Two widths only: each is a copy of the caller's loop in the wasm; a column with
    /// more than 255 values goes through four bytes a row on its way to two.)
    pub fn from_fn(n: usize, max_code: u32, code: impl Fn(usize) -> u32) -> Codes {
        if max_code <= u32::from(u8::MAX) {
            Codes::U8((0..n).map(|i| code(i) as u8).collect())
        } else {
            Codes::narrow((0..n).map(code).collect::<Vec<_>>().into(), max_code)
        }
    }

    /// Codes sorted: code `c` repeated `offsets[c + 1] - offsets[c]` times.
    pub fn runs(offsets: &[u32], max_code: u32) -> Codes {
        let counts = offsets.windows(2).map(|w| (w[1] - w[0]) as usize);
        if max_code <= u32::from(u8::MAX) {
            let mut out = Vec::with_capacity(offsets.last().copied().unwrap_or(0) as usize);
            for (c, n) in counts.enumerate() {
                out.resize(out.len() + n, c as u8);
            }
            Codes::U8(out.into())
        } else {
            let mut out: Vec<u32> = Vec::new();
            for (c, n) in counts.enumerate() {
                out.resize(out.len() + n, c as u32);
            }
            Codes::narrow(out.into(), max_code)
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(c) => u32::from(c[i]),
            Codes::U16(c) => u32::from(c[i]),
            Codes::U32(c) => c[i],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(c) => c.len(),
            Codes::U16(c) => c.len(),
            Codes::U32(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The codes in the order `perm` (new row `i` is old row `perm[i]`).
    pub fn gather(&self, perm: &RowOrder) -> Codes {
        match self {
            Codes::U8(c) => Codes::U8(perm.iter().map(|r| c[r as usize]).collect()),
            Codes::U16(c) => Codes::U16(perm.iter().map(|r| c[r as usize]).collect()),
            Codes::U32(c) => Codes::U32(
                perm.iter()
                    .map(|r| c[r as usize])
                    .collect::<Vec<_>>()
                    .into(),
            ),
        }
    }
}

/// Runs `$body` with `$c` bound to the codes as a typed slice (`&[u8]`, `&[u16]` or `&[u32]`),
/// so generic hot loops are compiled once per width.
#[macro_export]
macro_rules! with_codes {
    ($codes:expr, $c:ident => $body:expr) => {
        match $codes {
            $crate::codes::Codes::U8(v) => {
                let $c: &[u8] = v;
                $body
            }
            $crate::codes::Codes::U16(v) => {
                let $c: &[u16] = v;
                $body
            }
            $crate::codes::Codes::U32(v) => {
                let $c: &[u32] = v;
                $body
            }
        }
    };
}

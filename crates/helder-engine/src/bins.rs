//! Histogram bins over a number column: a nice width (1, 2 or 5 × a power of ten, and 2,5
//! for decimals) so the column's range falls into about as many bins as Sturges' rule asks
//! (⌈log2 n⌉ + 1, kept between 5 and 30), or as the spec says (`bins`, `bin_width`).
//!
//! Bin `k` holds the values from `origin + k × width` up to (not including) the next bin's
//! start; for whole numbers with a whole width that is `start` to `start + width − 1`
//! inclusive. A long tail (the largest 1 % reaching further than a quarter of the range
//! below it, as with handling times) would squeeze the rest into one or two bins, so then
//! the range ends at the 99th percentile and the last bin is open: "60 of meer".
//! A number range filter on a binned dimension keeps the bins that lie entirely inside it,
//! so a clicked bin's range selects exactly that bin.

use crate::format_nl;
use crate::CoreError;

/// More bins than this cannot be drawn or read; a spec asking for more gets an error.
pub const MAX_BINS: f64 = 1000.0;

/// Sturges' rule is kept between these bin counts: fewer hides the shape, more is noise.
const MIN_AUTO_BINS: usize = 5;
const MAX_AUTO_BINS: usize = 30;

/// The bins of one column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bins {
    /// Where bin 0 starts: a multiple of `width` at or below the smallest value.
    pub origin: f64,
    pub width: f64,
    /// Whether the column holds whole numbers (and the width is whole).
    pub integer: bool,
    /// The open last bin, when the data has a long tail: it holds every larger value.
    pub top: Option<i64>,
}

impl Bins {
    /// Bins for `values` (nulls already left out; NaN and infinities are ignored).
    /// `bins` asks for about that many bins, `bin_width` for exactly that width.
    pub fn choose(
        values: impl Iterator<Item = f64>,
        integer: bool,
        bins: Option<usize>,
        bin_width: Option<f64>,
    ) -> Result<Bins, CoreError> {
        let mut v: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        let n = v.len();
        let mut quantile = |p: f64| -> f64 {
            if v.is_empty() {
                return 0.0;
            }
            let i = ((v.len() - 1) as f64 * p).round() as usize;
            *v.select_nth_unstable_by(i, f64::total_cmp).1
        };
        let (lo, hi, p99) = (quantile(0.0), quantile(1.0), quantile(0.99));
        let tail = hi - p99 > (p99 - lo) * 0.25;
        let upper = if tail { p99 } else { hi };
        let width = match bin_width {
            Some(w) if !(w.is_finite() && w > 0.0) => {
                return Err(CoreError::Spec(format!(
                    "bin_width {w} is not a positive number; give e.g. bin_width = 5"
                )))
            }
            Some(w) => w,
            None => {
                let k = match bins {
                    Some(b) => b.clamp(1, MAX_BINS as usize),
                    None => ((n.max(1) as f64).log2().ceil() as usize + 1)
                        .clamp(MIN_AUTO_BINS, MAX_AUTO_BINS),
                };
                nice_width((upper - lo) / k as f64, integer)
            }
        };
        let integer = integer && width.fract() == 0.0;
        let origin = (lo / width).floor() * width;
        // The open bin starts at the first edge above the 99th percentile.
        let top = tail
            .then(|| ((upper - origin) / width).floor() as i64 + 1)
            .filter(|t| origin + *t as f64 * width <= hi);
        let count = top.map_or(((hi - origin) / width).floor() + 1.0, |t| t as f64 + 1.0);
        if count > MAX_BINS {
            return Err(CoreError::Spec(format!(
                "bin width {} makes {count:.0} bins from {} to {}; at most {MAX_BINS:.0} can be shown, so choose a wider `bin_width`",
                format_nl::number(width, decimals_of(width)),
                format_nl::number(lo, decimals_of(width)),
                format_nl::number(hi, decimals_of(width)),
            )));
        }
        Ok(Bins {
            origin,
            width,
            integer,
            top,
        })
    }

    /// The bin of `x`; `None` for NaN or an infinity (they belong to no bin, like nulls).
    pub fn index(&self, x: f64) -> Option<i64> {
        x.is_finite().then(|| {
            let k = ((x - self.origin) / self.width).floor() as i64;
            self.top.map_or(k, |t| k.min(t))
        })
    }

    /// Where bin `k` starts.
    pub fn start(&self, k: i64) -> f64 {
        self.round(self.origin + k as f64 * self.width)
    }

    /// The largest value bin `k` holds for whole numbers, else where the next bin starts;
    /// infinity for the open last bin.
    pub fn last(&self, k: i64) -> f64 {
        if self.top.is_some_and(|t| k >= t) {
            f64::INFINITY
        } else if self.integer {
            self.start(k) + self.width - 1.0
        } else {
            self.start(k + 1)
        }
    }

    /// Bin `k` in words: `12`, `10 t/m 19`, `2,5 tot 5`, `60 of meer`.
    pub fn label(&self, k: i64) -> String {
        self.range_text(self.start(k), self.last(k), &|s| s)
    }

    /// A range of bins in Dutch notation, `unit` putting the unit around the last number
    /// (`10 t/m 19 dagen`, `60 dagen of meer`).
    pub fn range_text(&self, min: f64, max: f64, unit: &dyn Fn(String) -> String) -> String {
        let d = decimals_of(self.width);
        let f = |v: f64| format_nl::number(v, d);
        if max.is_infinite() {
            format!(
                "{} {}",
                unit(f(min)),
                crate::locale::pick("of meer", "or more")
            )
        } else if self.integer && min == max {
            unit(f(min))
        } else if self.integer {
            format!(
                "{} {} {}",
                f(min),
                crate::locale::pick("t/m", "to"),
                unit(f(max))
            )
        } else {
            format!(
                "{} {} {}",
                f(min),
                crate::locale::pick("tot", "to under"),
                unit(f(max))
            )
        }
    }

    /// The bin width in Dutch notation, e.g. `2,5`.
    pub fn width_text(&self) -> String {
        format_nl::number(self.width, decimals_of(self.width))
    }

    /// A bin as an axis says it in little room: `7`, `10–19`, `2,5–5`, `55+`.
    pub fn short_label(&self, start: f64, last: f64) -> String {
        let d = decimals_of(self.width);
        let f = |v: f64| format_nl::number(v, d);
        if last.is_infinite() {
            format!("{}+", f(start))
        } else if self.integer && start == last {
            f(start)
        } else {
            format!("{}–{}", f(start), f(last))
        }
    }

    /// Whether bin `k` lies entirely inside the range `min`..=`max`.
    pub fn inside(&self, k: i64, min: f64, max: f64) -> bool {
        self.start(k) >= min && self.last(k) <= max
    }

    /// Drops the rounding residue of `origin + k × width` (0.30000000000000004 → 0.3).
    fn round(&self, v: f64) -> f64 {
        let scale = 10f64.powi(decimals_of(self.width) as i32 + 2);
        (v * scale).round() / scale
    }
}

/// The smallest nice width (1, 2, 2,5, 5 or 10 × a power of ten) at or above `raw`; whole
/// numbers get whole widths without 2,5.
fn nice_width(raw: f64, integer: bool) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let e = raw.log10().floor();
    let base = 10f64.powf(e);
    let steps: &[f64] = if integer {
        &[1.0, 2.0, 5.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    let f = raw / base;
    let step = steps
        .iter()
        .copied()
        .find(|s| *s >= f - 1e-9)
        .unwrap_or(10.0);
    let w = step * base;
    if integer {
        w.round().max(1.0)
    } else {
        w
    }
}

/// Decimals needed to write multiples of `width` exactly (0 for 5, 1 for 0,5, 2 for 0,25).
fn decimals_of(width: f64) -> usize {
    (0..6)
        .find(|d| {
            let s = width * 10f64.powi(*d);
            (s - s.round()).abs() < 1e-9 * s.abs().max(1.0)
        })
        .unwrap_or(6) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sturges_with_nice_widths() {
        // 1000 values from 0 to 99: Sturges asks 11 bins, 9 wide, rounded up to 10.
        let b = Bins::choose((0..1000).map(|i| f64::from(i % 100)), true, None, None).unwrap();
        assert_eq!((b.origin, b.width, b.integer), (0.0, 10.0, true));
        assert_eq!(b.label(1), "10 t/m 19");
        assert_eq!(b.short_label(b.start(1), b.last(1)), "10–19");
        assert_eq!(b.index(19.0), Some(1));
        assert_eq!(b.index(20.0), Some(2));
        // Decimals may get 2,5-wide bins and say "tot".
        let b = Bins::choose([0.3, 11.7].into_iter(), false, Some(5), None).unwrap();
        assert_eq!(b.width, 2.5);
        assert_eq!(b.label(0), "0,0 tot 2,5");
        assert!(b.inside(0, 0.0, 2.5) && !b.inside(1, 0.0, 2.5));
    }

    #[test]
    fn nan_infinity_empty_and_one_value() {
        let b = Bins::choose([f64::NAN, f64::INFINITY].into_iter(), false, None, None).unwrap();
        assert_eq!(b.index(f64::NAN), None);
        assert_eq!(b.index(f64::NEG_INFINITY), None);
        assert_eq!(b.width, 1.0);
        let b = Bins::choose(std::iter::once(7.0), true, None, None).unwrap();
        assert_eq!((b.origin, b.width), (7.0, 1.0));
        assert_eq!(b.label(0), "7");
        assert_eq!(b.range_text(7.0, 7.0, &|s| format!("{s} dagen")), "7 dagen");
    }

    #[test]
    fn a_long_tail_ends_in_an_open_bin() {
        // 990 values from 0 to 49, ten far out: bins up to the 99th percentile, then one open.
        let values = (0..990)
            .map(|i| f64::from(i % 50))
            .chain((0..10).map(|i| 500.0 + f64::from(i)));
        let b = Bins::choose(values, true, None, None).unwrap();
        assert_eq!((b.width, b.top), (5.0, Some(10)));
        assert_eq!(b.index(49.0), Some(9));
        assert_eq!(b.index(509.0), Some(10));
        assert_eq!(b.label(10), "50 of meer");
        assert_eq!(b.short_label(b.start(10), b.last(10)), "50+");
        assert!(b.inside(10, 50.0, f64::INFINITY) && !b.inside(10, 50.0, 1e6));
        assert_eq!(
            b.range_text(50.0, f64::INFINITY, &|s| format!("{s} dagen")),
            "50 dagen of meer"
        );
    }

    #[test]
    fn spec_widths_are_checked() {
        let b = Bins::choose([0.0, 1500.0].into_iter(), true, None, Some(500.0)).unwrap();
        assert_eq!(b.label(2), "1.000 t/m 1.499");
        let err = Bins::choose([0.0, 1e9].into_iter(), false, None, Some(0.5)).unwrap_err();
        assert!(err.to_string().contains("bin_width"), "{err}");
        assert!(Bins::choose([0.0].into_iter(), false, None, Some(-1.0)).is_err());
        let b = Bins::choose([0.0, 1.0].into_iter(), false, None, Some(0.1)).unwrap();
        assert_eq!(b.start(3), 0.3);
        assert_eq!(b.label(3), "0,3 tot 0,4");
    }
}

//! One compiled sort for everything outside the engine's hot loops.
//!
//! Every `sort_by` on another element type or with another comparison makes the compiler
//! emit another copy of the standard library's sort, several kilobytes of wasm each (the
//! app had 31 of them). The functions here sort indices with one dynamically dispatched
//! comparison and then move the elements, so the phone downloads that code once. The
//! engine's scans over millions of rows keep their own specialised sorts.

use core::cmp::Ordering;

/// Sorts `idx` stably by `cmp`, which compares the items two indices stand for.
pub fn sort_indices(idx: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    idx.sort_by(|&a, &b| cmp(a, b));
}

/// Sorts `v` stably by `cmp`, as `slice::sort_by` does.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `key` gives each element, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts numbers in IEEE total order (negative NaN first, positive NaN last).
pub fn sort_f64(v: &mut [f64]) {
    sort_by(v, f64::total_cmp);
}

/// Puts `v[order[k]]` at position `k` in place, following each cycle of the permutation
/// once; `order` is used up (every entry ends as its own index).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |p| p.0);
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn numbers_in_total_order() {
        let mut v = vec![3.0, f64::NAN, -1.0, f64::INFINITY, 0.5, -f64::INFINITY];
        sort_f64(&mut v);
        assert_eq!(&v[..5], &[-f64::INFINITY, -1.0, 0.5, 3.0, f64::INFINITY]);
        assert!(v[5].is_nan());
    }
}

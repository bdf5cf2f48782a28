//! A choropleth's classes: quantile breaks over the areas' values, so each colour holds about
//! as many areas; areas without a value fall in no class (drawn hatched, "geen gegevens").

/// At most this many classes: more shades are hard to tell apart at 3:1 contrast.
pub const MAX_CLASSES: usize = 5;

/// Classes as inclusive ranges, lowest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    pub ranges: Vec<(f64, f64)>,
}

impl Classes {
    /// Up to `n` quantile classes of the values that exist; fewer when there are fewer
    /// distinct values, none when no area has a value.
    pub fn quantiles(values: &[Option<f64>], n: usize) -> Self {
        let mut v: Vec<f64> = values
            .iter()
            .flatten()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        crate::sort_order::sort_f64(&mut v);
        let mut distinct = v.clone();
        distinct.dedup();
        let n = n.clamp(1, MAX_CLASSES).min(distinct.len());
        let mut ranges: Vec<(f64, f64)> = Vec::with_capacity(n);
        if n == 0 {
            return Classes { ranges };
        }
        // Upper bounds at the k/n quantiles; equal values stay in one class.
        let mut start = 0usize;
        for k in 1..=n {
            let end = if k == n {
                v.len()
            } else {
                (v.len() * k).div_ceil(n)
            };
            let mut end = end.max(start + 1).min(v.len());
            while end < v.len() && v[end] == v[end - 1] {
                end += 1;
            }
            if start >= v.len() {
                break;
            }
            ranges.push((v[start], v[end - 1]));
            start = end;
        }
        Classes { ranges }
    }

    /// The class of `value`, `None` without a value.
    pub fn class_of(&self, value: Option<f64>) -> Option<usize> {
        let v = value.filter(|x| x.is_finite())?;
        if self.ranges.is_empty() {
            return None;
        }
        Some(
            self.ranges
                .iter()
                .position(|&(_, hi)| v <= hi)
                .unwrap_or(self.ranges.len() - 1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_classes_hold_about_equal_counts() {
        let values: Vec<Option<f64>> = (1..=20).map(|x| Some(x as f64)).chain([None]).collect();
        let c = Classes::quantiles(&values, 5);
        assert_eq!(
            c.ranges,
            vec![
                (1.0, 4.0),
                (5.0, 8.0),
                (9.0, 12.0),
                (13.0, 16.0),
                (17.0, 20.0)
            ]
        );
        assert_eq!(c.class_of(Some(4.0)), Some(0));
        assert_eq!(c.class_of(Some(4.5)), Some(1));
        assert_eq!(c.class_of(Some(20.0)), Some(4));
        assert_eq!(c.class_of(None), None);
    }

    #[test]
    fn few_distinct_values_make_fewer_classes() {
        let c = Classes::quantiles(&[Some(3.0), Some(3.0), Some(3.0), Some(7.0)], 5);
        assert_eq!(c.ranges, vec![(3.0, 3.0), (7.0, 7.0)]);
        let none = Classes::quantiles(&[None, None], 4);
        assert!(none.ranges.is_empty());
        assert_eq!(none.class_of(Some(1.0)), None);
        // Ties never split over two classes.
        let t = Classes::quantiles(&[Some(1.0), Some(2.0), Some(2.0), Some(2.0), Some(5.0)], 2);
        assert_eq!(t.ranges, vec![(1.0, 2.0), (5.0, 5.0)]);
    }
}

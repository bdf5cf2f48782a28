//! The months the demo covers: from January four years before the as-of year up to the
//! as-of month, plus the seasonal pattern most municipal series share.

use helder_core::date;

#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// Month index (year × 12 + month − 1) of the first month.
    pub first: i32,
    /// Month index of the last month (the as-of month).
    pub last: i32,
    /// The as-of date: the last day of the last month.
    pub as_of: i32,
}

impl Period {
    pub fn ending(as_of: i32) -> Self {
        let last = date::month_index(as_of);
        let (y, _) = date::month_parts(last);
        Period {
            first: y.saturating_sub(4) * 12,
            last,
            as_of: date::end_of_month(as_of),
        }
    }

    pub fn months(&self) -> usize {
        (self.last - self.first + 1).max(0) as usize
    }

    /// Month index of the `m`-th month of the period.
    pub fn month(&self, m: usize) -> i32 {
        self.first + m as i32
    }

    /// Calendar month (1–12) of the `m`-th month.
    pub fn calendar_month(&self, m: usize) -> u32 {
        date::month_parts(self.month(m)).1
    }

    /// First day (day number) of the `m`-th month.
    pub fn month_start(&self, m: usize) -> i32 {
        let (y, mo) = date::month_parts(self.month(m));
        date::from_ymd(y, mo, 1).unwrap_or(0)
    }

    pub fn days_in_month(&self, m: usize) -> i32 {
        date::end_of_month(self.month_start(m)) - self.month_start(m) + 1
    }

    /// Years since the start, as a fraction, for trends.
    pub fn years_in(&self, m: usize) -> f64 {
        m as f64 / 12.0
    }
}

/// Activity relative to an average month: low in the summer holidays and December.
pub fn season(calendar_month: u32) -> f64 {
    const FACTORS: [f64; 12] = [
        1.08, 1.04, 1.06, 1.0, 0.98, 1.0, 0.84, 0.80, 1.08, 1.06, 1.04, 0.88,
    ];
    FACTORS[(calendar_month.clamp(1, 12) - 1) as usize]
}

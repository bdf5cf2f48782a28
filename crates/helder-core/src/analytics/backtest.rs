//! Rolling-origin backtests: refit at successive forecast origins, forecast a fixed horizon
//! and score the forecasts against what happened (MASE and interval coverage), so accuracy
//! is measured rather than assumed.

use serde::Serialize;

use super::forecast::{forecast, ForecastOptions};
use crate::CoreError;

/// Where the origins lie and what is forecast from each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestOptions {
    /// Months forecast from each origin.
    pub horizon: usize,
    /// Number of origins; the last one leaves exactly `horizon` months to forecast.
    pub origins: usize,
    /// Months between successive origins.
    pub step: usize,
    pub forecast: ForecastOptions,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        BacktestOptions {
            horizon: 12,
            origins: 12,
            step: 1,
            forecast: ForecastOptions::default(),
        }
    }
}

/// The forecast from one origin next to what happened.
#[derive(Debug, Clone, Serialize)]
pub struct OriginResult {
    /// Observations the model was fitted on (the origin).
    pub train: usize,
    pub model: String,
    pub mean: Vec<f64>,
    pub actual: Vec<f64>,
    /// Mean absolute error of this window divided by the in-sample MAE of the seasonal
    /// naive forecast (lag 12 for monthly data, lag 1 when too short).
    pub mase: f64,
    pub inside80: usize,
    pub inside95: usize,
}

/// Scores averaged over all origins.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestResult {
    pub horizon: usize,
    /// Mean of the per-origin MASE values.
    pub mase: f64,
    /// Share of actual values inside the 80 % and 95 % intervals, over all origins and steps.
    pub coverage80: f64,
    pub coverage95: f64,
    pub origins: Vec<OriginResult>,
}

/// The training lengths of the origins, oldest first.
pub fn origin_lengths(n: usize, opts: &BacktestOptions) -> Result<Vec<usize>, CoreError> {
    let span = opts.horizon + (opts.origins.saturating_sub(1)) * opts.step;
    if opts.origins == 0 || opts.horizon == 0 || n <= span {
        return Err(CoreError::Analytics(format!(
            "a backtest with {} origins and horizon {} needs more than {span} values; the series has {n}",
            opts.origins, opts.horizon
        )));
    }
    Ok((0..opts.origins)
        .map(|i| n - span + i * opts.step)
        .collect())
}

/// In-sample MAE of the seasonal naive forecast, the scale of MASE.
pub fn naive_scale(train: &[f64], period: usize) -> f64 {
    let lag = if period > 1 && train.len() > period {
        period
    } else {
        1
    };
    let diffs: Vec<f64> = train
        .windows(lag + 1)
        .map(|w| (w[lag] - w[0]).abs())
        .collect();
    if diffs.is_empty() {
        return f64::NAN;
    }
    diffs.iter().sum::<f64>() / diffs.len() as f64
}

/// Runs the backtest on `values` (monthly; `start_month` only labels the months).
pub fn rolling_origin(
    values: &[f64],
    start_month: i32,
    opts: &BacktestOptions,
) -> Result<BacktestResult, CoreError> {
    let lengths = origin_lengths(values.len(), opts)?;
    let mut origins = Vec::with_capacity(lengths.len());
    let (mut in80, mut in95, mut total) = (0usize, 0usize, 0usize);
    for train in lengths {
        let fc = forecast(&values[..train], start_month, opts.horizon, &opts.forecast)?;
        let actual = values[train..train + opts.horizon].to_vec();
        let scale = naive_scale(&values[..train], opts.forecast.ets.period);
        let mae = fc
            .mean
            .iter()
            .zip(&actual)
            .map(|(f, a)| (f - a).abs())
            .sum::<f64>()
            / opts.horizon as f64;
        let count_inside = |level: f64| {
            fc.band(level).map_or(0, |b| {
                actual
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| b.lower[*i] <= **a && **a <= b.upper[*i])
                    .count()
            })
        };
        let (i80, i95) = (count_inside(0.8), count_inside(0.95));
        in80 += i80;
        in95 += i95;
        total += opts.horizon;
        origins.push(OriginResult {
            train,
            model: fc.model,
            mean: fc.mean,
            actual,
            mase: mae / scale,
            inside80: i80,
            inside95: i95,
        });
    }
    let mase = origins.iter().map(|o| o.mase).sum::<f64>() / origins.len() as f64;
    Ok(BacktestResult {
        horizon: opts.horizon,
        mase,
        coverage80: in80 as f64 / total as f64,
        coverage95: in95 as f64 / total as f64,
        origins,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::reference_series::ALL;

    #[test]
    fn origins_end_exactly_at_the_data() {
        let opts = BacktestOptions {
            horizon: 12,
            origins: 3,
            step: 1,
            ..Default::default()
        };
        assert_eq!(origin_lengths(144, &opts).unwrap(), vec![130, 131, 132]);
        assert!(origin_lengths(14, &opts).is_err());
    }

    /// The accuracy bar on the public series: under the seasonal naive forecast's error,
    /// and intervals that cover roughly what they promise. Four origins keep the debug-build
    /// test quick; `helder backtest` runs the full twelve.
    #[test]
    fn public_series_backtest() {
        let opts = BacktestOptions {
            origins: 4,
            step: 3,
            ..Default::default()
        };
        for s in ALL {
            let r = rolling_origin(s.values, s.start, &opts).unwrap();
            eprintln!(
                "{}: MASE {:.3}, coverage 80 % {:.2}, 95 % {:.2}",
                s.name, r.mase, r.coverage80, r.coverage95
            );
            assert!(r.mase < 1.3, "{}: MASE {}", s.name, r.mase);
            assert!(r.coverage95 > 0.6, "{}: coverage {}", s.name, r.coverage95);
        }
    }
}

//! The forecast a widget shows: the automatically chosen ETS model's point forecasts for
//! the coming months with 80 % and 95 % bands, from a monthly series and its first month.

use serde::Serialize;

use super::ets::{EtsFit, EtsParams, EtsSpec};
use super::ets_select::{auto_ets, Candidate, EtsOptions};
use super::intervals::{bands, Band, IntervalMethod};
use crate::CoreError;

/// Options of `forecast`; the defaults suit monthly municipal series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastOptions {
    pub ets: EtsOptions,
    /// Interval coverages, e.g. [0.8, 0.95].
    pub levels: Vec<f64>,
    /// Sample paths for simulated intervals and projections.
    pub paths: usize,
    /// Seed of the simulation, so the same data always gives the same bands.
    pub seed: u64,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            ets: EtsOptions::default(),
            levels: vec![0.8, 0.95],
            paths: 5000,
            seed: 20_261_122,
        }
    }
}

/// A fitted model's forecast of the months after the data.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// The chosen model, e.g. `ETS(M,Ad,M)`.
    pub model: String,
    pub spec: EtsSpec,
    pub params: EtsParams,
    pub sigma2: f64,
    pub aicc: f64,
    /// Month index (year × 12 + month − 1) of the first observation.
    pub history_start: i32,
    /// One-step-ahead fitted values over the history, for a residual plot.
    pub fitted: Vec<f64>,
    /// Month index of the first forecast month (the month after the data).
    pub start: i32,
    /// Point forecasts (conditional means for linear models, the deterministic path
    /// otherwise, as R's `forecast.ets`).
    pub mean: Vec<f64>,
    /// One band per requested level, in the order requested.
    pub bands: Vec<Band>,
    pub interval_method: IntervalMethod,
    /// Every model tried and its AICc.
    pub candidates: Vec<Candidate>,
}

impl Forecast {
    /// The band at `level` (e.g. 0.8), if it was computed.
    pub fn band(&self, level: f64) -> Option<&Band> {
        self.bands.iter().find(|b| (b.level - level).abs() < 1e-9)
    }
}

/// Fits ETS models to `values` (monthly, the first in month `start_month`), picks one by
/// AICc and forecasts `horizon` months with intervals.
pub fn forecast(
    values: &[f64],
    start_month: i32,
    horizon: usize,
    opts: &ForecastOptions,
) -> Result<Forecast, CoreError> {
    if horizon == 0 {
        return Err(CoreError::Analytics(
            "the horizon must be at least 1 month".into(),
        ));
    }
    let auto = auto_ets(values, &opts.ets)?;
    Ok(forecast_from_fit(
        &auto.fit,
        auto.candidates,
        start_month,
        horizon,
        opts,
    ))
}

/// The forecast of an already fitted model.
pub fn forecast_from_fit(
    fit: &EtsFit,
    candidates: Vec<Candidate>,
    start_month: i32,
    horizon: usize,
    opts: &ForecastOptions,
) -> Forecast {
    let mean: Vec<f64> = (1..=horizon)
        .map(|h| fit.state.forecast(&fit.spec, &fit.params, h))
        .collect();
    let (bands, interval_method) = bands(fit, &mean, &opts.levels, opts.paths, opts.seed);
    Forecast {
        model: fit.spec.name(),
        spec: fit.spec,
        params: fit.params,
        sigma2: fit.sigma2,
        aicc: fit.aicc,
        history_start: start_month,
        fitted: fit.fitted.clone(),
        start: start_month + fit.n as i32,
        mean,
        bands,
        interval_method,
        candidates,
    }
}

//! Forecasting and evaluation on monthly series: exponential smoothing (ETS) with automatic
//! model choice, prediction intervals, the year-end projection against a budget, rolling-
//! origin backtests and the effect of a policy measure. Plain data in (a slice of values and
//! the month index of the first), serialisable structs out, so a widget and the CLI call
//! the same functions.

pub mod admissible;
pub mod backtest;
pub mod demand;
pub mod effect;
pub mod ets;
pub mod ets_select;
pub mod forecast;
pub mod intervals;
pub mod nelder_mead;
pub mod normal;
pub mod ols;
pub mod projection;
pub mod reference_series;
pub mod rng;

pub use backtest::{rolling_origin, BacktestOptions, BacktestResult};
pub use demand::{project_demand, BuurtInput, DemandOptions, DemandProjection};
pub use effect::{
    policy_effect, policy_effect_with_control, Control, ControlUsed, EffectOptions, PolicyEffect,
};
pub use ets::{ErrorType, EtsFit, EtsParams, EtsSpec, SeasonType, TrendType};
pub use ets_select::{auto_ets, AutoEts, EtsOptions};
pub use forecast::{forecast, forecast_from_fit, Forecast, ForecastOptions};
pub use projection::{project_from_fit, project_year_end, YearEndProjection};

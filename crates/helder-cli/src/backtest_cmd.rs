//! `helder backtest`: the rolling-origin backtest on the embedded public series and the
//! demo's youth-care spending, with the series themselves in the JSON so that
//! `scripts/compare_autoets.py` can run statsforecast on exactly the same numbers.

use anyhow::{Context, Result};
use helder_core::analytics::backtest::{rolling_origin, BacktestOptions};
use helder_core::analytics::reference_series;
use helder_core::{date, ipc};

use crate::series_input::{self, MonthlySeries};
use crate::{demo, site_writer};

/// The demo is generated as of this date, so the backtest is the same on every day.
pub const DEMO_AS_OF: &str = "2026-10-31";

/// The demo's monthly youth-care spending, through Arrow IPC and the query engine.
pub fn demo_series(dataset: &str, column: &str) -> Result<MonthlySeries> {
    let as_of = date::parse_iso(DEMO_AS_OF).context("bad demo date")?;
    let datasets = demo::generate(demo::as_of_for(as_of))?;
    let d = datasets
        .iter()
        .find(|d| d.name == dataset)
        .with_context(|| format!("the demo has no dataset `{dataset}`"))?;
    let table = ipc::read_table(dataset, site_writer::encode(d)?)?;
    let sums = series_input::monthly_sums(&table, column, Some("maand"))?;
    let mut s = series_input::contiguous(column, &sums)?;
    s.label = format!("demo {dataset}.{column}");
    Ok(s)
}

pub fn run(horizon: usize, origins: usize, max_iter: Option<usize>, json: bool) -> Result<()> {
    let mut opts = BacktestOptions {
        horizon,
        origins,
        ..Default::default()
    };
    if let Some(m) = max_iter {
        opts.forecast.ets.max_iter = m;
    }
    let mut all: Vec<MonthlySeries> = reference_series::ALL
        .iter()
        .map(|s| MonthlySeries {
            label: s.name.to_string(),
            start: s.start,
            values: s.values.to_vec(),
        })
        .collect();
    all.push(demo_series("jeugdzorg", "kosten")?);
    let mut out = Vec::new();
    for s in &all {
        let t0 = std::time::Instant::now();
        let r = rolling_origin(&s.values, s.start, &opts)
            .with_context(|| format!("backtest of {}", s.label))?;
        let secs = t0.elapsed().as_secs_f64();
        if !json {
            println!(
                "{:<22} n={:<4} MASE {:.3}  dekking 80% {:.1}%  95% {:.1}%  ({} fits, {:.0} ms per fit)",
                s.label,
                s.values.len(),
                r.mase,
                r.coverage80 * 100.0,
                r.coverage95 * 100.0,
                r.origins.len(),
                secs * 1000.0 / r.origins.len() as f64
            );
        }
        out.push(serde_json::json!({
            "series": s.label,
            "start": series_input::month_label(s.start),
            "values": s.values,
            "train_lengths": r.origins.iter().map(|o| o.train).collect::<Vec<_>>(),
            "horizon": horizon,
            "mase": r.mase,
            "coverage80": r.coverage80,
            "coverage95": r.coverage95,
            "models": r.origins.iter().map(|o| o.model.clone()).collect::<Vec<_>>(),
            "ms_per_fit": secs * 1000.0 / r.origins.len() as f64,
        }));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's youth-care spending is forecast well and its intervals cover the truth.
    /// Four origins keep the debug-build test quick; `helder backtest` runs twelve.
    #[test]
    fn demo_youth_care_backtest() {
        let s = demo_series("jeugdzorg", "kosten").unwrap();
        assert_eq!(s.start, 2022 * 12);
        assert_eq!(s.values.len(), 58);
        let opts = BacktestOptions {
            origins: 4,
            step: 3,
            ..Default::default()
        };
        let r = rolling_origin(&s.values, s.start, &opts).unwrap();
        assert!(r.mase < 0.5, "MASE {}", r.mase);
        assert!(r.coverage95 >= 0.8, "coverage {}", r.coverage95);
    }
}

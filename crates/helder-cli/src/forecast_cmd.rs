//! `helder forecast`: the chosen ETS model, point forecasts and 80/95 % intervals for a
//! monthly series, optionally with the year-end projection against a budget.

use std::path::Path;

use anyhow::Result;
use helder_core::analytics::{auto_ets, forecast_from_fit, project_from_fit, ForecastOptions};
use helder_core::format_nl;

use crate::series_input::{self, month_label};

pub struct Args<'a> {
    pub file: &'a Path,
    pub column: &'a str,
    pub date_column: Option<&'a str>,
    pub horizon: usize,
    pub budget: Option<f64>,
    pub json: bool,
}

pub fn run(args: &Args) -> Result<()> {
    let series = series_input::load(args.file, args.column, args.date_column)?;
    let opts = ForecastOptions::default();
    if args.horizon == 0 {
        anyhow::bail!("--horizon must be at least 1 month");
    }
    // One fit serves the forecast and the projection, as in the widget.
    let auto = auto_ets(&series.values, &opts.ets)?;
    let projection = match args.budget {
        Some(b) => Some(project_from_fit(
            &auto.fit,
            &series.values,
            series.start,
            Some(b),
            &opts,
        )?),
        None => None,
    };
    let fc = forecast_from_fit(
        &auto.fit,
        auto.candidates,
        series.start,
        args.horizon,
        &opts,
    );
    if args.json {
        let months: Vec<String> = (0..fc.mean.len())
            .map(|h| month_label(fc.start + h as i32))
            .collect();
        let value = serde_json::json!({
            "series": series.label,
            "history_start": month_label(series.start),
            "history": series.values,
            "months": months,
            "forecast": fc,
            "projection": projection,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let p = &fc.params;
    println!(
        "{} over {} maanden ({} t/m {}): model {} (AICc {}; α {} β {} γ {} φ {}; intervallen {})",
        series.label,
        series.values.len(),
        month_label(series.start),
        month_label(series.start + series.values.len() as i32 - 1),
        fc.model,
        format_nl::number(fc.aicc, 1),
        format_nl::number(p.alpha, 3),
        format_nl::number(p.beta, 3),
        format_nl::number(p.gamma, 3),
        format_nl::number(p.phi, 3),
        match fc.interval_method {
            helder_core::analytics::intervals::IntervalMethod::Analytic => "analytisch",
            helder_core::analytics::intervals::IntervalMethod::Simulated => "gesimuleerd",
        }
    );
    println!(
        "{:<9} {:>14} {:>31} {:>31}",
        "maand", "verwachting", "80%-interval", "95%-interval"
    );
    let (b80, b95) = (fc.band(0.8), fc.band(0.95));
    for (h, mean) in fc.mean.iter().enumerate() {
        let range = |b: Option<&helder_core::analytics::intervals::Band>| {
            b.map_or(String::new(), |b| {
                format!(
                    "{} – {}",
                    format_nl::number(b.lower[h], 0),
                    format_nl::number(b.upper[h], 0)
                )
            })
        };
        println!(
            "{:<9} {:>14} {:>31} {:>31}",
            month_label(fc.start + h as i32),
            format_nl::number(*mean, 0),
            range(b80),
            range(b95)
        );
    }
    if let Some(p) = projection {
        println!("{}", p.sentence_nl);
    }
    Ok(())
}

//! The year-end projection against a budget: actual spending so far this year plus
//! simulated futures of the remaining months, summed per path (quantiles of a sum are not
//! sums of quantiles), with the chance of overspending and a Dutch sentence.

use serde::Serialize;

use super::ets::EtsFit;
use super::ets_select::auto_ets;
use super::forecast::ForecastOptions;
use super::intervals::{quantile, sample_paths};
use crate::{date, format_nl, CoreError};

/// Expected year total with its uncertainty and, given a budget, P(total > budget).
#[derive(Debug, Clone, Serialize)]
pub struct YearEndProjection {
    pub year: i32,
    /// Months of the year with actual data (1–12).
    pub months_actual: usize,
    pub actual_to_date: f64,
    /// Point forecast of the remaining months together.
    pub forecast_remaining: f64,
    /// Actual to date plus the point forecast of the rest.
    pub expected: f64,
    pub lower80: f64,
    pub upper80: f64,
    pub lower95: f64,
    pub upper95: f64,
    pub budget: Option<f64>,
    /// Share of simulated year totals above the budget.
    pub p_over_budget: Option<f64>,
    /// The model behind the forecast, e.g. `ETS(M,Ad,M)`.
    pub model: String,
    pub paths: usize,
    /// The projection in one Dutch sentence.
    pub sentence_nl: String,
}

/// Projects the calendar year of the last value of `values` (monthly, the first in month
/// `start_month`) to 31 December, optionally against `budget`.
pub fn project_year_end(
    values: &[f64],
    start_month: i32,
    budget: Option<f64>,
    opts: &ForecastOptions,
) -> Result<YearEndProjection, CoreError> {
    let auto = auto_ets(values, &opts.ets)?;
    project_from_fit(&auto.fit, values, start_month, budget, opts)
}

/// The projection from a model already fitted to `values`, so that a widget showing the
/// forecast and the projection fits once (`auto_ets`, then `forecast_from_fit` and this).
pub fn project_from_fit(
    fit: &EtsFit,
    values: &[f64],
    start_month: i32,
    budget: Option<f64>,
    opts: &ForecastOptions,
) -> Result<YearEndProjection, CoreError> {
    if fit.n != values.len() {
        return Err(CoreError::Analytics(format!(
            "the model was fitted to {} values, not to these {}",
            fit.n,
            values.len()
        )));
    }
    let last_month = start_month + values.len() as i32 - 1;
    let (year, month) = date::month_parts(last_month);
    let months_actual = month as usize;
    let this_year = values.len().min(months_actual);
    if this_year < months_actual {
        return Err(CoreError::Analytics(format!(
            "the series starts within {year}, so the spending since 1 January is not all there"
        )));
    }
    let actual_to_date: f64 = values[values.len() - months_actual..].iter().sum();
    let remaining = 12 - months_actual;
    let forecast_remaining: f64 = (1..=remaining)
        .map(|h| fit.state.forecast(&fit.spec, &fit.params, h))
        .sum();
    let mut totals: Vec<f64> = if remaining == 0 {
        vec![actual_to_date]
    } else {
        sample_paths(fit, remaining, opts.paths.max(1), opts.seed)
            .iter()
            .map(|p| actual_to_date + p.iter().sum::<f64>())
            .collect()
    };
    let p_over_budget =
        budget.map(|b| totals.iter().filter(|&&t| t > b).count() as f64 / totals.len() as f64);
    let q = |t: &mut [f64], p: f64| quantile(t, p);
    let (lower80, upper80) = (q(&mut totals, 0.1), q(&mut totals, 0.9));
    let (lower95, upper95) = (q(&mut totals, 0.025), q(&mut totals, 0.975));
    let expected = actual_to_date + forecast_remaining;
    let sentence_nl = sentence(year, expected, lower80, upper80, p_over_budget);
    Ok(YearEndProjection {
        year,
        months_actual,
        actual_to_date,
        forecast_remaining,
        expected,
        lower80,
        upper80,
        lower95,
        upper95,
        budget,
        p_over_budget,
        model: fit.spec.name(),
        paths: totals.len(),
        sentence_nl,
    })
}

/// "Verwachte uitgaven 2026: € 12,4 mln (80 %: 11,9–12,9); kans op overschrijding 73 %",
/// in millions from € 1 mln up and in whole euros below.
pub fn sentence(year: i32, expected: f64, lower: f64, upper: f64, p_over: Option<f64>) -> String {
    let (point, range) = if expected.abs() >= 1e6 {
        (
            format_nl::euro_millions(expected),
            format!(
                "{}–{}",
                format_nl::number(lower / 1e6, 1),
                format_nl::number(upper / 1e6, 1)
            ),
        )
    } else {
        (
            format_nl::euro(expected),
            format!("{}–{}", format_nl::euro(lower), format_nl::euro(upper)),
        )
    };
    let mut s = crate::locale::pick(
        format!("Verwachte uitgaven {year}: {point} (80 %: {range})"),
        format!("Expected spending {year}: {point} (80%: {range})"),
    );
    if let Some(p) = p_over {
        // With a few thousand paths, 0 and 100 % would claim more certainty than there is.
        let pct = if p < 0.005 {
            "< 1 %".to_string()
        } else if p > 0.995 {
            "> 99 %".to_string()
        } else {
            format!("{} %", format_nl::number(p * 100.0, 0))
        };
        s.push_str(&format!(
            "; {} {pct}",
            crate::locale::pick("kans op overschrijding", "chance of overspending")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_in_dutch() {
        assert_eq!(
            sentence(2026, 12_380_000.0, 11_900_000.0, 12_940_000.0, Some(0.731)),
            "Verwachte uitgaven 2026: € 12,4 mln (80 %: 11,9–12,9); kans op overschrijding 73 %"
        );
        assert_eq!(
            sentence(2026, 812_000.0, 780_000.0, 840_000.0, Some(0.0)),
            "Verwachte uitgaven 2026: € 812.000 (80 %: € 780.000–€ 840.000); kans op overschrijding < 1 %"
        );
    }

    #[test]
    fn projection_adds_actuals_and_brackets_the_truth() {
        // A steady seasonal series through October: the year total is predictable.
        let season = [
            1.0, 0.9, 1.1, 1.0, 1.0, 1.05, 0.8, 0.75, 1.1, 1.05, 1.1, 1.15,
        ];
        let start = 2022 * 12;
        let values: Vec<f64> = (0..58)
            .map(|t| {
                1e6 * (1.0 + 0.004 * t as f64)
                    * season[t % 12]
                    * (1.0 + 0.01 * ((t * 37 % 11) as f64 - 5.0) / 5.0)
            })
            .collect();
        let p = project_year_end(&values, start, Some(1.0), &ForecastOptions::default()).unwrap();
        assert_eq!(p.year, 2026);
        assert_eq!(p.months_actual, 10);
        let ytd: f64 = values[48..].iter().sum();
        assert!((p.actual_to_date - ytd).abs() < 1e-6);
        assert!(p.lower95 <= p.lower80 && p.lower80 <= p.expected && p.expected <= p.upper80);
        let truth_rest: f64 = (58..60)
            .map(|t| 1e6 * (1.0 + 0.004 * t as f64) * season[t % 12])
            .sum();
        assert!(p.lower95 <= ytd + truth_rest && ytd + truth_rest <= p.upper95);
        assert_eq!(p.p_over_budget, Some(1.0));
        assert!(p.sentence_nl.starts_with("Verwachte uitgaven 2026: € "));
    }
}

//! What the forecast and policy-effect widgets show, from a page's monthly series: the
//! history, the forecast or counterfactual with its bands, and the result in one sentence.
//! Pure, so the CLI's `view` and the browser compute the very same figure.

use crate::analytics::effect::{policy_effect_with_control, Control, EffectOptions};
use crate::analytics::ets_select::auto_ets;
use crate::analytics::forecast::{forecast_from_fit, ForecastOptions};
use crate::analytics::projection::project_from_fit;
use crate::page_model::Series;
use crate::query::GroupKey;
use crate::{date, CoreError};

/// One month of a chart: label and value, with a band where the figure has one.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    pub label: String,
    pub value: f64,
    /// (80 % low, 80 % high, 95 % low, 95 % high).
    pub band: Option<(f64, f64, f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnalyticsFigure {
    /// The model used, e.g. `ETS(M,Ad,M)`.
    pub model: String,
    pub history: Vec<MonthPoint>,
    /// Forecast months (forecast widget) or the counterfactual after the measure (effect).
    pub projected: Vec<MonthPoint>,
    /// Index into `history` where the projection starts (the measure's month for effects).
    pub projected_from: usize,
    /// The result in one Dutch sentence.
    pub sentence: String,
    /// A second sentence: P(over budget) or the placebo check.
    pub detail: String,
    /// The headline number (expected year total, or cumulative effect).
    pub value: f64,
    /// Effects against control areas: the control series scaled to the treated level
    /// before the measure, one value per `history` month (empty without control).
    pub comparison: Vec<f64>,
    /// How the sentences name the control areas.
    pub comparison_name: Option<String>,
}

/// The control areas of an effect figure: their monthly series and their name.
#[derive(Debug, Clone, Copy)]
pub struct EffectControl<'a> {
    pub series: &'a Series,
    pub name: &'a str,
}

/// The monthly values of a series from its first to its last month with rows; months
/// without rows count as 0 (nothing was spent, nobody was registered).
pub fn monthly_values(series: &Series) -> Result<(i32, Vec<f64>), CoreError> {
    let months: Vec<(i32, f64)> = series
        .points
        .iter()
        .filter(|p| p.rows > 0)
        .filter_map(|p| match p.key {
            GroupKey::Month(m) => Some((m, p.value.unwrap_or(0.0) * series.scale)),
            _ => None,
        })
        .collect();
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Err(CoreError::Analytics(
            "no months with data under these filters".into(),
        ));
    };
    let mut values = vec![0.0; (last.0 - first.0 + 1) as usize];
    for (m, v) in &months {
        values[(m - first.0) as usize] = *v;
    }
    Ok((first.0, values))
}

/// The actual months from the `skip`-th on, as chart points without a band.
fn months(start: i32, values: &[f64], skip: usize) -> Vec<MonthPoint> {
    values
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, v)| MonthPoint {
            label: label(start + i as i32),
            value: *v,
            band: None,
        })
        .collect()
}

fn label(month: i32) -> String {
    GroupKey::Month(month).label_nl()
}

/// History (the last `shown` months) and a forecast of `horizon` months with 80/95 % bands,
/// plus the year-end projection against `budget` when given.
pub fn forecast_figure(
    series: &Series,
    horizon: usize,
    budget: Option<f64>,
    shown: usize,
) -> Result<AnalyticsFigure, CoreError> {
    let (start, values) = monthly_values(series)?;
    let opts = ForecastOptions::default();
    // One fit serves both the monthly forecast and the year-end projection.
    let auto = auto_ets(&values, &opts.ets)?;
    let projection = project_from_fit(&auto.fit, &values, start, budget, &opts)?;
    let f = forecast_from_fit(&auto.fit, auto.candidates, start, horizon.max(1), &opts);
    let skip = values.len().saturating_sub(shown);
    let history = months(start, &values, skip);
    let (b80, b95) = (f.band(0.8), f.band(0.95));
    let projected = f
        .mean
        .iter()
        .enumerate()
        .map(|(h, v)| MonthPoint {
            label: label(f.start + h as i32),
            value: *v,
            band: match (b80, b95) {
                (Some(a), Some(b)) => Some((a.lower[h], a.upper[h], b.lower[h], b.upper[h])),
                _ => None,
            },
        })
        .collect();
    let detail = match projection.budget {
        Some(b) => crate::locale::pick(
                "Begroot voor {year}: {budget}; tot en met {month} is {spent} uitgegeven. Model: {model}.",
                "Budget for {year}: {budget}; spent up to and including {month}: {spent}. Model: {model}."
        )
        .replace("{year}", &projection.year.to_string())
        .replace("{budget}", &crate::format_nl::euro(b))
        .replace("{month}", &label(start + values.len() as i32 - 1))
        .replace("{spent}", &crate::format_nl::euro(projection.actual_to_date))
        .replace("{model}", &f.model),
        None => format!("Model: {}.", f.model),
    };
    Ok(AnalyticsFigure {
        model: f.model.clone(),
        projected_from: history.len(),
        history,
        projected,
        sentence: projection.sentence_nl.clone(),
        detail,
        value: projection.expected,
        comparison: Vec::new(),
        comparison_name: None,
    })
}

/// Actual values against the counterfactual without the measure that started on `at` (a
/// day), with the cumulative effect and the placebo check; with `control`, compared with
/// areas without the measure (a comparative interrupted time series).
pub fn effect_figure(
    series: &Series,
    at: i32,
    control: Option<EffectControl<'_>>,
) -> Result<AnalyticsFigure, CoreError> {
    let (start, values) = monthly_values(series)?;
    let measure_month = date::month_index(at);
    let control_values = control.map(|c| monthly_values(c.series)).transpose()?;
    let e = policy_effect_with_control(
        &values,
        start,
        measure_month,
        control_values.as_ref().map(|(s, v)| Control {
            values: v,
            start_month: *s,
        }),
        &EffectOptions::default(),
    )?;
    let history = months(start, &values, 0);
    let cf = &e.counterfactual;
    let projected = cf
        .mean
        .iter()
        .enumerate()
        .map(|(h, v)| MonthPoint {
            label: label(cf.start + h as i32),
            value: *v,
            band: Some((cf.lower80[h], cf.upper80[h], cf.lower95[h], cf.upper95[h])),
        })
        .collect();
    let placebo = crate::locale::pick(
        "Controle: dezelfde analyse op {n} eerdere nepdatums gaf in {share} van de gevallen een even sterk effect",
        "Check: the same analysis at {n} earlier fake dates found an equally strong effect in {share} of cases",
    )
    .replace("{n}", &e.placebos.len().to_string())
    .replace("{share}", &crate::format_nl::percent(e.placebo_share_as_strong, 0));
    // An effect is claimed only when the regression, the counterfactual and the placebos
    // agree; say which part held it back, so the reader is not left with a contradiction.
    let detail = if e.effect_claimed {
        format!(
            "{placebo}{}",
            crate::locale::pick(
                "; het effect valt op boven de ruis.",
                "; the effect stands out from the noise."
            )
        )
    } else if e.placebo_share_as_strong < 0.25 {
        format!(
            "{placebo}{}",
            crate::locale::pick(
                ", maar de verwachting zonder maatregel is te onzeker om een effect aan te tonen.",
                ", but the expectation without the measure is too uncertain to show an effect."
            )
        )
    } else {
        format!(
            "{placebo}{}",
            crate::locale::pick(
                "; het verschil valt dus niet op boven de ruis.",
                "; so the difference does not stand out from the noise."
            )
        )
    };
    // Against control areas, say which and how they were scaled, before the check.
    let (detail, comparison) = match (control, &e.control) {
        (Some(c), Some(used)) => (
            format!(
                "{} {detail}",
                crate::locale::pick(
                    "Vergeleken met {areas}, geschaald met factor {k} zodat ze vóór de maatregel even hoog lagen; wat beide trof, telt niet als effect.",
                    "Compared with {areas}, scaled by a factor {k} to the same level before the measure; what hit both does not count as an effect.",
                )
                .replace("{areas}", c.name)
                .replace("{k}", &crate::format_nl::number(used.scale, 3))
            ),
            used.scaled.clone(),
        ),
        _ => (detail, Vec::new()),
    };
    Ok(AnalyticsFigure {
        model: cf.model.clone(),
        projected_from: (cf.start - start).max(0) as usize,
        history,
        projected,
        sentence: e.sentence_nl.clone(),
        detail,
        value: e.cumulative.effect,
        comparison,
        comparison_name: control.map(|c| c.name.to_string()),
    })
}

//! `helder effect`: the effect of a policy measure on a monthly series, with the
//! counterfactual, the cumulative effect and the placebo dates.

use std::path::Path;

use anyhow::{Context, Result};
use helder_core::analytics::{policy_effect_with_control, Control, EffectOptions};
use helder_core::format_nl;

use crate::csv_series::parse_month;
use crate::series_input::{self, month_label};

pub struct Args<'a> {
    pub file: &'a Path,
    pub column: &'a str,
    pub date_column: Option<&'a str>,
    /// The first month with the measure, `YYYY-MM`.
    pub at: &'a str,
    /// A control column of the same file, summed per month.
    pub control: Option<&'a str>,
    pub json: bool,
}

pub fn run(args: &Args) -> Result<()> {
    let at = parse_month(args.at)
        .with_context(|| format!("--at `{}` is not a month like 2024-07", args.at))?;
    let (series, control) = match (
        args.control,
        args.control.and_then(series_input::Areas::parse),
    ) {
        // Areas in an Arrow file with one row per area: the control ones against the rest.
        (Some(text), Some(areas)) => {
            let (treated, control) =
                series_input::load_split(args.file, args.column, args.date_column, &areas)
                    .with_context(|| format!("reading the areas of --control `{text}`"))?;
            (treated, Some(control))
        }
        (Some(column), None) => (
            series_input::load(args.file, args.column, args.date_column)?,
            Some(
                series_input::load(args.file, column, args.date_column)
                    .with_context(|| format!("reading the control column --control `{column}`"))?,
            ),
        ),
        (None, _) => (
            series_input::load(args.file, args.column, args.date_column)?,
            None,
        ),
    };
    let r = policy_effect_with_control(
        &series.values,
        series.start,
        at,
        control.as_ref().map(|c| Control {
            values: &c.values,
            start_month: c.start,
        }),
        &EffectOptions::default(),
    )
    .context(match &control {
        Some(c) => format!("comparing {} with the control {}", series.label, c.label),
        None => format!("analysing {}", series.label),
    })?;
    if args.json {
        let value = serde_json::json!({
            "series": series.label,
            "history_start": month_label(series.start),
            "history": series.values,
            "control_used": control.is_some(),
            "control": control.as_ref().map(|c| serde_json::json!({
                "series": c.label,
                "history_start": month_label(c.start),
                "history": c.values,
            })),
            "effect": r,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let n = |v: f64, d: usize| format_nl::number(v, d);
    println!(
        "{}: maatregel per {}; tegenfeitelijk model {}",
        series.label,
        month_label(at),
        r.counterfactual.model
    );
    if let (Some(c), Some(used)) = (&control, &r.control) {
        println!(
            "Vergeleken met {} (geschaald met factor {} uit de maanden vóór de maatregel)",
            c.label,
            n(used.scale, 3)
        );
    }
    let its = &r.its;
    println!(
        "Gesegmenteerde regressie (Newey–West, lag {}): niveausprong {} (95%: {} tot {}), trendbreuk {} per maand (95%: {} tot {}); p gezamenlijk {}",
        its.hac_lag,
        n(its.level_change.value, 1),
        n(its.level_change.lower95, 1),
        n(its.level_change.upper95, 1),
        n(its.slope_change.value, 2),
        n(its.slope_change.lower95, 2),
        n(its.slope_change.upper95, 2),
        n(its.p_joint, 4)
    );
    for p in &r.placebos {
        println!(
            "  placebo {}: niveau {}, trend {}, p {}",
            month_label(p.month),
            n(p.level_change.value, 1),
            n(p.slope_change.value, 2),
            n(p.p_joint, 3)
        );
    }
    println!("{}", r.sentence_nl);
    Ok(())
}

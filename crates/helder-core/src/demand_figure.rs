//! What the care-demand widget shows: per area the users now, the expected users at each
//! horizon with their 80/95 % intervals and change, and in words how each number was
//! computed; the municipal total is the sum of the areas. Pure, so `helder view` and the
//! browser compute the very same table.

use serde::Serialize;

use crate::analytics::demand::{project_demand, DemandAt, DemandOptions, DemandProjection};
use crate::demand_data::{self, DemandData};
use crate::format_nl;
use crate::locale::{fill, pick};
use crate::spec::DemandSpec;
use crate::{CoreError, Table};

/// Default years ahead.
pub const DEFAULT_HORIZONS: [usize; 2] = [1, 5];

/// One horizon of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandCell {
    pub years_ahead: usize,
    pub expected: f64,
    pub lower80: f64,
    pub upper80: f64,
    pub lower95: f64,
    pub upper95: f64,
    /// Expected minus the users now.
    pub change: f64,
}

/// One area (or the municipal total) of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandRow {
    pub name: String,
    /// Users in the base year.
    pub current: f64,
    pub cells: Vec<DemandCell>,
    /// The relative level used (1 = the municipal rates), its raw value and the weight of the
    /// area's own data in it. The total row has 1, 1 and 1.
    pub relative: f64,
    pub raw_relative: f64,
    pub own_weight: f64,
    /// How the numbers of this row were computed, in one Dutch paragraph.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandFigure {
    pub base_year: i32,
    pub horizons: Vec<usize>,
    pub rows: Vec<DemandRow>,
    /// The municipality: the sum of the rows.
    pub total: DemandRow,
    pub level_factor: f64,
    pub rate_growth: f64,
    /// How the whole table was computed, for under the table.
    pub method: String,
    pub projection: DemandProjection,
}

/// Which column a table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandSort {
    Name,
    Current,
    /// Expected at horizon index `h`.
    Expected(usize),
    /// Change at horizon index `h`.
    Change(usize),
}

impl DemandFigure {
    /// The rows in the order of `by` (ascending unless `descending`); names break ties, so
    /// the order is the same in every browser.
    pub fn sorted(&self, by: DemandSort, descending: bool) -> Vec<&DemandRow> {
        let key = |r: &DemandRow| -> f64 {
            match by {
                DemandSort::Name => 0.0,
                DemandSort::Current => r.current,
                DemandSort::Expected(h) => r.cells.get(h).map_or(f64::NAN, |c| c.expected),
                DemandSort::Change(h) => r.cells.get(h).map_or(f64::NAN, |c| c.change),
            }
        };
        let mut rows: Vec<&DemandRow> = self.rows.iter().collect();
        crate::sort_order::sort_by(&mut rows, |a, b| {
            let order = key(a).total_cmp(&key(b)).then_with(|| a.name.cmp(&b.name));
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        rows
    }
}

/// Users as shown: whole numbers.
pub fn users_text(v: f64) -> String {
    format_nl::number(v, 0)
}

/// A change with its sign: `+12`, `-3`, `0`.
pub fn change_text(v: f64) -> String {
    let t = format_nl::number(v, 0);
    if t != "0" && !t.starts_with('-') {
        format!("+{t}")
    } else {
        t
    }
}

/// "5 jaar" ("5 years"), or the age band "0-3 jaar".
fn years_text(years: &str) -> String {
    let en = if years == "1" { "{} year" } else { "{} years" };
    fill(pick("{} jaar", en), &[years])
}

/// Net migration per band in the data's band order, from the spec's rates per band label;
/// a label the data does not have is an error (a typo would silently drop the assumption).
fn migration(spec: &DemandSpec, data: &DemandData) -> Result<Vec<f64>, CoreError> {
    if let Some(label) = spec.migration.keys().find(|l| !data.bands.contains(l)) {
        return Err(CoreError::Spec(format!(
            "demand `migration` names age band `{label}`, which the population data does not have; its bands are: {}",
            data.bands.join(", ")
        )));
    }
    if spec.migration.is_empty() {
        return Ok(Vec::new());
    }
    Ok(data
        .bands
        .iter()
        .map(|b| spec.migration.get(b).copied().unwrap_or(0.0))
        .collect())
}

/// The options a widget's spec gives, with the bands read from the data.
pub fn options(spec: &DemandSpec, data: &DemandData) -> Result<DemandOptions, CoreError> {
    let d = DemandOptions::default();
    Ok(DemandOptions {
        band_years: data.band_years.clone(),
        birth_rate: spec.birth_rate.unwrap_or(d.birth_rate),
        mortality_last_band: spec.mortality_last_band.unwrap_or(d.mortality_last_band),
        migration: migration(spec, data)?,
        horizons: {
            let mut h = spec
                .horizons
                .clone()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| DEFAULT_HORIZONS.to_vec());
            crate::sort_order::sort_by(&mut h, Ord::cmp);
            h.dedup();
            h
        },
        level_factor: data.level_factor,
        rate_growth: spec.rate_growth.unwrap_or(d.rate_growth),
    })
}

/// The widget's figure from its population and care tables, projected from the last
/// complete year of use.
pub fn demand_figure(
    spec: &DemandSpec,
    population: &Table,
    care: &Table,
) -> Result<DemandFigure, CoreError> {
    let cols = spec.columns();
    let base_year = demand_data::latest_base_year(population, care, &cols)?;
    let data = demand_data::read(population, care, &cols, base_year)?;
    let opts = options(spec, &data)?;
    if opts.horizons.iter().any(|h| *h == 0 || *h > 30) {
        return Err(CoreError::Spec(format!(
            "demand horizons {:?} must be 1 to 30 years",
            opts.horizons
        )));
    }
    let p = project_demand(&data.buurten, &opts)?;
    Ok(figure(&data, &opts, p))
}

fn cells(current: f64, at: &[DemandAt]) -> Vec<DemandCell> {
    at.iter()
        .map(|h| DemandCell {
            years_ahead: h.years_ahead,
            expected: h.expected,
            lower80: h.lower80,
            upper80: h.upper80,
            lower95: h.lower95,
            upper95: h.upper95,
            change: h.expected - current,
        })
        .collect()
}

/// Shapes a projection into the widget's rows and texts.
pub fn figure(data: &DemandData, opts: &DemandOptions, p: DemandProjection) -> DemandFigure {
    let base = data.base_year;
    let level = format_nl::number(opts.level_factor, 2);
    let rows: Vec<DemandRow> = p
        .buurten
        .iter()
        .map(|b| {
            let weight = format_nl::percent(b.own_weight, 0);
            let rest = format_nl::percent(1.0 - b.own_weight, 0);
            let own = if b.expected_now > 0.0 {
                fill(
                    pick(
                        "In {} had {} {} gebruikers, waar de gemeentelijke cijfers per leeftijdsklasse {} geven: eigen niveau {}. ",
                        "In {} {} had {} users, where the municipal rates per age band give {}: own level {}. ",
                    ),
                    &[
                        &base.to_string(),
                        &b.name,
                        &users_text(b.current),
                        &format_nl::number(b.expected_now, 1),
                        &format_nl::number(b.raw_relative, 2),
                    ],
                )
            } else {
                fill(
                    pick(
                        "{} heeft geen inwoners in de leeftijden van de gebruikers. ",
                        "{} has no inhabitants of the users' ages. ",
                    ),
                    &[&b.name],
                )
            };
            let shrunk = if p.prior_users.is_some() {
                fill(
                    pick(
                        "Gebruikt niveau {} (eigen gegevens wegen {}, het gemeentelijke niveau {}). ",
                        "Level used {} (own data weigh {}, the municipal level {}). ",
                    ),
                    &[&format_nl::number(b.relative, 2), &weight, &rest],
                )
            } else {
                pick(
                    "De buurten verschillen niet meer dan toeval: gebruikt niveau 1 (gemeente). ",
                    "The areas differ no more than chance: level used 1 (municipality). ",
                )
                .into()
            };
            let each: Vec<String> = b
                .horizons
                .iter()
                .map(|h| {
                    fill(
                        pick("over {}: {} (80 %: {}–{})", "in {}: {} (80 %: {}–{})"),
                        &[
                            &years_text(&h.years_ahead.to_string()),
                            &users_text(h.expected),
                            &users_text(h.lower80),
                            &users_text(h.upper80),
                        ],
                    )
                })
                .collect();
            DemandRow {
                name: b.name.clone(),
                current: b.current,
                cells: cells(b.current, &b.horizons),
                relative: b.relative,
                raw_relative: b.raw_relative,
                own_weight: b.own_weight,
                explanation: own + &shrunk
                    + &fill(
                        pick(
                            "Verwacht = inwoners per leeftijdsklasse (vooruitgerekend) × gemeentelijk gebruik per klasse × niveau {} × niveaucorrectie {}: {}.",
                            "Expected = inhabitants per age band (projected) × municipal use per band × level {} × level correction {}: {}.",
                        ),
                        &[&format_nl::number(b.relative, 2), &level, &each.join("; ")],
                    ),
            }
        })
        .collect();
    let current: f64 = rows.iter().map(|r| r.current).sum();
    let total = DemandRow {
        name: pick(
            "Gemeente (som van de buurten)",
            "Municipality (sum of the areas)",
        )
        .into(),
        current,
        cells: cells(current, &p.total),
        relative: 1.0,
        raw_relative: 1.0,
        own_weight: 1.0,
        explanation: fill(
            pick(
                "De som van de {} buurten; het interval neemt de buurten als onafhankelijk.",
                "The sum of the {} areas; the interval takes the areas as independent.",
            ),
            &[&rows.len().to_string()],
        ),
    };
    let growth = if opts.rate_growth != 0.0 {
        fill(
            pick(
                " Daarbovenop groeit het gebruik met {} per jaar (aanname).",
                " On top of that, use grows by {} a year (assumption).",
            ),
            &[&format_nl::percent(opts.rate_growth, 1)],
        )
    } else {
        String::new()
    };
    let moves: Vec<String> = data
        .bands
        .iter()
        .zip(&opts.migration)
        .filter(|(_, m)| **m != 0.0)
        .map(|(b, m)| {
            let sign = if *m > 0.0 { "+" } else { "" };
            format!("{} {sign}{}", years_text(b), format_nl::percent(*m, 1))
        })
        .collect();
    let migration = if moves.is_empty() {
        String::new()
    } else {
        fill(
            pick(
                " Saldo verhuizingen per jaar (aanname): {}.",
                " Net migration per year (assumption): {}.",
            ),
            &[&moves.join(", ")],
        )
    };
    let method = pick(
        "Basisjaar {base}: gebruikers in {base} en inwoners op 1 januari {base}. De bevolking per leeftijdsklasse schuift elk jaar door (geboorten {births} van de inwoners, sterfte in de oudste klasse {deaths}).{migration} Per buurt is het gebruik het gemeentelijke gebruik per leeftijdsklasse maal het eigen niveau van de buurt; kleine buurten lenen daarbij van het gemeentelijke niveau. Niveaucorrectie {level}: het aantal gebruikers per maand aan het eind van {base} ten opzichte van het jaargemiddelde.{growth} Intervallen: toeval (Poisson) plus de onzekerheid van het buurtniveau. De filters van de pagina werken niet op deze tabel.",
        "Base year {base}: users in {base} and inhabitants on 1 January {base}. The population per age band moves on each year (births {births} of the inhabitants, deaths in the oldest band {deaths}).{migration} Per area, use is the municipal use per age band times the area's own level; small areas borrow from the municipal level. Level correction {level}: the users per month at the end of {base} against the year's average.{growth} Intervals: chance (Poisson) plus the uncertainty of the area's level. The page's filters do not apply to this table.",
    )
    .replace("{base}", &base.to_string())
    .replace("{births}", &format_nl::percent(opts.birth_rate, 2))
    .replace("{deaths}", &format_nl::percent(opts.mortality_last_band, 1))
    .replace("{level}", &level)
    .replace("{migration}", &migration)
    .replace("{growth}", &growth);
    DemandFigure {
        base_year: base,
        horizons: opts.horizons.clone(),
        rows,
        total,
        level_factor: opts.level_factor,
        rate_growth: opts.rate_growth,
        method,
        projection: p,
    }
}

//! Citizen reports (meldingen openbare ruimte): one row per report with category, place,
//! received and closed time (Europe/Amsterdam) and the handling-time norm in days.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Poisson};

use helder_core::tz;

use super::columns::BatchBuilder;
use super::geography::Geography;
use super::period::Period;
use super::sample::pick;
use super::Dataset;

/// Category, share of reports, norm in days, median handling time as a share of the norm.
const CATEGORIES: [(&str, f64, i16, f64); 8] = [
    ("Afval", 0.26, 3, 0.55),
    ("Openbare verlichting", 0.10, 10, 0.6),
    ("Bestrating", 0.14, 15, 0.7),
    ("Groen", 0.15, 20, 0.6),
    ("Overlast", 0.12, 5, 0.75),
    ("Verkeer", 0.08, 10, 0.65),
    ("Riolering", 0.07, 7, 0.5),
    ("Speelvoorzieningen", 0.08, 15, 0.6),
];

/// Reports on an average weekday in the first year.
const BASE_PER_DAY: f64 = 26.0;

pub fn generate(rng: &mut ChaCha8Rng, geo: &Geography, period: &Period) -> anyhow::Result<Dataset> {
    let weights: Vec<f64> = geo
        .buurten
        .iter()
        .map(|b| b.population * (0.6 + 0.4 * b.deprivation))
        .collect();
    let shares: Vec<f64> = CATEGORIES.iter().map(|c| c.1).collect();
    let first_day = period.month_start(0);
    let end_of_data = (i64::from(period.as_of) + 1) * 86_400_000;
    let (mut categorie, mut wijk, mut buurt, mut ontvangen, mut afgehandeld, mut norm) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    // Derived for dashboards: handling time in days and whether it met the norm (both empty
    // while a report is open, so an open report never counts as handled in 0 days).
    let (mut doorlooptijd, mut op_tijd) = (vec![], vec![]);
    for day in first_day..=period.as_of {
        let years = f64::from(day - first_day) / 365.25;
        let weekday = (day + 3).rem_euclid(7); // Monday = 0
        let weekday_factor = if weekday >= 5 { 0.55 } else { 1.1 };
        let month = helder_core::date::month_parts(helder_core::date::month_index(day)).1;
        let summer = if (5..=9).contains(&month) { 1.2 } else { 0.9 };
        let lambda = BASE_PER_DAY * weekday_factor * summer * (1.0 + 0.05 * years);
        for _ in 0..Poisson::new(lambda)?.sample(rng) as usize {
            let c = pick(rng, &shares);
            let (_, _, norm_days, median_share) = CATEGORIES[c];
            let b = pick(rng, &weights);
            // Reports come in between 07:00 and 23:00 local time.
            let local_seconds = i64::from(day) * 86_400 + rng.random_range(7 * 3600..23 * 3600);
            let received = tz::amsterdam_local_to_utc(local_seconds) * 1000;
            // Handling slows down somewhat over the years and in the summer holidays.
            let backlog = (1.0 + 0.06 * years) * if (7..=8).contains(&month) { 1.25 } else { 1.0 };
            let median_days = f64::from(norm_days) * median_share * backlog;
            let days = LogNormal::new(median_days.ln(), 0.7)?.sample(rng);
            let closed = received + (days * 86_400_000.0) as i64;
            categorie.push(c as i32);
            buurt.push(b as i32);
            wijk.push(geo.buurten[b].wijk as i32);
            ontvangen.push(Some(received));
            let done = closed < end_of_data;
            afgehandeld.push(done.then_some(closed));
            norm.push(norm_days);
            let handled_days = ((closed - received) as f64 / 86_400_000.0 * 10.0).round() / 10.0;
            doorlooptijd.push(done.then_some(handled_days));
            op_tijd.push(done.then_some(i8::from(handled_days <= f64::from(norm_days))));
        }
    }
    let names: Vec<&str> = CATEGORIES.iter().map(|c| c.0).collect();
    let rows = categorie.len();
    let batch = BatchBuilder::default()
        .dict("categorie", categorie, &names)?
        .dict("wijk", wijk, &geo.wijken)?
        .dict("buurt", buurt, &geo.buurt_names())?
        .timestamp_ms("ontvangen", ontvangen)
        .timestamp_ms("afgehandeld", afgehandeld)
        .i16("norm_dagen", norm)
        .f64_opt("doorlooptijd_dagen", doorlooptijd)
        .i8_opt("op_tijd", op_tijd)
        .finish()?;
    Ok(Dataset {
        name: "meldingen",
        title: "Meldingen openbare ruimte",
        description: format!(
            "Eén rij per melding ({rows} rijen); afgehandeld, doorlooptijd_dagen en op_tijd (1 = binnen de norm) zijn leeg voor meldingen die nog openstaan."
        ),
        record_level: true,
        batch,
    })
}

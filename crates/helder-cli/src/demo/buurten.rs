//! The neighbourhood profile: population per buurt by age band on 1 January of each year,
//! and the use of municipal facilities per buurt per year.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::columns::BatchBuilder;
use super::geography::Geography;
use super::period::Period;
use super::Dataset;

/// Age band and its share of the population in an average buurt.
const AGE_BANDS: [(&str, f64); 6] = [
    ("0-3", 0.042),
    ("4-11", 0.085),
    ("12-17", 0.063),
    ("18-26", 0.118),
    ("27-66", 0.522),
    ("67+", 0.170),
];

/// Facility and the share of inhabitants using it.
const FACILITIES: [(&str, f64); 4] = [
    ("Bibliotheek", 0.21),
    ("Sportvereniging", 0.27),
    ("Buurthuis", 0.07),
    ("Peuteropvang", 0.018),
];

pub fn generate(
    rng: &mut ChaCha8Rng,
    geo: &Geography,
    period: &Period,
) -> anyhow::Result<(Dataset, Dataset)> {
    let years = period.months().div_ceil(12);
    let (first_year, _) = helder_core::date::month_parts(period.first);
    let (mut jaar, mut wijk, mut buurt, mut band, mut inwoners) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut f_jaar, mut f_wijk, mut f_buurt, mut f_kind, mut f_users) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (b, info) in geo.buurten.iter().enumerate() {
        for y in 0..years {
            let population = geo.population_at(b, y * 12);
            // Young buurten have more children and fewer elderly; shares are renormalised.
            let raw: Vec<f64> = AGE_BANDS
                .iter()
                .enumerate()
                .map(|(i, (_, share))| {
                    let tilt = match i {
                        0..=2 => info.youth,
                        5 => 2.0 - info.youth,
                        _ => 1.0,
                    };
                    share * tilt.max(0.3) * rng.random_range(0.95..1.05)
                })
                .collect();
            let total: f64 = raw.iter().sum();
            for (i, share) in raw.iter().enumerate() {
                jaar.push((first_year + y as i32) as i16);
                wijk.push(info.wijk as i32);
                buurt.push(b as i32);
                band.push(i as i32);
                inwoners.push((population * share / total).round() as i32);
            }
            for (k, (_, usage)) in FACILITIES.iter().enumerate() {
                let reach = if k == 2 {
                    info.deprivation
                } else {
                    1.0 / info.deprivation.sqrt()
                };
                f_jaar.push((first_year + y as i32) as i16);
                f_wijk.push(info.wijk as i32);
                f_buurt.push(b as i32);
                f_kind.push(k as i32);
                f_users
                    .push((population * usage * reach * rng.random_range(0.9..1.1)).round() as i32);
            }
        }
    }
    let band_names: Vec<&str> = AGE_BANDS.iter().map(|a| a.0).collect();
    let facility_names: Vec<&str> = FACILITIES.iter().map(|f| f.0).collect();
    let population = BatchBuilder::default()
        .i16("jaar", jaar)
        .dict("wijk", wijk, &geo.wijken)?
        .dict("buurt", buurt, &geo.buurt_names())?
        .dict("leeftijdsklasse", band, &band_names)?
        .i32("inwoners", inwoners)
        .finish()?;
    let facilities = BatchBuilder::default()
        .i16("jaar", f_jaar)
        .dict("wijk", f_wijk, &geo.wijken)?
        .dict("buurt", f_buurt, &geo.buurt_names())?
        .dict("voorziening", f_kind, &facility_names)?
        .i32("gebruikers", f_users)
        .finish()?;
    Ok((
        Dataset {
            name: "bevolking",
            title: "Bevolking per buurt en leeftijdsklasse",
            description: "Inwoners op 1 januari per buurt per leeftijdsklasse.".into(),
            record_level: false,
            batch: population,
        },
        Dataset {
            name: "voorzieningen",
            title: "Gebruik van voorzieningen per buurt",
            description: "Unieke gebruikers per voorziening per buurt per jaar.".into(),
            record_level: false,
            batch: facilities,
        },
    ))
}

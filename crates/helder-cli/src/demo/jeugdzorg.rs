//! Youth-care trajectories at record level (one row per client per product per month, with
//! a pseudonymous client id) and the budget per product category per year.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Poisson};

use super::columns::BatchBuilder;
use super::geography::Geography;
use super::period::{season, Period};
use super::sample::pick;
use super::Dataset;

struct Product {
    name: &'static str,
    /// Share of new trajectories.
    share: f64,
    /// Mean cost per full month in euros.
    tariff: f64,
    /// Mean duration in months.
    months: f64,
    ages: (i8, i8),
}

const PRODUCTS: [Product; 12] = [
    Product {
        name: "Ambulante jeugdhulp individueel",
        share: 0.24,
        tariff: 1530.0,
        months: 6.0,
        ages: (0, 17),
    },
    Product {
        name: "Jeugd-GGZ specialistisch",
        share: 0.16,
        tariff: 2430.0,
        months: 8.0,
        ages: (4, 17),
    },
    Product {
        name: "Jeugd-GGZ basis",
        share: 0.15,
        tariff: 756.0,
        months: 4.0,
        ages: (4, 17),
    },
    Product {
        name: "Dyslexiezorg",
        share: 0.08,
        tariff: 1008.0,
        months: 12.0,
        ages: (7, 12),
    },
    Product {
        name: "Ambulante jeugdhulp groep",
        share: 0.08,
        tariff: 1152.0,
        months: 6.0,
        ages: (4, 17),
    },
    Product {
        name: "Jeugdbescherming",
        share: 0.07,
        tariff: 2070.0,
        months: 14.0,
        ages: (0, 17),
    },
    Product {
        name: "Dagbehandeling",
        share: 0.06,
        tariff: 4140.0,
        months: 10.0,
        ages: (2, 12),
    },
    Product {
        name: "Verblijf pleegzorg",
        share: 0.05,
        tariff: 3150.0,
        months: 24.0,
        ages: (0, 17),
    },
    Product {
        name: "Jeugdreclassering",
        share: 0.04,
        tariff: 1764.0,
        months: 9.0,
        ages: (12, 17),
    },
    Product {
        name: "Logeeropvang",
        share: 0.03,
        tariff: 2520.0,
        months: 12.0,
        ages: (4, 17),
    },
    Product {
        name: "Verblijf gezinshuis",
        share: 0.02,
        tariff: 9360.0,
        months: 30.0,
        ages: (4, 17),
    },
    Product {
        name: "Crisisopvang",
        share: 0.02,
        tariff: 10980.0,
        months: 2.0,
        ages: (12, 17),
    },
];

const PROVIDERS: [&str; 24] = [
    "Stichting Kompas Jeugd",
    "Horizon Jeugdzorg",
    "De Rading",
    "Karakter Kinderpsychiatrie",
    "Altra Jeugdhulp",
    "Lijn5",
    "Youké",
    "Timon",
    "Accare",
    "Leger des Heils Jeugd",
    "Jeugdbescherming Regio",
    "Pleegzorg Midden",
    "Dyslexiecentrum Voorbeeld",
    "Praktijk De Brug",
    "Kinderpraktijk Zonnestraal",
    "Het Gezinshuis",
    "Zorgboerderij De Hoeve",
    "Jeugd-GGZ Noord",
    "Psychologenpraktijk Linde",
    "Buurtteam Jeugd",
    "Cardea",
    "Entrea",
    "Triade",
    "Yorneo",
];

const SEXES: [&str; 3] = ["m", "v", "x"];

/// New trajectories in an average month of the first year.
const BASE_STARTS: f64 = 170.0;

struct Trajectory {
    client: u32,
    product: usize,
    provider: usize,
    buurt: usize,
    age: i8,
    sex: usize,
    tariff: f64,
    months_left: u32,
}

pub fn generate(
    rng: &mut ChaCha8Rng,
    geo: &Geography,
    period: &Period,
) -> anyhow::Result<(Dataset, Dataset)> {
    let weights: Vec<f64> = geo
        .buurten
        .iter()
        .map(|b| b.population * b.deprivation.powf(1.3) * b.youth)
        .collect();
    let provider_weights: Vec<f64> = (0..PROVIDERS.len())
        .map(|k| 1.0 / (k as f64 + 1.0).powf(1.1))
        .collect();
    let product_weights: Vec<f64> = PRODUCTS.iter().map(|p| p.share).collect();

    let mut active: Vec<Trajectory> = Vec::new();
    let mut next_client = 0u32;
    let (mut maand, mut wijk, mut buurt, mut product, mut aanbieder) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut leeftijd, mut geslacht, mut kosten, mut client) = (vec![], vec![], vec![], vec![]);
    let mut client_ids: Vec<String> = Vec::new();
    // Spending per product per calendar year, for the budget.
    let mut per_year: std::collections::BTreeMap<(i32, usize), f64> = Default::default();

    for m in 0..period.months() {
        let trend = 1.0 + 0.045 * period.years_in(m);
        let lambda = BASE_STARTS * trend * season(period.calendar_month(m));
        let starts = Poisson::new(lambda)?.sample(rng) as usize;
        for _ in 0..starts {
            let p = pick(rng, &product_weights);
            let prod = &PRODUCTS[p];
            // Some children get a second product: reuse an active client's id.
            let reuse = !active.is_empty() && rng.random_bool(0.15);
            let (client_no, b, age, sex) = if reuse {
                let other = &active[rng.random_range(0..active.len())];
                (
                    other.client,
                    other.buurt,
                    other.age.clamp(prod.ages.0, prod.ages.1),
                    other.sex,
                )
            } else {
                next_client += 1;
                client_ids.push(pseudonym(next_client));
                (
                    next_client - 1,
                    pick(rng, &weights),
                    rng.random_range(prod.ages.0..=prod.ages.1),
                    pick(rng, &[0.52, 0.46, 0.02]),
                )
            };
            let mean_months = prod.months;
            let months_left = 1
                + (-(1.0 - rng.random::<f64>()).ln() * (mean_months - 1.0).max(0.5)).floor() as u32;
            let tariff = LogNormal::new((prod.tariff).ln() - 0.06, 0.35)?.sample(rng);
            active.push(Trajectory {
                client: client_no,
                product: p,
                provider: pick(rng, &provider_weights),
                buurt: b,
                age,
                sex,
                tariff,
                months_left,
            });
        }
        let start = period.month_start(m);
        let (year, _) = helder_core::date::month_parts(period.month(m));
        for t in active.iter_mut() {
            let cost = (t.tariff * rng.random_range(0.85..1.15) * 100.0).round() / 100.0;
            maand.push(start);
            buurt.push(t.buurt as i32);
            wijk.push(geo.buurten[t.buurt].wijk as i32);
            product.push(t.product as i32);
            aanbieder.push(t.provider as i32);
            leeftijd.push(t.age);
            geslacht.push(t.sex as i32);
            kosten.push(cost);
            client.push(t.client as i32);
            *per_year.entry((year, t.product)).or_default() += cost;
            t.months_left -= 1;
        }
        active.retain(|t| t.months_left > 0);
    }

    let product_names: Vec<&str> = PRODUCTS.iter().map(|p| p.name).collect();
    let client_refs: Vec<&str> = client_ids.iter().map(String::as_str).collect();
    let rows = maand.len();
    let batch = BatchBuilder::default()
        .date("maand", maand)
        .dict("client", client, &client_refs)?
        .dict("wijk", wijk, &geo.wijken)?
        .dict("buurt", buurt, &geo.buurt_names())?
        .dict("product", product, &product_names)?
        .dict("aanbieder", aanbieder, &PROVIDERS)?
        .i8("leeftijd", leeftijd)
        .dict("geslacht", geslacht, &SEXES)?
        .f64("kosten", kosten)
        .finish()?;
    let trajectories = Dataset {
        name: "jeugdzorg",
        title: "Jeugdzorgtrajecten per maand",
        description: format!(
            "Eén rij per cliënt per product per maand ({rows} rijen), met gepseudonimiseerd cliëntnummer; kosten in euro."
        ),
        record_level: true,
        batch,
    };

    let budget = budget(rng, period, &per_year)?;
    Ok((trajectories, budget))
}

/// The budget per product per year: last year's realisation grown a little, so that
/// some categories overspend and some stay within budget, as in real municipalities.
fn budget(
    rng: &mut ChaCha8Rng,
    period: &Period,
    per_year: &std::collections::BTreeMap<(i32, usize), f64>,
) -> anyhow::Result<Dataset> {
    let (first_year, _) = helder_core::date::month_parts(period.first);
    let (last_year, last_month) = helder_core::date::month_parts(period.last);
    let (mut jaar, mut product, mut bedrag) = (vec![], vec![], vec![]);
    for year in first_year..=last_year {
        for (p, _) in PRODUCTS.iter().enumerate() {
            let actual = per_year.get(&(year, p)).copied().unwrap_or(0.0);
            // The current year is partial: extrapolate it to a full year first.
            let full_year = if year == last_year {
                actual * 12.0 / f64::from(last_month)
            } else {
                actual
            };
            let factor = rng.random_range(0.90..1.06);
            jaar.push(year as i16);
            product.push(p as i32);
            bedrag.push((full_year * factor / 1000.0).round() * 1000.0);
        }
    }
    let product_names: Vec<&str> = PRODUCTS.iter().map(|p| p.name).collect();
    let batch = BatchBuilder::default()
        .i16("jaar", jaar)
        .dict("product", product, &product_names)?
        .f64("budget", bedrag)
        .finish()?;
    Ok(Dataset {
        name: "jeugdzorg_budget",
        title: "Begroting jeugdzorg per productcategorie",
        description: "Vastgestelde begroting per jaar per productcategorie, in euro.".into(),
        record_level: false,
        batch,
    })
}

/// A pseudonymous client id: a bijective scramble of the sequence number, so ids are
/// unique but reveal nothing about order or person.
fn pseudonym(n: u32) -> String {
    let x = n.wrapping_mul(0x9E37_79B1).rotate_left(13) ^ 0x5bd1_e995;
    format!("P{x:08X}")
}

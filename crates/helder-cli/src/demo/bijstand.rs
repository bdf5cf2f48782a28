//! Welfare benefits (bijstand) per buurt per month, with a policy measure at a known date
//! that lowers the level and bends the trend, for the counterfactual analysis.

use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};

use super::columns::BatchBuilder;
use super::geography::Geography;
use super::period::Period;
use super::Dataset;

/// The measure starts in this month of the demo period's fourth year (July).
pub const MEASURE_NAME: &str = "Werk Voorop";

/// Month offset of the measure from the start of the period: July of the third year.
pub fn measure_month(period: &Period) -> usize {
    (30usize).min(period.months().saturating_sub(1))
}

pub fn generate(rng: &mut ChaCha8Rng, geo: &Geography, period: &Period) -> anyhow::Result<Dataset> {
    let start = measure_month(period);
    let (mut maand, mut wijk, mut buurt, mut uitkeringen, mut instroom, mut uitstroom) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    // Inhabitants per buurt per month, so benefits can be shown per 1.000 inhabitants.
    let mut inwoners = vec![];
    for (b, info) in geo.buurten.iter().enumerate() {
        let base_rate = 0.011 * info.deprivation.powf(1.6);
        for m in 0..period.months() {
            let years = period.years_in(m);
            let mut rate = base_rate * (1.0 + 0.018 * years);
            if m >= start {
                // The measure: an immediate 4 % drop, then 3 % a year fewer than the trend.
                let after = (m - start) as f64 / 12.0;
                rate *= 0.96 * (1.0 - 0.03 * after);
            }
            let population = geo.population_at(b, m);
            let expected = population * rate;
            inwoners.push(population.round() as i32);
            let count = Poisson::new(expected.max(0.1))?.sample(rng) as i32;
            maand.push(period.month_start(m));
            buurt.push(b as i32);
            wijk.push(info.wijk as i32);
            uitkeringen.push(count);
            instroom.push(Poisson::new((expected * 0.025).max(0.05))?.sample(rng) as i32);
            uitstroom.push(Poisson::new((expected * 0.024).max(0.05))?.sample(rng) as i32);
        }
    }
    let (y, mo) = helder_core::date::month_parts(period.month(start));
    let batch = BatchBuilder::default()
        .date("maand", maand)
        .dict("wijk", wijk, &geo.wijken)?
        .dict("buurt", buurt, &geo.buurt_names())?
        .i32("uitkeringen", uitkeringen)
        .i32("instroom", instroom)
        .i32("uitstroom", uitstroom)
        .i32("inwoners", inwoners)
        .finish()?;
    Ok(Dataset {
        name: "bijstand",
        title: "Bijstandsuitkeringen per buurt",
        description: format!(
            "Lopende uitkeringen, instroom, uitstroom en inwoners per buurt per maand. Maatregel '{MEASURE_NAME}' per 1 {} {y}.",
            helder_core::date::month_name_nl(mo)
        ),
        record_level: false,
        batch,
    })
}

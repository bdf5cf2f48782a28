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

/// "Werk Voorop" was a pilot: these wijken did not get it, so the effect widget compares
/// the other wijken with them (a comparative interrupted time series). The demo spec lists
/// the same wijken in the widget's `control` (a test keeps the two equal).
pub const CONTROL_WIJKEN: [&str; 7] = [
    "Zuidwest",
    "Overvaart",
    "Molenwijk",
    "Hoogland",
    "Vleuterveld",
    "Tuindorp",
    "Lindenhof",
];

/// Months after the measure when a large employer closes: more benefits in every wijk, a
/// common shock that an analysis without the control areas mistakes for the measure.
const SHOCK_AFTER: usize = 8;

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
        let pilot = !CONTROL_WIJKEN.contains(&geo.wijken[info.wijk]);
        for m in 0..period.months() {
            let years = period.years_in(m);
            let mut rate = base_rate * (1.0 + 0.018 * years);
            if m >= start && pilot {
                // The measure: an immediate 6 % drop, then 3 % a year fewer than the trend.
                let after = (m - start) as f64 / 12.0;
                rate *= 0.94 * (1.0 - 0.03 * after);
            }
            if m >= start + SHOCK_AFTER {
                rate *= 1.05;
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
            "Lopende uitkeringen, instroom, uitstroom en inwoners per buurt per maand. Maatregel '{MEASURE_NAME}' per 1 {} {y}, als proef in alle wijken behalve {}.",
            helder_core::date::month_name_nl(mo),
            CONTROL_WIJKEN.join(", ")
        ),
        record_level: false,
        batch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_compares_with_the_wijken_without_the_pilot() {
        let spec = helder_core::spec::Spec::parse(&super::super::dashboard_spec(20_000))
            .expect("demo spec parses");
        let control = spec
            .page("bijstand")
            .and_then(|p| p.widgets.iter().find(|w| w.control.is_some()))
            .and_then(|w| w.control.clone())
            .expect("the effect widget has control wijken");
        assert_eq!(control.value_list(), CONTROL_WIJKEN.map(String::from));
        let geo_wijken = super::super::geography::wijk_count();
        assert!(CONTROL_WIJKEN.len() < geo_wijken);
    }
}

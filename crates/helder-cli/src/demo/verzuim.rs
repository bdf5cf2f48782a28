//! Sick leave (verzuim) of the municipal organisation per department per month.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal, Poisson};

use super::columns::BatchBuilder;
use super::period::Period;
use super::Dataset;

/// Department, FTE, usual sick-leave percentage, norm percentage.
const DEPARTMENTS: [(&str, f64, f64, f64); 8] = [
    ("Publiekszaken", 62.0, 5.6, 5.0),
    ("Sociaal Domein", 184.0, 6.8, 6.0),
    ("Openbare Ruimte", 141.0, 7.4, 6.5),
    ("Bedrijfsvoering", 118.0, 4.6, 4.5),
    ("Ruimtelijke Ontwikkeling", 77.0, 4.1, 4.5),
    ("Dienstverlening", 95.0, 5.9, 5.5),
    ("Handhaving", 48.0, 7.9, 6.5),
    ("Griffie en Bestuur", 21.0, 3.2, 4.0),
];

/// Winter flu peaks, summer dips.
const SICK_SEASON: [f64; 12] = [
    1.25, 1.22, 1.1, 0.98, 0.9, 0.86, 0.8, 0.82, 0.92, 1.0, 1.08, 1.12,
];

pub fn generate(rng: &mut ChaCha8Rng, period: &Period) -> anyhow::Result<Dataset> {
    let (
        mut maand,
        mut afdeling,
        mut fte_col,
        mut beschikbaar,
        mut verzuim,
        mut meldingen,
        mut norm,
    ) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let noise = Normal::new(0.0, 0.07)?;
    for (d, (_, fte, pct, norm_pct)) in DEPARTMENTS.iter().enumerate() {
        let mut level = *pct;
        for m in 0..period.months() {
            // Sick leave drifts slowly (a random walk around the department's usual level).
            level = (level + rng.random_range(-0.15..0.15) + 0.05 * (pct - level)).max(1.0);
            let season = SICK_SEASON[(period.calendar_month(m) - 1) as usize];
            let size = fte * (1.0 + 0.01 * period.years_in(m));
            let workdays = f64::from(period.days_in_month(m)) * 5.0 / 7.0;
            let available = (size * workdays * 10.0).round() / 10.0;
            let share = (level * season * (1.0 + noise.sample(rng))).max(0.5) / 100.0;
            maand.push(period.month_start(m));
            afdeling.push(d as i32);
            fte_col.push((size * 10.0).round() / 10.0);
            beschikbaar.push(available);
            verzuim.push((available * share * 10.0).round() / 10.0);
            meldingen.push(Poisson::new(size * 0.09 * season)?.sample(rng) as i32);
            norm.push(*norm_pct);
        }
    }
    let names: Vec<&str> = DEPARTMENTS.iter().map(|d| d.0).collect();
    let batch = BatchBuilder::default()
        .date("maand", maand)
        .dict("afdeling", afdeling, &names)?
        .f64("fte", fte_col)
        .f64("beschikbare_dagen", beschikbaar)
        .f64("verzuimdagen", verzuim)
        .i32("ziekmeldingen", meldingen)
        .f64("norm_pct", norm)
        .finish()?;
    Ok(Dataset {
        name: "verzuim",
        title: "Ziekteverzuim per afdeling",
        description: "Verzuimdagen en beschikbare dagen per afdeling per maand; verzuimpercentage = verzuimdagen / beschikbare dagen.".into(),
        record_level: false,
        batch,
    })
}

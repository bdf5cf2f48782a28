//! `helder demo`: the fictional "Gemeente Voorbeeld" with youth care, citizen reports,
//! sick leave, welfare benefits and a neighbourhood profile, generated deterministically
//! (same as-of date → byte-identical files).

mod bijstand;
mod boundaries;
mod buurten;
mod columns;
mod geography;
mod jeugdzorg;
mod meldingen;
mod period;
mod sample;
mod verzuim;

use arrow_array::RecordBatch;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use geography::GEMEENTE;
use period::Period;

/// The demo's five dashboard pages, written next to the data as `dashboard.toml`.
const DASHBOARD_SPEC: &str = include_str!("dashboard.toml");

/// The demo spec for data ending at `as_of`, with the welfare measure's start date in it.
pub fn dashboard_spec(as_of: i32) -> String {
    let period = Period::ending(as_of);
    let month = period.month(bijstand::measure_month(&period));
    let (y, m) = helder_core::date::month_parts(month);
    let start = helder_core::date::from_ymd(y, m, 1).unwrap_or(as_of);
    DASHBOARD_SPEC
        .replace(
            "{measure_date_nl}",
            &helder_core::date::format_long_nl(start),
        )
        .replace("{measure_date_en}", &{
            // The English translation names the date in English, whatever this thread writes.
            let before = helder_core::locale::current();
            helder_core::locale::set(helder_core::locale::Lang::En);
            let text = helder_core::date::format_long_nl(start);
            helder_core::locale::set(before);
            text
        })
        .replace("{measure_date}", &helder_core::date::format_iso(start))
        .replace(
            "{pilot_count}",
            &(geography::wijk_count() - bijstand::CONTROL_WIJKEN.len()).to_string(),
        )
        .replace("{wijk_count}", &geography::wijk_count().to_string())
}

/// The seed of the demo municipality; changing it changes every demo figure.
const SEED: u64 = 20_261_022;

/// One generated dataset, before it is written.
pub struct Dataset {
    pub name: &'static str,
    pub title: &'static str,
    pub description: String,
    pub record_level: bool,
    pub batch: RecordBatch,
}

/// Generates every demo dataset covering the years up to the month of `as_of` (day number).
pub fn generate(as_of: i32) -> anyhow::Result<Vec<Dataset>> {
    let period = Period::ending(as_of);
    // Each dataset draws from its own stream, so changing one leaves the others as they are.
    let rng = |stream: u64| {
        let mut r = ChaCha8Rng::seed_from_u64(SEED);
        r.set_stream(stream);
        r
    };
    let geo = geography::Geography::generate(&mut rng(0));
    let (trajectories, budget) = jeugdzorg::generate(&mut rng(1), &geo, &period)?;
    let reports = meldingen::generate(&mut rng(2), &geo, &period)?;
    let sick_leave = verzuim::generate(&mut rng(3), &period)?;
    let benefits = bijstand::generate(&mut rng(4), &geo, &period)?;
    let (population, facilities) = buurten::generate(&mut rng(5), &geo, &period)?;
    Ok(vec![
        trajectories,
        budget,
        reports,
        sick_leave,
        benefits,
        population,
        facilities,
    ])
}

/// The demo's area boundaries as (file name, GeoJSON text), written next to the data.
pub fn boundary_files() -> Vec<(&'static str, String)> {
    let mut r = ChaCha8Rng::seed_from_u64(SEED);
    r.set_stream(0);
    let geo = geography::Geography::generate(&mut r);
    vec![
        ("wijken.geojson", boundaries::wijken(&geo)),
        ("buurten.geojson", boundaries::buurten(&geo)),
    ]
}

/// The as-of date of the demo for a given period end.
pub fn as_of_for(day: i32) -> i32 {
    Period::ending(day).as_of
}

//! The fictional municipality: 20 wijken of 4 buurten each, with populations and a
//! social profile that the other generators lean on (poorer buurten have more benefits
//! and more youth care, newer ones more children).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub const GEMEENTE: &str = "Gemeente Voorbeeld";

const WIJKEN: [&str; 20] = [
    "Centrum",
    "Binnenstad-Oost",
    "Noord",
    "Noordwest",
    "Oost",
    "Zuidoost",
    "Zuid",
    "Zuidwest",
    "West",
    "Overvaart",
    "Molenwijk",
    "Hoogland",
    "De Weiden",
    "Kanaleneiland",
    "Rivierenwijk",
    "Vleuterveld",
    "Tuindorp",
    "Wittevrouwen",
    "Lindenhof",
    "Haven",
];

/// How many wijken the demo municipality has.
pub fn wijk_count() -> usize {
    WIJKEN.len()
}

const PREFIXES: [&str; 20] = [
    "Eiken",
    "Linden",
    "Wilgen",
    "Beuken",
    "Kastanje",
    "Molen",
    "Kerk",
    "Haven",
    "Vogel",
    "Bloemen",
    "Schilders",
    "Componisten",
    "Sterren",
    "Vaart",
    "Dijk",
    "Esdoorn",
    "Klaver",
    "Meidoorn",
    "Populier",
    "Vlinder",
];
const SUFFIXES: [&str; 8] = [
    "hof", "kwartier", "park", "buurt", "weide", "veld", "dreef", "plein",
];

/// One neighbourhood with what the generators need to know about it.
#[derive(Debug, Clone)]
pub struct Buurt {
    pub name: String,
    pub wijk: usize,
    /// Inhabitants in the first demo year.
    pub population: f64,
    /// Relative social deprivation, around 1.0 (0.5 … 2.2).
    pub deprivation: f64,
    /// Share of children relative to the municipal average (0.6 … 1.6).
    pub youth: f64,
    /// Yearly population growth, e.g. 0.02 for a new-build area.
    pub growth: f64,
}

#[derive(Debug, Clone)]
pub struct Geography {
    pub wijken: Vec<&'static str>,
    pub buurten: Vec<Buurt>,
}

impl Geography {
    pub fn generate(rng: &mut ChaCha8Rng) -> Self {
        let mut buurten = Vec::with_capacity(80);
        let mut used = std::collections::HashSet::new();
        for (w, _) in WIJKEN.iter().enumerate() {
            let wijk_deprivation: f64 = rng.random_range(0.6..1.8);
            let new_build = rng.random_bool(0.2);
            for _ in 0..4 {
                // Draw prefix + suffix pairs until a new name comes up; 160 pairs for 80 names.
                let name = loop {
                    let candidate = format!(
                        "{}{}",
                        PREFIXES[rng.random_range(0..PREFIXES.len())],
                        SUFFIXES[rng.random_range(0..SUFFIXES.len())]
                    );
                    if used.insert(candidate.clone()) {
                        break candidate;
                    }
                };
                buurten.push(Buurt {
                    name,
                    wijk: w,
                    population: rng.random_range(900.0..6500.0_f64).round(),
                    deprivation: (wijk_deprivation * rng.random_range(0.75..1.25)).clamp(0.5, 2.2),
                    youth: if new_build {
                        rng.random_range(1.15..1.6)
                    } else {
                        rng.random_range(0.6..1.2)
                    },
                    growth: if new_build {
                        rng.random_range(0.02..0.06)
                    } else {
                        rng.random_range(-0.005..0.01)
                    },
                });
            }
        }
        Geography {
            wijken: WIJKEN.to_vec(),
            buurten,
        }
    }

    pub fn buurt_names(&self) -> Vec<&str> {
        self.buurten.iter().map(|b| b.name.as_str()).collect()
    }

    /// Population of buurt `b` in month `month` counted from the first demo month.
    pub fn population_at(&self, b: usize, month: usize) -> f64 {
        let buurt = &self.buurten[b];
        buurt.population * (1.0 + buurt.growth).powf(month as f64 / 12.0)
    }
}

//! Classic public monthly series, embedded so backtests and the comparison script run on
//! exactly the same numbers without a download.
//!
//! Sources: R's `datasets` package (R Core Team), which ships these as `AirPassengers`
//! (Box & Jenkins 1976, series G), `USAccDeaths` (Brockwell & Davis 1991) and `ldeaths`
//! (Diggle 1990, table A.3); the same numbers are in statsforecast's `AirPassengers`.

/// A named public series and the month index of its first value.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceSeries {
    pub name: &'static str,
    /// Month index (year × 12 + month − 1) of the first value.
    pub start: i32,
    pub values: &'static [f64],
}

/// International airline passengers (thousands), January 1949 – December 1960.
pub const AIR_PASSENGERS: ReferenceSeries = ReferenceSeries {
    name: "AirPassengers",
    start: 1949 * 12,
    values: &[
        112.0, 118.0, 132.0, 129.0, 121.0, 135.0, 148.0, 148.0, 136.0, 119.0, 104.0, 118.0, 115.0,
        126.0, 141.0, 135.0, 125.0, 149.0, 170.0, 170.0, 158.0, 133.0, 114.0, 140.0, 145.0, 150.0,
        178.0, 163.0, 172.0, 178.0, 199.0, 199.0, 184.0, 162.0, 146.0, 166.0, 171.0, 180.0, 193.0,
        181.0, 183.0, 218.0, 230.0, 242.0, 209.0, 191.0, 172.0, 194.0, 196.0, 196.0, 236.0, 235.0,
        229.0, 243.0, 264.0, 272.0, 237.0, 211.0, 180.0, 201.0, 204.0, 188.0, 235.0, 227.0, 234.0,
        264.0, 302.0, 293.0, 259.0, 229.0, 203.0, 229.0, 242.0, 233.0, 267.0, 269.0, 270.0, 315.0,
        364.0, 347.0, 312.0, 274.0, 237.0, 278.0, 284.0, 277.0, 317.0, 313.0, 318.0, 374.0, 413.0,
        405.0, 355.0, 306.0, 271.0, 306.0, 315.0, 301.0, 356.0, 348.0, 355.0, 422.0, 465.0, 467.0,
        404.0, 347.0, 305.0, 336.0, 340.0, 318.0, 362.0, 348.0, 363.0, 435.0, 491.0, 505.0, 404.0,
        359.0, 310.0, 337.0, 360.0, 342.0, 406.0, 396.0, 420.0, 472.0, 548.0, 559.0, 463.0, 407.0,
        362.0, 405.0, 417.0, 391.0, 419.0, 461.0, 472.0, 535.0, 622.0, 606.0, 508.0, 461.0, 390.0,
        432.0,
    ],
};

/// Accidental deaths in the USA, January 1973 – December 1978.
pub const US_ACC_DEATHS: ReferenceSeries = ReferenceSeries {
    name: "USAccDeaths",
    start: 1973 * 12,
    values: &[
        9007.0, 8106.0, 8928.0, 9137.0, 10017.0, 10826.0, 11317.0, 10744.0, 9713.0, 9938.0, 9161.0,
        8927.0, 7750.0, 6981.0, 8038.0, 8422.0, 8714.0, 9512.0, 10120.0, 9823.0, 8743.0, 9129.0,
        8710.0, 8680.0, 8162.0, 7306.0, 8124.0, 7870.0, 9387.0, 9556.0, 10093.0, 9620.0, 8285.0,
        8466.0, 8160.0, 8034.0, 7717.0, 7461.0, 7767.0, 7925.0, 8623.0, 8945.0, 10078.0, 9179.0,
        8037.0, 8488.0, 7874.0, 8647.0, 7792.0, 6957.0, 7726.0, 8106.0, 8890.0, 9299.0, 10625.0,
        9302.0, 8314.0, 8850.0, 8265.0, 8796.0, 7836.0, 6892.0, 7791.0, 8192.0, 9115.0, 9434.0,
        10484.0, 9827.0, 9110.0, 9070.0, 8633.0, 9240.0,
    ],
};

/// Monthly deaths from lung diseases (bronchitis, emphysema, asthma) in the UK, both
/// sexes, January 1974 – December 1979.
pub const UK_LUNG_DEATHS: ReferenceSeries = ReferenceSeries {
    name: "ldeaths",
    start: 1974 * 12,
    values: &[
        3035.0, 2552.0, 2704.0, 2554.0, 2014.0, 1655.0, 1721.0, 1524.0, 1596.0, 2074.0, 2199.0,
        2512.0, 2933.0, 2889.0, 2938.0, 2497.0, 1870.0, 1726.0, 1607.0, 1545.0, 1396.0, 1787.0,
        2076.0, 2837.0, 2787.0, 3891.0, 3179.0, 2011.0, 1636.0, 1580.0, 1489.0, 1300.0, 1356.0,
        1653.0, 2013.0, 2823.0, 3102.0, 2294.0, 2385.0, 2444.0, 1748.0, 1554.0, 1498.0, 1361.0,
        1346.0, 1564.0, 1640.0, 2293.0, 2815.0, 3137.0, 2679.0, 1969.0, 1870.0, 1633.0, 1529.0,
        1366.0, 1357.0, 1570.0, 1535.0, 2491.0, 3084.0, 2605.0, 2573.0, 2143.0, 1693.0, 1504.0,
        1461.0, 1354.0, 1333.0, 1492.0, 1781.0, 1915.0,
    ],
};

/// All embedded public series.
pub const ALL: [ReferenceSeries; 3] = [AIR_PASSENGERS, US_ACC_DEATHS, UK_LUNG_DEATHS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_known_totals() {
        assert_eq!(AIR_PASSENGERS.values.len(), 144);
        assert_eq!(AIR_PASSENGERS.values.iter().sum::<f64>(), 40_363.0);
        assert_eq!(US_ACC_DEATHS.values.len(), 72);
        assert_eq!(UK_LUNG_DEATHS.values.len(), 72);
    }

    #[test]
    fn air_passengers_gets_a_multiplicative_seasonal_model() {
        let auto = crate::analytics::auto_ets(AIR_PASSENGERS.values, &Default::default()).unwrap();
        let f = &auto.fit;
        eprintln!(
            "{} aicc {:.2} params {:?} iters {} cands {:?}",
            f.spec.name(),
            f.aicc,
            f.params,
            f.iterations,
            auto.candidates
        );
        assert_eq!(f.spec.season, crate::analytics::SeasonType::Multiplicative);
    }
}

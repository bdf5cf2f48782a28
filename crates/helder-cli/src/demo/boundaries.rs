//! Plausible wijk and buurt boundaries for the fictional municipality, as CBS publishes them:
//! GeoJSON in RD New (EPSG:28992) with `wijkcode`/`wijknaam` (and `buurtcode`/`buurtnaam`).
//! A grid of 10 × 8 cells whose corners are shifted and whose edges bend, each cell a buurt
//! and each 2 × 2 block a wijk; neighbours share every vertex, so there are no gaps.

use serde_json::{json, Value};

use super::geography::Geography;

/// Cells across and down; 80 cells for the 80 buurten.
const COLS: usize = 10;
const ROWS: usize = 8;
/// Cell size in metres, and the grid's north-west corner in RD New (near Utrecht).
const CELL: f64 = 650.0;
const WEST: f64 = 133_000.0;
const NORTH: f64 = 458_000.0;
// The blocks below fill the grid exactly.
const _: () = assert!(BLOCKS.len() * 2 == ROWS && BLOCKS[0].len() * 2 == COLS);

/// The fictional CBS municipality code in every wijk and buurt code.
const GEMEENTECODE: &str = "9999";

/// Which wijk (index into the demo's wijk names) lies in which 2 × 2 block, row by row from
/// the north: Centrum in the middle, the compass wijken where their names say.
const BLOCKS: [[usize; 5]; 4] = [
    [9, 3, 2, 11, 10],
    [8, 18, 0, 1, 4],
    [15, 13, 17, 16, 12],
    [7, 14, 6, 19, 5],
];

/// A deterministic number in [-1, 1) for a vertex or an edge, the same whichever cell asks.
fn jitter(a: u64, b: u64, salt: u64) -> f64 {
    // SplitMix64 finaliser over the inputs.
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(salt.wrapping_mul(0x94D0_49BB_1331_11EB));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

/// Grid vertex (i across, j down) in RD New metres.
fn vertex(i: usize, j: usize) -> (f64, f64) {
    let (dx, dy) = (jitter(i as u64, j as u64, 1), jitter(i as u64, j as u64, 2));
    (
        WEST + (i as f64 + 0.28 * dx) * CELL,
        NORTH - (j as f64 + 0.28 * dy) * CELL,
    )
}

/// The points from vertex `a` to vertex `b` (a excluded): two bends, shared by both cells.
fn edge(a: (usize, usize), b: (usize, usize)) -> Vec<(f64, f64)> {
    let key = |v: (usize, usize)| (v.1 * (COLS + 1) + v.0) as u64;
    let (lo, hi) = if key(a) < key(b) { (a, b) } else { (b, a) };
    let (p, q) = (vertex(lo.0, lo.1), vertex(hi.0, hi.1));
    let (nx, ny) = (-(q.1 - p.1), q.0 - p.0);
    let bends: Vec<(f64, f64)> = [1.0 / 3.0, 2.0 / 3.0]
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let off = 0.09 * jitter(key(lo), key(hi), 3 + k as u64);
            (
                p.0 + t * (q.0 - p.0) + off * nx,
                p.1 + t * (q.1 - p.1) + off * ny,
            )
        })
        .collect();
    let mut out: Vec<(f64, f64)> = if lo == a {
        bends
    } else {
        bends.into_iter().rev().collect()
    };
    out.push(vertex(b.0, b.1));
    out
}

/// A closed ring through grid vertices (clockwise on the map is counter-clockwise in RD,
/// which GeoJSON's right-hand rule wants for outer rings), rounded to whole metres.
fn ring(corners: &[(usize, usize)]) -> Value {
    let first = vertex(corners[0].0, corners[0].1);
    let mut pts = vec![first];
    for k in 0..corners.len() {
        pts.extend(edge(corners[k], corners[(k + 1) % corners.len()]));
    }
    let coords: Vec<Value> = pts
        .iter()
        .map(|(x, y)| json!([x.round() as i64, y.round() as i64]))
        .collect();
    json!([coords])
}

/// The corners of the block of cells from (i0, j0), `w` × `h` cells, walked south-west →
/// south-east → north-east → north-west (counter-clockwise in RD New).
fn block(i0: usize, j0: usize, w: usize, h: usize) -> Vec<(usize, usize)> {
    let mut c = Vec::new();
    for i in i0..i0 + w {
        c.push((i, j0 + h));
    }
    for j in (j0 + 1..=j0 + h).rev() {
        c.push((i0 + w, j));
    }
    for i in (i0 + 1..=i0 + w).rev() {
        c.push((i, j0));
    }
    for j in j0..j0 + h {
        c.push((i0, j));
    }
    c
}

fn collection(features: Vec<Value>) -> String {
    json!({
        "type": "FeatureCollection",
        "name": "demo",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": features,
    })
    .to_string()
}

/// `wijken.geojson`: one feature per wijk.
pub fn wijken(geo: &Geography) -> String {
    let mut features = Vec::new();
    for (by, row) in BLOCKS.iter().enumerate() {
        for (bx, &w) in row.iter().enumerate() {
            features.push(json!({
                "type": "Feature",
                "properties": {
                    "wijkcode": format!("WK{GEMEENTECODE}{:02}", w + 1),
                    "wijknaam": geo.wijken[w],
                    "gemeentecode": format!("GM{GEMEENTECODE}"),
                },
                "geometry": {"type": "Polygon", "coordinates": ring(&block(2 * bx, 2 * by, 2, 2))},
            }));
        }
    }
    collection(features)
}

/// `buurten.geojson`: one feature per buurt, the four of a wijk in its block.
pub fn buurten(geo: &Geography) -> String {
    let mut features = Vec::new();
    for (by, row) in BLOCKS.iter().enumerate() {
        for (bx, &w) in row.iter().enumerate() {
            let names = geo.buurten.iter().filter(|b| b.wijk == w);
            for (k, b) in names.enumerate().take(4) {
                let (i, j) = (2 * bx + k % 2, 2 * by + k / 2);
                features.push(json!({
                    "type": "Feature",
                    "properties": {
                        "buurtcode": format!("BU{GEMEENTECODE}{:02}{:02}", w + 1, k + 1),
                        "buurtnaam": b.name,
                        "wijkcode": format!("WK{GEMEENTECODE}{:02}", w + 1),
                        "gemeentecode": format!("GM{GEMEENTECODE}"),
                    },
                    "geometry": {"type": "Polygon", "coordinates": ring(&block(i, j, 1, 1))},
                }));
            }
        }
    }
    collection(features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_wijk_and_buurt_has_a_shape_the_core_reads() {
        let geo = Geography::generate(&mut rand_chacha::ChaCha8Rng::seed_from_u64(1));
        let mut all: Vec<usize> = BLOCKS.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..20).collect::<Vec<_>>());
        let w = helder_core::map_geometry::parse(&wijken(&geo), "wijknaam", "wijken").unwrap();
        assert_eq!(w.crs, "RD New (EPSG:28992)");
        let mut names: Vec<&str> = w.areas.iter().map(|a| a.key.as_str()).collect();
        names.sort_unstable();
        let mut expected = geo.wijken.clone();
        expected.sort_unstable();
        assert_eq!(names, expected);
        let b = helder_core::map_geometry::parse(&buurten(&geo), "buurtnaam", "buurten").unwrap();
        assert_eq!(b.areas.len(), 80);
        // Neighbouring cells share their edge point for point: no gaps, no overlaps.
        assert_eq!(edge((1, 1), (2, 1)).len(), 3);
        let there = edge((1, 1), (2, 1));
        let mut back = edge((2, 1), (1, 1));
        back.pop();
        back.reverse();
        back.push(vertex(1, 1));
        assert_eq!(&there[..2], &back[..2]);
    }
}

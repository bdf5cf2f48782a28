//! Area boundaries for a choropleth: GeoJSON polygons (WGS84 or RD New) in, SVG paths fitted
//! to a view box out, one per area, named by a property such as CBS's `wijknaam`.

use serde_json::Value;

use crate::CoreError;

/// Larger files are not boundaries of one municipality; refusing them keeps memory bounded.
pub const MAX_BYTES: usize = 30_000_000;
/// At most this many features (the Netherlands has about 14,000 buurten; one municipality a few hundred).
pub const MAX_FEATURES: usize = 5_000;
/// At most this many coordinate pairs over all features.
pub const MAX_POINTS: usize = 3_000_000;
/// The drawing's width in view-box units; the height follows the area's shape.
pub const VIEW_WIDTH: f64 = 1000.0;

/// One area as drawn: the key property's value and its SVG path in view-box units.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub key: String,
    pub path: String,
    /// Where a label fits: the centroid of the area's largest ring.
    pub label: (f64, f64),
}

/// Every area, fitted to a view box `VIEW_WIDTH` wide and `height` high.
#[derive(Debug, Clone, PartialEq)]
pub struct MapShapes {
    pub areas: Vec<MapArea>,
    pub height: f64,
    /// How the coordinates were read: "RD New (EPSG:28992)" or "WGS84".
    pub crs: &'static str,
}

/// A feature's rings of (x, y) positions, outer rings and holes alike.
type Rings = Vec<Vec<(f64, f64)>>;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Crs {
    Wgs84,
    RdNew,
}

/// Reads GeoJSON text (a FeatureCollection of Polygon and MultiPolygon features) and draws
/// each feature as one path, named by its property `key`. `file` names the file in errors.
pub fn parse(text: &str, key: &str, file: &str) -> Result<MapShapes, CoreError> {
    let err = |m: String| CoreError::Geometry(format!("{file}: {m}"));
    if text.len() > MAX_BYTES {
        return Err(err(format!(
            "{} bytes is more than the {MAX_BYTES} a map accepts; simplify the boundaries (e.g. mapshaper -simplify 10%)",
            text.len()
        )));
    }
    let doc: Value =
        serde_json::from_str(text).map_err(|e| err(format!("not valid JSON ({e})")))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(err(
            "is not a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\")".into(),
        ));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| err("has no \"features\" list".into()))?;
    if features.is_empty() {
        return Err(err("has no features".into()));
    }
    if features.len() > MAX_FEATURES {
        return Err(err(format!(
            "has {} features, more than the {MAX_FEATURES} a map draws",
            features.len()
        )));
    }

    // Rings per feature, as read, before projection.
    let mut raw: Vec<(String, Rings)> = Vec::with_capacity(features.len());
    let mut points = 0usize;
    for (i, f) in features.iter().enumerate() {
        let name = feature_key(f, key).ok_or_else(|| {
            err(format!(
                "feature {} has no property `{key}`; the map's `key` must name a property every feature has",
                i + 1
            ))
        })?;
        let what = format!("feature {} (`{key}` = {name})", i + 1);
        let geometry = f
            .get("geometry")
            .filter(|g| !g.is_null())
            .ok_or_else(|| err(format!("{what} has no geometry")))?;
        let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![coordinates(geometry, &what).map_err(err)?],
            Some("MultiPolygon") => coordinates(geometry, &what)
                .map_err(err)?
                .as_array()
                .ok_or_else(|| err(format!("{what}: MultiPolygon coordinates are not a list")))?
                .iter()
                .collect(),
            Some(other) => {
                return Err(err(format!(
                    "{what} is a {other}; a map draws Polygon and MultiPolygon features only"
                )))
            }
            None => return Err(err(format!("{what}: geometry has no \"type\""))),
        };
        let mut rings = Vec::new();
        for polygon in polygons {
            let polygon = polygon
                .as_array()
                .ok_or_else(|| err(format!("{what}: a polygon is not a list of rings")))?;
            for ring in polygon {
                let ring = read_ring(ring, &what).map_err(err)?;
                points += ring.len();
                if points > MAX_POINTS {
                    return Err(err(format!(
                        "more than {MAX_POINTS} points; simplify the boundaries (e.g. mapshaper -simplify 10%)"
                    )));
                }
                rings.push(ring);
            }
        }
        if rings.is_empty() {
            return Err(err(format!("{what} has an empty geometry")));
        }
        raw.push((name, rings));
    }

    let all = raw.iter().flat_map(|(_, r)| r.iter().flatten());
    let crs = match declared_crs(&doc) {
        Some(c) => c,
        None => guess_crs(all.clone()).ok_or_else(|| {
            err("coordinates are neither longitude/latitude (WGS84) nor RD New metres (EPSG:28992); reproject the file to one of these".into())
        })?,
    };
    // Planar coordinates with y pointing up: RD New as is; WGS84 with longitudes scaled by
    // the cosine of the middle latitude, so areas keep their shape at Dutch latitudes.
    let (mut min_y, mut max_y) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(_, y) in all {
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let x_scale = match crs {
        Crs::RdNew => 1.0,
        Crs::Wgs84 => ((min_y + max_y) / 2.0).to_radians().cos().max(0.01),
    };
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(x, _) in raw.iter().flat_map(|(_, r)| r.iter().flatten()) {
        x0 = x0.min(x * x_scale);
        x1 = x1.max(x * x_scale);
    }
    let (w, h) = (x1 - x0, max_y - min_y);
    if !(w > 0.0 && h > 0.0) {
        return Err(err(
            "every point lies on one line; the areas have no surface".into(),
        ));
    }
    // A little margin keeps the outer outlines (and a selected area's thick border) visible.
    let margin = 0.01 * VIEW_WIDTH;
    let scale = (VIEW_WIDTH - 2.0 * margin) / w;
    let height = (h * scale + 2.0 * margin).min(4.0 * VIEW_WIDTH);
    let scale = scale.min((height - 2.0 * margin) / h);
    let project = |(x, y): (f64, f64)| {
        (
            margin + (x * x_scale - x0) * scale,
            margin + (max_y - y) * scale,
        )
    };
    let areas = raw
        .into_iter()
        .map(|(key, rings)| {
            let rings: Rings = rings
                .into_iter()
                .map(|r| r.into_iter().map(project).collect())
                .collect();
            MapArea {
                key,
                label: label_point(&rings),
                path: svg_path(rings.into_iter().map(Vec::into_iter)),
            }
        })
        .collect();
    Ok(MapShapes {
        areas,
        height: (height * 10.0).round() / 10.0,
        crs: match crs {
            Crs::RdNew => "RD New (EPSG:28992)",
            Crs::Wgs84 => "WGS84",
        },
    })
}

/// The centroid of the largest ring (shoelace formula); its first point if it has no area.
fn label_point(rings: &Rings) -> (f64, f64) {
    let mut best = (0.0, (0.0, 0.0));
    for ring in rings {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for (p, q) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            let cross = p.0 * q.1 - q.0 * p.1;
            a += cross;
            cx += (p.0 + q.0) * cross;
            cy += (p.1 + q.1) * cross;
        }
        if a.abs() > best.0 {
            best = (a.abs(), (cx / (3.0 * a), cy / (3.0 * a)));
        }
    }
    if best.0 > 0.0 {
        let (x, y) = best.1;
        ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
    } else {
        rings
            .first()
            .and_then(|r| r.first())
            .copied()
            .unwrap_or((0.0, 0.0))
    }
}

/// The feature's key property as text (CBS codes and names are strings; numbers are taken too).
fn feature_key(f: &Value, key: &str) -> Option<String> {
    match f.get("properties")?.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn coordinates<'a>(geometry: &'a Value, what: &str) -> Result<&'a Value, String> {
    geometry
        .get("coordinates")
        .ok_or_else(|| format!("{what}: geometry has no \"coordinates\""))
}

fn read_ring(ring: &Value, what: &str) -> Result<Vec<(f64, f64)>, String> {
    let ring = ring
        .as_array()
        .ok_or_else(|| format!("{what}: a ring is not a list of positions"))?;
    let mut out = Vec::with_capacity(ring.len());
    for p in ring {
        let pos = p.as_array().filter(|a| a.len() >= 2);
        let xy = pos.and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)));
        match xy {
            Some((x, y)) if x.is_finite() && y.is_finite() => out.push((x, y)),
            _ => return Err(format!("{what}: position {p} is not a pair of numbers")),
        }
    }
    if out.len() < 4 {
        return Err(format!(
            "{what}: a ring has {} positions; a closed ring needs at least 4",
            out.len()
        ));
    }
    Ok(out)
}

/// The CRS a (GeoJSON 2008 style) `crs` member names, if any.
fn declared_crs(doc: &Value) -> Option<Crs> {
    let name = doc.get("crs")?.get("properties")?.get("name")?.as_str()?;
    if name.contains("28992") {
        Some(Crs::RdNew)
    } else if name.contains("4326") || name.contains("CRS84") {
        Some(Crs::Wgs84)
    } else {
        None
    }
}

/// RD New or WGS84 by the range of the coordinates (RD New covers x 0–300 km, y 300–625 km).
fn guess_crs<'a>(points: impl Iterator<Item = &'a (f64, f64)>) -> Option<Crs> {
    let (mut wgs, mut rd) = (true, true);
    for &(x, y) in points {
        wgs &= (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y);
        rd &= (-10_000.0..=310_000.0).contains(&x) && (280_000.0..=640_000.0).contains(&y);
    }
    match (wgs, rd) {
        (true, _) => Some(Crs::Wgs84),
        (false, true) => Some(Crs::RdNew),
        _ => None,
    }
}

/// One path of closed rings (evenodd fill makes holes), one decimal, dropping points that
/// lie within 0.4 units of the previous one (finer than a pixel at any drawn size).
fn svg_path<R, P>(rings: R) -> String
where
    R: Iterator<Item = P>,
    P: Iterator<Item = (f64, f64)>,
{
    use std::fmt::Write;
    let mut s = String::new();
    for ring in rings {
        let mut last: Option<(f64, f64)> = None;
        let mut n = 0;
        for (x, y) in ring {
            if let Some((lx, ly)) = last {
                if (x - lx).abs() < 0.4 && (y - ly).abs() < 0.4 {
                    continue;
                }
            }
            let cmd = if n == 0 { 'M' } else { 'L' };
            let _ = write!(s, "{cmd}{:.1} {:.1}", x, y);
            last = Some((x, y));
            n += 1;
        }
        s.push('Z');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, d: f64) -> String {
        format!(
            "[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]",
            x + d,
            x + d,
            y + d,
            y + d
        )
    }

    #[test]
    fn rd_new_polygon_fills_the_width_with_y_flipped() {
        let text = format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::28992"}}}},
            "features":[{{"type":"Feature","properties":{{"wijknaam":"Centrum"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
            square(136_000.0, 455_000.0, 1000.0)
        );
        let m = parse(&text, "wijknaam", "wijken.geojson").unwrap();
        assert_eq!(m.crs, "RD New (EPSG:28992)");
        assert_eq!(m.areas[0].key, "Centrum");
        // South-west corner (x min, y min) lands bottom-left: y flipped.
        assert!(m.areas[0]
            .path
            .starts_with("M10.0 990.0L990.0 990.0L990.0 10.0L10.0 10.0"));
        assert_eq!(m.height, 1000.0);
        assert_eq!(m.areas[0].label, (500.0, 500.0));
    }

    #[test]
    fn wgs84_multipolygon_is_scaled_by_latitude() {
        // 0.1° of longitude at 52° N is about 0.616 × 0.1° of latitude.
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":7}},
            "geometry":{{"type":"MultiPolygon","coordinates":[{}]}}}}]}}"#,
            square(5.0, 52.0, 0.1)
        );
        let m = parse(&text, "code", "b.geojson").unwrap();
        assert_eq!(m.crs, "WGS84");
        assert_eq!(m.areas[0].key, "7");
        let ratio = (m.height - 20.0) / (VIEW_WIDTH - 20.0);
        assert!(
            (ratio - 1.0 / 52.05_f64.to_radians().cos()).abs() < 0.01,
            "{ratio}"
        );
    }

    #[test]
    fn bad_geometry_names_the_feature() {
        let point = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"wijknaam":"Noord"},"geometry":{"type":"Point","coordinates":[5,52]}}]}"#;
        let e = parse(point, "wijknaam", "w.geojson")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("feature 1 (`wijknaam` = Noord) is a Point"),
            "{e}"
        );
        let open = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"wijknaam":"Zuid"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[5,52]]]}}]}"#;
        let e = parse(open, "wijknaam", "w.geojson")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Zuid") && e.contains("at least 4"), "{e}");
        let nokey = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#;
        let e = parse(nokey, "wijknaam", "w.geojson")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no property `wijknaam`"), "{e}");
        assert!(parse("[1,", "k", "w.geojson").is_err());
        let far = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"k":"a"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
            square(1.0e7, 1.0e7, 10.0)
        );
        let e = parse(&far, "k", "w.geojson").unwrap_err().to_string();
        assert!(e.contains("neither"), "{e}");
    }

    #[test]
    fn absurd_sizes_are_refused() {
        let big = " ".repeat(MAX_BYTES + 1);
        assert!(parse(&big, "k", "w.geojson")
            .unwrap_err()
            .to_string()
            .contains("simplify"));
    }
}

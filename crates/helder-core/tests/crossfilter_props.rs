//! Property tests: every crossfilter step and every query equals a naive row-by-row
//! reference on random tables with nulls, empty groups, empty tables and single rows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use helder_core::bins::Bins;
use helder_core::crossfilter::{Crossfilter, DimensionSpec, ViewSpec};
use helder_core::ipc_columns::read_table_in_chunks;
use helder_core::query::{self, Aggregate, Filter, GroupBy, GroupKey, Query, TimeBucket};
use helder_core::{date, ipc, Table};
use proptest::prelude::*;

const CATS: [&str; 5] = ["Centrum", "Noord", "Oost", "Zuid", "West"];

/// The bins of `x` (from −250 to 250) in the binned dimension `x:bins`: 25 wide, the last
/// open from 125 up, as a long tail gets.
fn xbins() -> Bins {
    Bins {
        origin: -250.0,
        width: 25.0,
        integer: false,
        top: Some(15),
    }
}

#[derive(Debug, Clone)]
struct Row {
    cat: Option<usize>,
    num: Option<i64>,
    day: Option<i32>,
    x: Option<f64>,
    client: Option<usize>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        proptest::option::weighted(0.85, 0..4usize), // "West" never occurs: an empty group
        proptest::option::weighted(0.85, -2..4i64),
        proptest::option::weighted(0.85, 0..90i32),
        proptest::option::weighted(0.85, (-1000..1000i32).prop_map(|v| f64::from(v) / 4.0)),
        proptest::option::weighted(0.9, 0..6usize),
    )
        .prop_map(|(cat, num, day, x, client)| Row {
            cat,
            num,
            day: day.map(|d| 19_700 + d),
            x,
            client,
        })
}

/// Writes the rows as Arrow IPC (split over batches) and reads them back through the core.
fn table(rows: &[Row], batch_rows: usize) -> Table {
    ipc::read_table("t", ipc_bytes(rows, batch_rows)).unwrap()
}

/// The rows as an Arrow IPC stream, split over batches.
fn ipc_bytes(rows: &[Row], batch_rows: usize) -> Vec<u8> {
    let schema_batch = |rows: &[Row]| {
        let cat = DictionaryArray::<Int32Type>::try_new(
            rows.iter().map(|r| r.cat.map(|c| c as i32)).collect(),
            Arc::new(StringArray::from(CATS.to_vec())),
        )
        .unwrap();
        let client: StringArray = rows
            .iter()
            .map(|r| r.client.map(|c| format!("P{c}")))
            .collect();
        RecordBatch::try_from_iter_with_nullable([
            ("cat", Arc::new(cat) as ArrayRef, true),
            (
                "num",
                Arc::new(rows.iter().map(|r| r.num).collect::<Int64Array>()) as ArrayRef,
                true,
            ),
            (
                "day",
                Arc::new(rows.iter().map(|r| r.day).collect::<Date32Array>()) as ArrayRef,
                true,
            ),
            (
                "x",
                Arc::new(rows.iter().map(|r| r.x).collect::<Float64Array>()) as ArrayRef,
                true,
            ),
            ("client", Arc::new(client) as ArrayRef, true),
        ])
        .unwrap()
    };
    let first = schema_batch(&rows[..0]);
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut bytes, &first.schema()).unwrap();
    for chunk in rows.chunks(batch_rows.max(1)) {
        w.write(&schema_batch(chunk)).unwrap();
    }
    w.finish().unwrap();
    drop(w);
    bytes
}

fn filter() -> impl Strategy<Value = (usize, Option<Filter>)> {
    prop_oneof![
        (0..3usize).prop_map(|d| (d, None)),
        proptest::collection::vec(0..5usize, 0..4).prop_map(|v| {
            (
                0,
                Some(Filter::OneOf {
                    column: "cat".into(),
                    values: v.into_iter().map(|i| CATS[i].to_string()).collect(),
                }),
            )
        }),
        "[a-zO]{0,2}".prop_map(|t| (
            0,
            Some(Filter::Contains {
                column: "cat".into(),
                text: t
            })
        )),
        (-3..5i64, 0..4i64).prop_map(|(lo, w)| (
            1,
            Some(Filter::NumberRange {
                column: "num".into(),
                min: lo as f64,
                max: (lo + w) as f64
            })
        )),
        (-300..300i32, 0..300i32, any::<bool>()).prop_map(|(lo, w, open)| (
            3,
            Some(Filter::NumberRange {
                column: "x".into(),
                min: f64::from(lo),
                max: if open {
                    f64::INFINITY
                } else {
                    f64::from(lo + w)
                }
            })
        )),
        (0..90i32, 0..40i32).prop_map(|(lo, w)| (
            2,
            Some(Filter::DateRange {
                column: "day".into(),
                from: 19_700 + lo,
                to: 19_700 + lo + w
            })
        )),
        (0..3usize).prop_map(|d| (
            d,
            Some(Filter::IsNull {
                column: ["cat", "num", "day"][d].into()
            })
        )),
        (0..3usize).prop_map(|d| (
            d,
            Some(Filter::NotNull {
                column: ["cat", "num", "day"][d].into()
            })
        )),
    ]
}

fn passes(f: &Filter, r: &Row) -> bool {
    match f {
        Filter::OneOf { values, .. } => r.cat.is_some_and(|c| values.iter().any(|v| v == CATS[c])),
        Filter::Contains { text, .. } => r
            .cat
            .is_some_and(|c| CATS[c].to_lowercase().contains(&text.to_lowercase())),
        // A binned dimension keeps the bins that lie entirely inside the range.
        Filter::NumberRange { column, min, max } if column == "x" => {
            r.x.and_then(|x| xbins().index(x))
                .is_some_and(|k| xbins().inside(k, *min, *max))
        }
        Filter::NumberRange { min, max, .. } => r
            .num
            .is_some_and(|n| (n as f64) >= *min && (n as f64) <= *max),
        Filter::DateRange { from, to, .. } => r.day.is_some_and(|d| d >= *from && d <= *to),
        Filter::IsNull { column } => match column.as_str() {
            "cat" => r.cat.is_none(),
            "num" => r.num.is_none(),
            _ => r.day.is_none(),
        },
        Filter::NotNull { column } => match column.as_str() {
            "cat" => r.cat.is_some(),
            "num" => r.num.is_some(),
            _ => r.day.is_some(),
        },
    }
}

fn key(dim: &str, r: &Row) -> Option<GroupKey> {
    match dim {
        "cat" => r.cat.map(|c| GroupKey::Text(CATS[c].into())),
        "num" => r.num.map(GroupKey::Int),
        "day" => r.day.map(GroupKey::Day),
        "day:month" => r.day.map(|d| GroupKey::Month(date::month_index(d))),
        "x:bins" => {
            r.x.and_then(|x| xbins().index(x))
                .map(|k| GroupKey::Text(xbins().label(k)))
        }
        "all" => Some(GroupKey::All),
        _ => unreachable!(),
    }
}

fn naive_aggregate(agg: &Aggregate, rows: &[&Row]) -> Option<f64> {
    let xs: Vec<f64> = rows.iter().filter_map(|r| r.x).collect();
    match agg {
        Aggregate::Count => Some(rows.len() as f64),
        Aggregate::Sum { .. } => (!xs.is_empty()).then(|| xs.iter().sum()),
        Aggregate::Mean { .. } => {
            (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
        }
        Aggregate::Min { .. } => xs.iter().copied().reduce(f64::min),
        Aggregate::Max { .. } => xs.iter().copied().reduce(f64::max),
        Aggregate::Quantile { q, .. } => {
            let mut v = xs.clone();
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                return None;
            }
            let pos = q * (v.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
        }
        Aggregate::CountDistinct { .. } => Some(
            rows.iter()
                .filter_map(|r| r.client)
                .collect::<HashSet<_>>()
                .len() as f64,
        ),
        Aggregate::Ratio {
            numerator,
            denominator,
        } => {
            let n = naive_aggregate(numerator, rows)?;
            let d = naive_aggregate(denominator, rows)?;
            (d != 0.0).then(|| n / d)
        }
    }
}

fn naive_groups(
    rows: &[Row],
    dims: &[&str],
    filters: &BTreeMap<usize, Filter>,
    skip: Option<usize>,
    agg: &Aggregate,
) -> BTreeMap<GroupKey, f64> {
    let mut groups: BTreeMap<GroupKey, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        if filters
            .iter()
            .any(|(d, f)| Some(*d) != skip && !passes(f, r))
        {
            continue;
        }
        let k = match dims {
            [a] => key(a, r),
            [a, b] => key(a, r)
                .zip(key(b, r))
                .map(|(x, y)| GroupKey::Pair(Box::new(x), Box::new(y))),
            _ => unreachable!(),
        };
        if let Some(k) = k {
            groups.entry(k).or_default().push(r);
        }
    }
    groups
        .into_iter()
        .filter_map(|(k, rs)| naive_aggregate(agg, &rs).map(|v| (k, v)))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_same(got: &BTreeMap<GroupKey, f64>, want: &BTreeMap<GroupKey, f64>, what: &str) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: groups"
    );
    for (k, v) in want {
        assert!(
            close(got[k], *v),
            "{what}: {k:?} engine {} naive {v}",
            got[k]
        );
    }
}

fn aggregates() -> Vec<Aggregate> {
    let x = || "x".to_string();
    vec![
        Aggregate::Count,
        Aggregate::Sum { column: x() },
        Aggregate::Mean { column: x() },
        Aggregate::Min { column: x() },
        Aggregate::Max { column: x() },
        Aggregate::median("x"),
        Aggregate::Quantile {
            column: x(),
            q: 0.9,
        },
        Aggregate::CountDistinct {
            column: "client".into(),
        },
        Aggregate::Ratio {
            numerator: Box::new(Aggregate::Sum { column: x() }),
            denominator: Box::new(Aggregate::Count),
        },
        Aggregate::Ratio {
            numerator: Box::new(Aggregate::Sum { column: x() }),
            denominator: Box::new(Aggregate::CountDistinct {
                column: "client".into(),
            }),
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn crossfilter_steps_equal_the_naive_reference(
        rows in proptest::collection::vec(row(), 0..40),
        batch_rows in 1..12usize,
        steps in proptest::collection::vec(filter(), 1..8),
        control in proptest::collection::vec(0..5usize, 0..3),
        chunk in 1..200usize,
    ) {
        let t = table(&rows, batch_rows);
        let dims = [
            DimensionSpec::column("cat"),
            DimensionSpec::column("num"),
            DimensionSpec::column("day"),
            DimensionSpec::bucketed("day", TimeBucket::Month),
            DimensionSpec::binned("x", xbins()),
        ];
        let view_dims = ["cat", "num", "day", "day:month"];
        let mut specs = Vec::new();
        for (i, agg) in aggregates().into_iter().enumerate() {
            specs.push(ViewSpec { id: format!("v{i}"), dimension: Some(view_dims[i % 4].to_string()), aggregate: agg.clone() });
            specs.push(ViewSpec { id: format!("b{i}"), dimension: Some("x:bins".into()), aggregate: agg });
        }
        specs.push(ViewSpec { id: "total".into(), dimension: None, aggregate: Aggregate::Sum { column: "x".into() } });
        let mut cf = Crossfilter::new(&t, &dims, specs.clone()).unwrap();
        // The same engine built a column at a time from the bytes as they arrive, the time
        // dimension after others (the engine reorders what it has), as the bench page does.
        let bytes = ipc_bytes(&rows, batch_rows);
        let read = |cols: &[&str]| read_table_in_chunks("t", Some(cols), bytes.chunks(chunk)).unwrap();
        let mut streamed = Crossfilter::for_rows(t.rows());
        for d in [4, 0, 1, 3, 2] {
            let cols = dims[d].columns(&dims);
            let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
            streamed.add_dimension(&read(&cols), &dims[d]).unwrap();
        }
        streamed.add_measure(&read(&["x"]), "x").unwrap();
        let all = read_table_in_chunks("t", None, bytes.chunks(chunk)).unwrap();
        for spec in &specs {
            let table = (spec.id != "total").then_some(&all);
            streamed.add_view(table, spec.clone()).unwrap();
        }
        let mut active: BTreeMap<usize, Filter> = BTreeMap::new();
        let names = ["cat", "num", "day", "x:bins"];
        for (step, (d, f)) in steps.iter().enumerate() {
            cf.set_filter(names[*d], f.clone()).unwrap();
            streamed.set_filter(names[*d], f.clone()).unwrap();
            for (v, spec) in specs.iter().enumerate() {
                let a: BTreeMap<GroupKey, f64> = cf.groups(v).into_iter().map(|g| (g.key, g.value)).collect();
                let b: BTreeMap<GroupKey, f64> = streamed.groups(v).into_iter().map(|g| (g.key, g.value)).collect();
                assert_same(&b, &a, &format!("step {step}: streamed engine, view {}", spec.id));
            }
            match f {
                Some(f) => { active.insert(*d, f.clone()); }
                None => { active.remove(d); }
            }
            for (v, spec) in specs.iter().enumerate() {
                let dim = spec.dimension.as_deref().unwrap_or("all");
                let own = names.iter().position(|n| *n == dim);
                let want = naive_groups(&rows, &[dim], &active, own, &spec.aggregate);
                let got: BTreeMap<GroupKey, f64> = cf.groups(v).into_iter().map(|g| (g.key, g.value)).collect();
                assert_same(&got, &want, &format!("step {step} view {} {:?}", spec.id, spec.aggregate));
            }
        }
        // A one-off split on `cat` (a policy effect's control areas and the others): the
        // control ignores the filter on `cat`, the others follow it; the engine is unchanged.
        let values: Vec<String> = control.iter().map(|i| CATS[*i].to_string()).collect();
        let in_control = cf.passes("cat", &Filter::OneOf { column: "cat".into(), values: values.clone() }).unwrap();
        let mut outside: Vec<bool> = in_control.iter().map(|p| !p).collect();
        if let Some(null) = outside.last_mut() {
            *null = false;
        }
        let is_control = |r: &&Row| r.cat.is_some_and(|c| values.contains(&CATS[c].to_string()));
        let control_rows: Vec<Row> = rows.iter().filter(is_control).cloned().collect();
        let other_rows: Vec<Row> = rows.iter().filter(|r| r.cat.is_some() && !is_control(r)).cloned().collect();
        let mut without_cat = active.clone();
        without_cat.remove(&0);
        for (v, spec) in specs.iter().enumerate() {
            let dim = spec.dimension.as_deref().unwrap_or("all");
            let own = names.iter().position(|n| *n == dim);
            let split = |pass: &[bool], ignore: &[&str]| -> BTreeMap<GroupKey, f64> {
                cf.view_groups_split(v, "cat", pass, ignore).unwrap().into_iter().map(|g| (g.key, g.value)).collect()
            };
            let want = naive_groups(&control_rows, &[dim], &without_cat, own, &spec.aggregate);
            assert_same(&split(&in_control, &["cat"]), &want, &format!("control split of {}", spec.id));
            let want = naive_groups(&other_rows, &[dim], &active, own, &spec.aggregate);
            assert_same(&split(&outside, &[]), &want, &format!("treated split of {}", spec.id));
        }
    }

    /// Chosen bins hold every value: a value lies in its bin's range, bins are few (Sturges'
    /// rule keeps at most 30, plus the open one), and whole numbers get whole widths.
    #[test]
    fn chosen_bins_hold_every_value(
        raw in proptest::collection::vec(-1.0e4..1.0e4f64, 0..80),
        integer in any::<bool>(),
        bins in proptest::option::of(1..40usize),
        tail in any::<bool>(),
    ) {
        let mut values: Vec<f64> = raw.iter().map(|v| if integer { v.round() } else { *v }).collect();
        if tail && !values.is_empty() {
            values.push(1.0e7);
        }
        let b = Bins::choose(values.iter().copied(), integer, bins, None).unwrap();
        prop_assert!(b.width > 0.0);
        if integer {
            prop_assert_eq!(b.width.fract(), 0.0);
        }
        let eps = b.width * 1e-6;
        let mut most = 0;
        for x in &values {
            let k = b.index(*x).unwrap();
            prop_assert!(k >= 0, "{x} in bin {k} of {b:?}");
            prop_assert!(b.start(k) <= x + eps, "{x} below bin {k} of {b:?}");
            let last = b.last(k);
            prop_assert!(last.is_infinite() || *x <= last + eps, "{x} above bin {k} of {b:?}");
            prop_assert!(b.inside(k, b.start(k), last));
            most = most.max(k);
        }
        let limit = bins.unwrap_or(30) as i64 + 2;
        prop_assert!(most < limit, "{most} bins for {} values: {b:?}", values.len());
    }

    #[test]
    fn queries_equal_the_naive_reference(
        rows in proptest::collection::vec(row(), 0..40),
        filters in proptest::collection::vec(filter(), 0..3),
        agg in 0..10usize,
        pivot in any::<bool>(),
    ) {
        let t = table(&rows, 7);
        let mut active: BTreeMap<usize, Filter> = BTreeMap::new();
        // A plain query filters columns, not bins (dimension 3 is the binned `x`).
        for (d, f) in filters.iter().filter(|(d, _)| *d != 3) {
            if let Some(f) = f { active.insert(*d, f.clone()); }
        }
        let aggregate = aggregates()[agg].clone();
        let (group_by, dims): (Vec<GroupBy>, Vec<&str>) = if pivot {
            (vec![GroupBy::Column { column: "cat".into() }, GroupBy::Time { column: "day".into(), bucket: TimeBucket::Month }], vec!["cat", "day:month"])
        } else {
            (vec![GroupBy::Column { column: "num".into() }], vec!["num"])
        };
        let q = Query { filters: active.values().cloned().collect(), group_by, aggregate: aggregate.clone() };
        let got: BTreeMap<GroupKey, f64> = query::run(&t, &q).unwrap().into_iter().map(|g| (g.key, g.value)).collect();
        let want = naive_groups(&rows, &dims, &active, None, &aggregate);
        assert_same(&got, &want, &format!("{q:?}"));
    }
}

#[test]
fn a_view_of_an_empty_table_has_no_groups() {
    let t = table(&[], 1);
    let q = Query {
        filters: vec![],
        group_by: vec![GroupBy::Column {
            column: "cat".into(),
        }],
        aggregate: Aggregate::Count,
    };
    assert!(query::run(&t, &q).unwrap().is_empty());
    assert_eq!(
        query::scalar(&t, vec![], Aggregate::Sum { column: "x".into() }).unwrap(),
        0.0
    );
}

#[test]
fn wrong_columns_are_named() {
    let t = table(
        &[Row {
            cat: Some(0),
            num: Some(1),
            day: Some(19_700),
            x: Some(1.0),
            client: Some(1),
        }],
        1,
    );
    let err = query::scalar(
        &t,
        vec![],
        Aggregate::Sum {
            column: "kosten".into(),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`kosten`") && err.contains("available"),
        "{err}"
    );
    let err = query::scalar(
        &t,
        vec![],
        Aggregate::Sum {
            column: "cat".into(),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("`cat`") && err.contains("number"), "{err}");
    let err = query::run(
        &t,
        &Query {
            filters: vec![Filter::NumberRange {
                column: "cat".into(),
                min: 0.0,
                max: 1.0,
            }],
            group_by: vec![],
            aggregate: Aggregate::Count,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("range"), "{err}");
}

/// A binned dimension leaves nulls, NaN and infinities out of every bin, works on an empty
/// table and on one row, and a bin's own range filter keeps exactly that bin.
#[test]
fn binned_dimension_edge_cases() {
    let row = |x: Option<f64>| Row {
        cat: Some(0),
        num: Some(1),
        day: Some(19_700),
        x,
        client: Some(1),
    };
    let count = |t: &Table, bins: Bins| {
        let dims = [
            DimensionSpec::binned("x", bins),
            DimensionSpec::column("cat"),
        ];
        let views = vec![
            ViewSpec {
                id: "bins".into(),
                dimension: Some("x:bins".into()),
                aggregate: Aggregate::Count,
            },
            ViewSpec {
                id: "cat".into(),
                dimension: Some("cat".into()),
                aggregate: Aggregate::Count,
            },
        ];
        Crossfilter::new(t, &dims, views).unwrap()
    };
    let rows = vec![
        row(Some(f64::NAN)),
        row(None),
        row(Some(f64::INFINITY)),
        row(Some(3.0)),
        row(Some(7.5)),
        row(Some(7.0)),
    ];
    let t = table(&rows, 4);
    let values = rows.iter().filter_map(|r| r.x);
    let bins = Bins::choose(values, false, None, Some(5.0)).unwrap();
    let mut cf = count(&t, bins);
    let got: Vec<(String, f64)> = cf
        .groups(0)
        .into_iter()
        .map(|g| (g.key.label_nl(), g.value))
        .collect();
    assert_eq!(
        got,
        [("0 tot 5".to_string(), 1.0), ("5 tot 10".to_string(), 2.0)]
    );
    // Clicking bin "5 tot 10" sets its own range; the other view sees only its two rows.
    cf.set_filter(
        "x:bins",
        Some(Filter::NumberRange {
            column: "x".into(),
            min: 5.0,
            max: 10.0,
        }),
    )
    .unwrap();
    assert_eq!(cf.groups(1)[0].value, 2.0);
    assert_eq!(cf.groups(0).len(), 2, "a view ignores its own filter");

    let empty = table(&[], 1);
    let cf = count(
        &empty,
        Bins::choose(std::iter::empty(), true, None, None).unwrap(),
    );
    assert!(cf.groups(0).is_empty());

    let one = table(&[row(Some(42.0))], 1);
    let bins = Bins::choose(std::iter::once(42.0), false, None, None).unwrap();
    let cf = count(&one, bins);
    let groups = cf.groups(0);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].value, 1.0);
    assert_eq!(
        groups[0].key.label_nl(),
        bins.label(bins.index(42.0).unwrap())
    );
}

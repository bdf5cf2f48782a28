//! A widget's frame: title, measure and grouping switches, freshness, the chart or table,
//! and downloads. What is inside depends on the widget's kind.

use crate::texts::t;
use helder_core::page_model::{Pivot, Series};
use helder_core::spec::{WidgetKind, WidgetSpec, Width};
use helder_core::{csv_export, date};
use leptos::prelude::*;

use crate::components::analytics_widget::AnalyticsWidget;
use crate::components::area_parts::AreaLayers;
use crate::components::bar_widget::BarWidget;
use crate::components::budget_tile::BudgetTile;
use crate::components::demand_widget::DemandWidget;
use crate::components::grouped_bar_widget::GroupedBarWidget;
use crate::components::histogram_widget::HistogramWidget;
use crate::components::kpi_widget::KpiWidget;
use crate::components::map_widget::MapWidget;
use crate::components::pivot_widget::PivotWidget;
use crate::components::rows_widget::RowsWidget;
use crate::components::scatter_widget::ScatterWidget;
use crate::components::stacked_bar_widget::StackedBarWidget;
use crate::components::table_widget::TableWidget;
use crate::components::time_widget::TimeWidget;
use crate::download;
use crate::load_state::ManifestState;
use crate::store::{SpecState, Store};
use crate::widget_view;

/// Today as a day number, for the freshness check.
fn today() -> i32 {
    (js_sys::Date::now() / 86_400_000.0).floor() as i32
}

/// The series widget `w` shows for the chosen grouping and measure, kept current.
/// `None` while the page's data is on its way; an error when it could not be loaded.
pub fn series_memo(
    store: Store,
    dataset: String,
    w: usize,
    grouping: RwSignal<usize>,
    measure: RwSignal<usize>,
) -> Memo<Option<Result<Series, String>>> {
    Memo::new(move |_| {
        store.revision.track();
        let (g, m) = (grouping.get(), measure.get());
        let failed = store
            .datasets
            .with(|d| matches!(d.get(&dataset), Some(crate::load_state::Load::Failed(_))));
        if failed {
            return Some(Err(t().missing_data.into()));
        }
        store.with_model(|model| model.series(w, g, m).map_err(|e| e.to_string()))
    })
}

/// The pivot (or stacked bars) widget `w` shows for the chosen measure, kept current.
fn pivot_memo(
    store: Store,
    w: usize,
    measure: RwSignal<usize>,
) -> Memo<Option<Result<Pivot, String>>> {
    Memo::new(move |_| {
        store.revision.track();
        let m = measure.get();
        store.with_model(|model| model.pivot(w, m).map_err(|e| e.to_string()))
    })
}

#[component]
pub fn WidgetCard(index: usize, spec: WidgetSpec) -> impl IntoView {
    let store = expect_context::<Store>();
    if spec.kind == WidgetKind::Budget {
        let testid = format!("widget-{}", spec.id.get_ref());
        return view! { <div class="w-third" data-testid=testid><BudgetTile index spec/></div> }
            .into_any();
    }
    let id = spec.id.get_ref().clone();
    let measure = RwSignal::new(0usize);
    // A lookup answer about this widget's second or third measure switches to it.
    {
        let id = id.clone();
        Effect::new(move |_| {
            if let Some((w, m)) = store.lookup_measure.get() {
                if w == id {
                    measure.set(m);
                    store.lookup_measure.set(None);
                }
            }
        });
    }
    let grouping = RwSignal::new(0usize);
    let last_svg = StoredValue::new(None::<(String, u32, u32)>);
    provide_context(last_svg);

    let width = match (spec.kind, spec.width) {
        (WidgetKind::Kpi, _) | (_, Width::Third) => "w-third",
        (_, Width::Half) => "w-half",
        (_, Width::TwoThirds) => "w-two-thirds",
        (_, Width::Full) => "w-full",
    };
    let spec_all = match store.spec.get_untracked() {
        SpecState::Ready(s) => Some(s),
        _ => None,
    };
    let dataset = store
        .page
        .get_untracked()
        .and_then(|p| {
            let page = spec_all.as_ref()?.page(&p)?;
            let w = page.widgets.get(index)?;
            Some(page.widget_dataset(w).to_string())
        })
        .unwrap_or_default();
    let series = series_memo(store, dataset.clone(), index, grouping, measure);
    let fresh = {
        let dataset = dataset.clone();
        Memo::new(move |_| {
            let as_of = match store.manifest.get() {
                ManifestState::Ready(m) => {
                    m.dataset(&dataset).and_then(|d| date::parse_iso(&d.as_of))
                }
                _ => None,
            };
            let max_age = match store.spec.get() {
                SpecState::Ready(s) => s
                    .datasets
                    .get(&dataset)
                    .map_or(helder_core::spec::DEFAULT_MAX_AGE_DAYS, |d| d.max_age_days),
                _ => helder_core::spec::DEFAULT_MAX_AGE_DAYS,
            };
            widget_view::freshness(as_of, today(), max_age)
        })
    };

    let measure_names: Vec<String> = spec
        .measures
        .iter()
        .map(|m| {
            spec_all
                .as_ref()
                .and_then(|all| all.measure(&dataset, m.get_ref()))
                .map_or(m.get_ref().clone(), |x| all_text(&spec_all, &x.label))
        })
        .collect();
    let groupings: Vec<String> = spec
        .dimension
        .iter()
        .filter(|_| spec.kind != WidgetKind::Pivot && spec.stack.is_none() && spec.group.is_none())
        .chain(&spec.alternatives)
        .map(|c| {
            spec_all.as_ref().map_or(c.get_ref().clone(), |all| {
                all.column_label(&dataset, c.get_ref()).to_string()
            })
        })
        .collect();
    let title_id = format!("w-{id}-title");
    let title_id_for_section = title_id.clone();
    let title = all_text(&spec_all, &spec.title);
    let marks: Vec<helder_core::spec::Mark> = spec
        .marks
        .iter()
        .map(|m| helder_core::spec::Mark {
            date: m.date.clone(),
            label: all_text(&spec_all, &m.label),
        })
        .collect();
    let kind = spec.kind;
    // Stacked and grouped bars download their cells, as a pivot does.
    let stacked = spec.stack.is_some() || spec.group.is_some();
    let file_base = id.clone();

    let switches = {
        let id = id.clone();
        let measure_switch = (measure_names.len() > 1 && kind != WidgetKind::Scatter).then(|| {
            let sel_id = format!("w-{id}-measure");
            view! {
                <label for=sel_id.clone() class="switch-label">{t().show}</label>
                <select id=sel_id data-testid=format!("measure-{id}") prop:value=move || measure.get().to_string() on:change=move |ev| measure.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {measure_names.iter().enumerate().map(|(i, n)| view! { <option value=i.to_string()>{n.clone()}</option> }).collect_view()}
                </select>
            }
        });
        let grouping_switch = (groupings.len() > 1).then(|| {
            let sel_id = format!("w-{id}-grouping");
            view! {
                <label for=sel_id.clone() class="switch-label">{t().per_word}</label>
                <select id=sel_id on:change=move |ev| grouping.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {groupings.iter().enumerate().map(|(i, n)| view! { <option value=i.to_string()>{n.clone()}</option> }).collect_view()}
                </select>
            }
        });
        view! { <div class="switches">{measure_switch}{grouping_switch}</div> }
    };

    let body = match kind {
        WidgetKind::Kpi => view! { <KpiWidget series=series spec=spec.clone()/> }.into_any(),
        WidgetKind::Bar if spec.stack.is_some() => {
            view! { <StackedBarWidget pivot=pivot_memo(store, index, measure)/> }.into_any()
        }
        WidgetKind::Bar if spec.group.is_some() => {
            view! { <GroupedBarWidget pivot=pivot_memo(store, index, measure) widget=id.clone()/> }
                .into_any()
        }
        WidgetKind::Bar => view! { <BarWidget series=series/> }.into_any(),
        WidgetKind::Map => {
            let geometry = spec
                .geometry
                .as_ref()
                .map(|g| g.get_ref().clone())
                .unwrap_or_default();
            let key = spec
                .key
                .as_ref()
                .map(|k| k.get_ref().clone())
                .unwrap_or_default();
            view! { <MapWidget series=series geometry=geometry key=key id=id.clone()/> }.into_any()
        }
        WidgetKind::Line => view! { <TimeWidget series=series marks=marks.clone()/> }.into_any(),
        WidgetKind::Table => view! { <TableWidget series=series widget=id.clone()/> }.into_any(),
        WidgetKind::Pivot => {
            view! { <PivotWidget pivot=pivot_memo(store, index, measure)/> }.into_any()
        }
        WidgetKind::Scatter => {
            let (mx, my) = (RwSignal::new(0usize), RwSignal::new(1usize));
            let x = series_memo(store, dataset.clone(), index, grouping, mx);
            let y = series_memo(store, dataset.clone(), index, grouping, my);
            view! { <ScatterWidget x=x y=y/> }.into_any()
        }
        WidgetKind::Forecast | WidgetKind::Effect => {
            let budget_name = spec.budget.as_ref().map(|b| b.get_ref().clone());
            let id_for_timing = id.clone();
            // The fit runs again only when the monthly series (or the budget) changed.
            let figure = Memo::new(move |_| {
                let s = series.get()?;
                let budget = budget_name.as_ref().and_then(|b| {
                    store.datasets.with(|d| match d.get(b) {
                        Some(crate::load_state::Load::Ready(t)) => Some(std::sync::Arc::clone(t)),
                        _ => None,
                    })
                });
                if budget_name.is_some() && budget.is_none() {
                    return None;
                }
                let m = measure.get_untracked();
                // The fit's time is a User Timing measure (`helder:analytics:<widget>`), so
                // the browser's profiler and the end-to-end tests can read it.
                let perf = window().performance();
                let mark = format!("helder:analytics:{}", id_for_timing);
                if let Some(p) = &perf {
                    let _ = p.mark(&format!("{mark}:start"));
                }
                let figure = s.and_then(|_| {
                    store
                        .with_model(|model| {
                            model
                                .analytics(index, m, budget.as_deref())
                                .map_err(|e| e.to_string())
                        })
                        .unwrap_or_else(|| Err(t().page_not_ready.into()))
                });
                if let Some(p) = &perf {
                    let _ = p.measure_with_start_mark(&mark, &format!("{mark}:start"));
                }
                Some(figure)
            });
            let unit = spec
                .measures
                .first()
                .and_then(|m| spec_all.as_ref()?.measure(&dataset, m.get_ref())?.unit)
                .unwrap_or(helder_core::spec::Unit::Number);
            view! { <AnalyticsWidget figure=figure kind=kind unit=unit/> }.into_any()
        }
        WidgetKind::Rows => view! { <RowsWidget index=index widget=id.clone()/> }.into_any(),
        WidgetKind::Demand => {
            view! { <DemandWidget index=index spec=spec.clone() dataset=dataset.clone()/> }
                .into_any()
        }
        WidgetKind::Budget => ().into_any(),
        WidgetKind::Area => {
            let area = AreaLayers {
                id: format!("area-{id}"),
                pivot: spec
                    .stack
                    .is_some()
                    .then(|| pivot_memo(store, index, measure)),
            };
            view! { <TimeWidget series=series marks=marks.clone() area=area/> }.into_any()
        }
        WidgetKind::Histogram => {
            let histogram = Memo::new(move |_| {
                store.revision.track();
                let m = measure.get();
                store.with_model(|model| model.histogram(index, m).map_err(|e| e.to_string()))
            });
            view! { <HistogramWidget histogram=histogram/> }.into_any()
        }
    };

    let downloads = move || {
        let csv_name = format!("{file_base}.csv");
        let svg_name = format!("{file_base}.svg");
        let png_name = format!("{file_base}.png");
        let has_chart = matches!(
            kind,
            WidgetKind::Bar
                | WidgetKind::Line
                | WidgetKind::Area
                | WidgetKind::Histogram
                | WidgetKind::Scatter
                | WidgetKind::Forecast
                | WidgetKind::Effect
        );
        view! {
            <div class="downloads">
                <button type="button" class="link-button" on:click=move |_| {
                    let csv = if kind == WidgetKind::Demand {
                        store.with_model(|m| m.demand(index).ok()).flatten().map(|f| csv_export::demand_csv(&f))
                    } else if kind == WidgetKind::Pivot || stacked {
                        store.with_model(|m| m.pivot(index, measure.get_untracked()).ok()).flatten().map(|p| csv_export::pivot_csv(&p))
                    } else {
                        series.get_untracked().and_then(Result::ok).map(|s| csv_export::series_csv(&s))
                    };
                    if let Some(csv) = csv {
                        download::save_text(&csv_name, "text/csv;charset=utf-8", &csv);
                    }
                }>{t().download_csv}</button>
                {has_chart.then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| {
                        if let Some((svg, _, _)) = last_svg.get_value() {
                            download::save_text(&svg_name, "image/svg+xml", &svg);
                        }
                    }>"SVG"</button>
                    <button type="button" class="link-button" on:click=move |_| {
                        if let Some((svg, w, h)) = last_svg.get_value() {
                            download::save_png(&png_name, &svg, w, h);
                        }
                    }>"PNG"</button>
                })}
            </div>
        }
    };

    view! {
        <section class=format!("card widget {width}") aria-labelledby=title_id_for_section data-testid=format!("widget-{id}")>
            <div class="widget-head">
                <h2 id=title_id>{title}</h2>
                {switches}
            </div>
            {move || fresh.get().1.map(|w| view! { <p class="stale" role="status"><span aria-hidden="true">"⚠ "</span>{w}</p> })}
            {move || {
                store.revision.track();
                // A demand table ignores every filter and says so itself.
                if kind == WidgetKind::Demand {
                    return None;
                }
                let names = store.with_model(|m| m.filters_not_applying(index)).unwrap_or_default();
                (!names.is_empty()).then(|| view! {
                    <p class="muted not-applying" data-testid="not-applying">{widget_view::not_applying(&names)}</p>
                })
            }}
            {body}
            <div class="widget-foot">
                <p class="fresh">{move || fresh.get().0}</p>
                {downloads}
            </div>
        </section>
    }
    .into_any()
}

/// One of the spec's texts in the reader's language.
fn all_text(spec: &Option<std::sync::Arc<helder_core::spec::Spec>>, text: &str) -> String {
    spec.as_ref().map_or(text, |s| s.text(text)).to_string()
}

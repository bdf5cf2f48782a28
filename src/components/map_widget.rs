//! A choropleth: the widget's series coloured on the areas' boundaries (a GeoJSON file next
//! to the data, fetched only when a page has a map). Every area with a value is a button:
//! tap, click, Enter or Space filters the page to it, as a bar does; each area also carries
//! its class number, so colour is never the only way to read it.

use std::sync::Arc;

use helder_core::map_classes::Classes;
use helder_core::map_geometry::{self, MapShapes, VIEW_WIDTH};
use helder_core::page_model::Series;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::bar_widget::toggle_item;
use crate::components::chart_frame::{ItemsTable, Pending};
use crate::fetch;
use crate::store::Store;
use crate::texts::{fill, t};
use crate::widget_view::{self, Item};

/// Classes drawn; each has a token `--helder-map-<n>` (style/tokens.css).
const CLASSES: usize = 5;
/// The default of each class token, lightest first (the lightest three take dark digits).
const CLASS_COLOURS: [&str; CLASSES] = ["#deebf7", "#9ecae1", "#5b9bd0", "#2b6cb0", "#0b3c78"];

fn class_fill(class: usize) -> String {
    format!(
        "var(--helder-map-{}, {})",
        class + 1,
        CLASS_COLOURS[class.min(CLASSES - 1)]
    )
}

/// The class colour for `class` of `count` classes: spread over the whole ramp, so two
/// classes are light and dark, not the two lightest.
fn ramp(class: usize, count: usize) -> usize {
    if count <= 1 {
        CLASSES / 2
    } else {
        (class * (CLASSES - 1) + (count - 1) / 2) / (count - 1)
    }
}

#[component]
pub fn MapWidget(
    series: Memo<Option<Result<Series, String>>>,
    geometry: String,
    key: String,
    id: String,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let shapes = RwSignal::new(None::<Result<Arc<MapShapes>, String>>);
    {
        let url = format!("{}/{geometry}", store.folder.get_untracked());
        spawn_local(async move {
            let result = match fetch::text(&url).await {
                Ok(text) => map_geometry::parse(&text, &key, &geometry)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(format!("{geometry}: {e}")),
            };
            shapes.set(Some(result));
        });
    }
    let hatch = format!("map-hatch-{id}");
    // The focused area's outline is drawn above every other, so the selected areas' thick
    // outlines (drawn over the map) never hide where the keyboard is.
    let focused = RwSignal::new(None::<String>);
    view! {
        <div class="chart-box-outer map-widget">
        {move || match (series.get(), shapes.get()) {
            (None, _) | (_, None) => view! { <Pending error=None/> }.into_any(),
            (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <Pending error=Some(e)/> }.into_any(),
            (Some(Ok(s)), Some(Ok(m))) => drawing(store, &s, &m, &hatch, focused).into_any(),
        }}
        </div>
    }
}

/// The map, its legend, summary and table for one state of the series.
fn drawing(
    store: Store,
    s: &Series,
    m: &MapShapes,
    hatch: &str,
    focused: RwSignal<Option<String>>,
) -> impl IntoView {
    let items = widget_view::items(s);
    let values: Vec<Option<f64>> = items.iter().map(|i| i.value).collect();
    let classes = Classes::quantiles(&values, CLASSES);
    let n = classes.ranges.len();
    let item_of = |key: &str| items.iter().find(|i| i.label == key);
    let mut no_data = false;
    let mut selected_paths = Vec::new();
    let areas = m
        .areas
        .iter()
        .map(|a| {
            let item = item_of(&a.key).cloned();
            let class = item.as_ref().and_then(|i| classes.class_of(i.value));
            let fill_colour = match class {
                Some(c) => class_fill(ramp(c, n)),
                None => {
                    no_data = true;
                    format!("url(#{hatch})")
                }
            };
            let Some(item) = item.filter(|i| i.value.is_some()) else {
                let label = format!("{}: {}", a.key, t().map_no_data);
                let aria = label.clone();
                return view! {
                    <path class="map-area no-data" d=a.path.clone() fill=fill_colour role="img" aria-label=aria>
                        <title>{label}</title>
                    </path>
                }
                .into_any();
            };
            let pressed = s.filtered && item.selected;
            if pressed {
                selected_paths.push(a.path.clone());
            }
            let label = format!(
                "{}: {}{}",
                item.label,
                item.text,
                if pressed { t().selected_suffix } else { "" }
            );
            let (s1, i1, s2, i2) = (s.clone(), item.clone(), s.clone(), item);
            let aria = label.clone();
            let d = a.path.clone();
            view! {
                <path class="map-area" d=a.path.clone() fill=fill_colour tabindex="0" role="button"
                    aria-pressed=pressed.to_string() aria-label=aria data-label=i1.label.clone() data-value=i1.value.map(|v| v.to_string()).unwrap_or_default() data-class=class.map(|c| (c + 1).to_string()).unwrap_or_default()
                    on:click=move |_| toggle_item(store, &s1, &i1)
                    on:focus=move |ev| {
                        // Only keyboard focus is outlined; a tap shows the selection itself.
                        let keyboard = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .is_none_or(|el| el.matches(":focus-visible").unwrap_or(true));
                        if keyboard {
                            focused.set(Some(d.clone()));
                        }
                    }
                    on:blur=move |_| focused.set(None)
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            toggle_item(store, &s2, &i2);
                        }
                    }>
                    <title>{label}</title>
                </path>
            }
            .into_any()
        })
        .collect_view();
    // The class number on each area, dark on the light classes and white on the dark ones.
    let digits = m
        .areas
        .iter()
        .filter_map(|a| {
            let c = classes.class_of(item_of(&a.key)?.value)?;
            let light = ramp(c, n) < 3;
            Some(view! {
                <text x=a.label.0 y=a.label.1 class=if light { "map-digit" } else { "map-digit on-dark" }>{(c + 1).to_string()}</text>
            })
        })
        .collect_view();
    let outlines = m
        .areas
        .iter()
        .map(|a| view! { <path class="map-casing" d=a.path.clone()/> })
        .collect_view();
    let selected = selected_paths
        .into_iter()
        .map(|d| view! { <path class="map-selected" d=d.clone()/><path class="map-selected core" d=d/> })
        .collect_view();
    let missing: Vec<&str> = items
        .iter()
        .filter(|i| !m.areas.iter().any(|a| a.key == i.label))
        .map(|i| i.label.as_str())
        .collect();
    let legend = classes
        .ranges
        .iter()
        .enumerate()
        .map(|(c, &(lo, hi))| {
            // The classes are over the values as shown (already scaled, e.g. per 1.000).
            let shown = |v: f64| helder_core::value_format::format(Some(v), s.unit, s.decimals);
            let range = if lo == hi {
                shown(lo)
            } else {
                format!("{} – {}", shown(lo), shown(hi))
            };
            let swatch = class_fill(ramp(c, n));
            view! {
                <li>
                    <svg class="map-swatch" viewBox="0 0 24 16" aria-hidden="true"><rect x="0.5" y="0.5" width="23" height="15" fill=swatch/></svg>
                    <span class="map-class">{(c + 1).to_string()}</span>
                    " "{range}
                </li>
            }
        })
        .collect_view();
    let hatch_ref = hatch.to_string();
    let no_data_key = no_data.then(|| {
        view! {
            <li>
                <svg class="map-swatch" viewBox="0 0 24 16" aria-hidden="true"><rect x="0.5" y="0.5" width="23" height="15" fill=format!("url(#{hatch_ref})")/></svg>
                {t().map_no_data}
            </li>
        }
    });
    let summary = widget_view::summary(s, &items);
    let group_label = fill(t().map_hint, &[&s.dimension_label]);
    let view_box = format!("0 0 {VIEW_WIDTH} {}", m.height);
    let legend_title = fill(
        t().per,
        &[&s.measure_label, &s.dimension_label.to_lowercase()],
    );
    let all: Vec<Item> = items.clone();
    view! {
        <svg class="map-svg" viewBox=view_box role="group" aria-label=group_label>
            <defs>
                <pattern id=hatch.to_string() patternUnits="userSpaceOnUse" width="12" height="12" patternTransform="rotate(45)">
                    <rect width="12" height="12" fill="var(--helder-chart-background, #ffffff)"/>
                    <line x1="0" y1="0" x2="0" y2="12" stroke="var(--helder-map-no-data, #6b6b6b)" stroke-width="4"/>
                </pattern>
            </defs>
            <g>{areas}</g>
            <g aria-hidden="true" class="map-overlay">{outlines}{selected}{digits}
                {move || focused.get().map(|d| view! { <path class="map-focus" d=d/> })}
            </g>
        </svg>
        <div class="map-legend">
            <p class="map-legend-title">{legend_title}</p>
            <ul>{legend}{no_data_key}</ul>
        </div>
        {(!missing.is_empty()).then(|| view! { <p class="muted">{fill(t().map_missing, &[&missing.join(", ")])}</p> })}
        <p class="summary">{summary}</p>
        <ItemsTable series=s.clone() items=all/>
    }
}

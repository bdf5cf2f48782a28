//! The quick lookup in the header: a combobox that answers typed words with figures (value,
//! period, freshness) from `helder_core::lookup`, and opens the answer's page with its
//! filters at the widget. Shortcut `/` or Ctrl/Cmd+K.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use helder_core::date;
use helder_core::lookup::{self, Answer, Hit, Lookup};
use helder_core::page_model::PageModel;
use helder_core::spec::{Spec, WidgetKind};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::load_state::{Load, ManifestState};
use crate::page_state;
use crate::store::{SpecState, Store};
use crate::texts::{fill, t};

/// One row of the results: what, where, and the figure or why it is not there yet.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    hit: Hit,
    title: String,
    filters: String,
    figure: Result<Answer, String>,
    as_of: String,
}

/// A page's tables if every dataset it needs is loaded; starts loading the others.
fn tables_for(
    store: Store,
    spec: &Spec,
    page: &str,
) -> Option<BTreeMap<String, Arc<helder_core::Table>>> {
    let names = page_state::page_datasets(spec, page);
    let mut out = BTreeMap::new();
    for name in names {
        match store.datasets.with(|d| d.get(&name).cloned()) {
            Some(Load::Ready(t)) => {
                out.insert(name, t);
            }
            Some(Load::Failed(e)) => {
                out.clear();
                leptos::logging::warn!("{e}");
                return None;
            }
            _ => {
                // Not inside the memo that asks: loading writes to the store.
                set_timeout(
                    move || crate::loader::ensure_dataset(store, &name),
                    std::time::Duration::from_millis(0),
                );
                return None;
            }
        }
    }
    Some(out)
}

fn title_of(spec: &Spec, hit: &Hit) -> String {
    let Some(page) = spec.page(&hit.page) else {
        return hit.page.clone();
    };
    let Some(w) = page.widgets.get(hit.widget_index) else {
        return spec.text(&page.title).to_string();
    };
    let measure = w
        .measures
        .get(hit.measure)
        .and_then(|m| spec.measure(page.widget_dataset(w), m.get_ref()))
        .map(|m| spec.text(&m.label).to_string());
    let mut parts = vec![
        spec.text(&page.title).to_string(),
        spec.text(&w.title).to_string(),
    ];
    if let Some(m) = measure.filter(|m| w.kind != WidgetKind::Budget && !parts.contains(m)) {
        parts.push(m);
    }
    parts.join(" · ")
}

fn filters_text(spec: &Spec, hit: &Hit) -> String {
    let dataset = spec
        .page(&hit.page)
        .map_or("", |p| p.dataset.get_ref().as_str());
    let mut parts: Vec<String> = hit
        .filters
        .iter()
        .map(|(c, v)| format!("{}: {v}", spec.column_label(dataset, c)))
        .collect();
    if let Some(y) = hit.year {
        parts.push(y.to_string());
    }
    parts.join(", ")
}

/// Focuses the widget an answer opened once it is drawn (tries for a few seconds).
fn focus_when_drawn(store: Store, tries: u32) {
    let Some(id) = store.focus_widget.get_untracked() else {
        return;
    };
    let selector = format!("[data-testid=widget-{id}]");
    let found = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match found {
        Some(el) => {
            let _ = el.set_attribute("tabindex", "-1");
            el.scroll_into_view();
            let _ = el.focus();
            store.focus_widget.set(None);
        }
        None if tries < 60 => set_timeout(
            move || focus_when_drawn(store, tries + 1),
            std::time::Duration::from_millis(100),
        ),
        None => store.focus_widget.set(None),
    }
}

/// The spec and its lookup index, compared by identity (a rebuilt index is a new one).
#[derive(Debug, Clone)]
struct Index(Arc<Spec>, Arc<Lookup>);

impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) && Arc::ptr_eq(&self.1, &other.1)
    }
}

#[component]
pub fn LookupBox() -> impl IntoView {
    let store = expect_context::<Store>();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let millis = RwSignal::new(0.0f64);
    // Filter values seen so far (wijk names, categories), from every page model built.
    let values = RwSignal::new(BTreeSet::<(String, String)>::new());
    // The lookup's own engines, one per page, so answering never moves the page shown.
    let models: StoredValue<BTreeMap<String, PageModel>> = StoredValue::new(BTreeMap::new());
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // On a phone the field hides behind a button until asked for, to keep the header short.
    let shown = RwSignal::new(false);
    // Focuses the field; false when it could not take focus (not displayed yet).
    let focus = move || {
        input_ref.get_untracked().is_some_and(|i| {
            let _ = i.focus();
            i.select();
            document().active_element().is_some_and(|a| {
                let el: &web_sys::Element = &i;
                a == *el
            })
        })
    };
    // Shows the field and focuses it.
    let reveal = move || {
        shown.set(true);
        // Where the field is on screen already (desktop) it takes focus at once, so the very
        // next keystroke lands in it; a hidden one (phone) is focused once it is displayed.
        if !focus() {
            set_timeout(
                move || {
                    focus();
                },
                std::time::Duration::from_millis(0),
            );
        }
    };

    // Values of the page shown, whenever its engine is rebuilt.
    Effect::new(move |_| {
        store.revision.track();
        let seen = store.with_model(Lookup::values_of).unwrap_or_default();
        if seen
            .iter()
            .any(|v| !values.with_untracked(|s| s.contains(v)))
        {
            values.update(|s| s.extend(seen));
        }
    });

    let index = Memo::new(move |_| {
        let SpecState::Ready(spec) = store.spec.get() else {
            return None;
        };
        let ManifestState::Ready(manifest) = store.manifest.get() else {
            return None;
        };
        let v: Vec<(String, String)> = values.with(|s| s.iter().cloned().collect());
        let lookup = Lookup::new(&spec, |d| manifest.columns(d), &v);
        Some(Index(spec.clone(), Arc::new(lookup)))
    });

    let rows = Memo::new(move |_| {
        let q = query.get();
        let Some(Index(spec, index)) = index.get() else {
            return Vec::new();
        };
        if q.trim().is_empty() {
            return Vec::new();
        }
        let started = window().performance().map(|p| p.now());
        let hits = index.answers(&spec, &q);
        let manifest = match store.manifest.get() {
            ManifestState::Ready(m) => Some(m),
            _ => None,
        };
        let as_of_day = manifest.as_ref().map_or(0, |m| m.as_of_day());
        let mut out = Vec::new();
        let mut new_values = Vec::new();
        for hit in hits {
            let dataset = spec
                .page(&hit.page)
                .and_then(|p| {
                    p.widgets
                        .get(hit.widget_index)
                        .map(|w| p.widget_dataset(w).to_string())
                })
                .unwrap_or_default();
            let as_of = manifest
                .as_ref()
                .and_then(|m| m.dataset(&dataset))
                .and_then(|d| date::parse_iso(&d.as_of))
                .map(|d| fill(t().data_until, &[&date::format_long_nl(d)]))
                .unwrap_or_default();
            let figure = match tables_for(store, &spec, &hit.page) {
                None => Err(t().lookup_loading.to_string()),
                Some(tables) => models
                    .try_update_value(|ms| {
                        if !ms.contains_key(&hit.page) {
                            let built = PageModel::new(&spec, &hit.page, |n| {
                                tables.get(n).map(|t| (**t).clone())
                            })
                            .map_err(|e| e.to_string())?;
                            new_values.extend(Lookup::values_of(&built));
                            ms.insert(hit.page.clone(), built);
                        }
                        let model = ms.get_mut(&hit.page).ok_or_else(String::new)?;
                        lookup::answer(model, &hit, |n| tables.get(n).map(|t| &**t), as_of_day)
                            .map_err(|e| fill(t().lookup_failed, &[&e.to_string()]))
                    })
                    .unwrap_or_else(|| Err(String::new())),
            };
            out.push(Row {
                title: title_of(&spec, &hit),
                filters: filters_text(&spec, &hit),
                figure,
                as_of,
                hit,
            });
        }
        if let (Some(p), Some(s)) = (window().performance(), started) {
            millis.set(p.now() - s);
        }
        if !new_values.is_empty() {
            // Values met while answering (another page's wijk names) widen the index.
            set_timeout(
                move || values.update(|s| s.extend(new_values)),
                std::time::Duration::from_millis(0),
            );
        }
        out
    });

    let go = move |i: usize| {
        let Some(row) = rows.with_untracked(|r| r.get(i).cloned()) else {
            return;
        };
        let pairs = row
            .figure
            .as_ref()
            .map(|a| a.pairs.clone())
            .unwrap_or_default();
        open.set(false);
        active.set(None);
        shown.set(false);
        store.focus_widget.set(Some(row.hit.widget.clone()));
        store
            .lookup_measure
            .set(Some((row.hit.widget.clone(), row.hit.measure)));
        page_state::open_with(store, &row.hit.page, pairs);
        set_timeout(
            move || focus_when_drawn(store, 0),
            std::time::Duration::from_millis(50),
        );
    };

    let on_key = move |ev: ev::KeyboardEvent| {
        let n = rows.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                if n > 0 {
                    active.set(Some(active.get_untracked().map_or(0, |a| (a + 1) % n)));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if n > 0 {
                    active.set(Some(
                        active.get_untracked().map_or(n - 1, |a| (a + n - 1) % n),
                    ));
                }
            }
            "Enter" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                go(active.get_untracked().unwrap_or(0));
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                } else {
                    query.set(String::new());
                    shown.set(false);
                }
            }
            _ => {}
        }
    };

    // `/` and Ctrl/Cmd+K focus the field from anywhere but another text field.
    let handle = window_event_listener(ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        let k = ev.key();
        let shortcut = (k == "/" && !typing && !ev.ctrl_key() && !ev.meta_key())
            || ((k == "k" || k == "K") && (ev.ctrl_key() || ev.meta_key()));
        if shortcut {
            ev.prevent_default();
            reveal();
        }
    });
    on_cleanup(move || handle.remove());

    let expanded = move || open.get() && !query.with(|q| q.trim().is_empty());
    let announce = move || {
        if !expanded() {
            return String::new();
        }
        match rows.with(Vec::len) {
            0 => t().lookup_none.to_string(),
            1 => t().lookup_one_result.to_string(),
            n => fill(t().lookup_results, &[&n.to_string()]),
        }
    };

    view! {
        <div class="lookup" class:shown=move || shown.get() role="search" data-testid="lookup">
            <button type="button" class="lookup-toggle" data-testid="lookup-toggle"
                aria-controls="lookup-field" aria-expanded=move || shown.get().to_string()
                on:click=move |_| reveal()>
                <span aria-hidden="true">"⌕ "</span>{t().lookup_button}
            </button>
            <div class="lookup-field" id="lookup-field">
            <label for="lookup-input" class="visually-hidden">{t().lookup_label}</label>
            <input id="lookup-input" type="search" node_ref=input_ref data-testid="lookup-input"
                role="combobox" aria-autocomplete="list" aria-controls="lookup-list"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(|i| format!("lookup-option-{i}"))
                aria-describedby="lookup-hint"
                autocomplete="off" spellcheck="false" placeholder=t().lookup_placeholder
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_key />
            <p id="lookup-hint" class="visually-hidden">{t().lookup_hint}</p>
            <p class="visually-hidden" aria-live="polite" data-testid="lookup-count">{announce}</p>
            <ul id="lookup-list" role="listbox" class="lookup-list" aria-label=t().lookup_label
                data-testid="lookup-list" data-ms=move || format!("{:.2}", millis.get())
                hidden=move || !expanded() || rows.with(Vec::is_empty)>
                <For each=move || rows.get().into_iter().enumerate()
                    key=|(i, r)| (*i, r.clone().hit.widget, format!("{:?}", r.figure))
                    let:item>
                    {
                        let (i, row) = item;
                        let selected = move || active.get() == Some(i);
                        let (value, period, value_attr) = match &row.figure {
                            Ok(a) => (a.value_text.clone(), a.period.clone(), a.value.map(|v| v.to_string()).unwrap_or_default()),
                            Err(e) => (String::new(), e.clone(), String::new()),
                        };
                        view! {
                            <li id=format!("lookup-option-{i}") role="option" class="lookup-option"
                                class:active=selected aria-selected=move || selected().to_string()
                                data-testid="lookup-option" data-page=row.hit.page.clone()
                                data-widget=row.hit.widget.clone()
                                data-measure=row.hit.measure.to_string()
                                on:mousedown=move |ev| ev.prevent_default()
                                on:click=move |_| go(i)>
                                <span class="lookup-title">{row.title.clone()}</span>
                                <span class="lookup-value" data-testid="lookup-value" data-value=value_attr>{value}</span>
                                <span class="lookup-meta">
                                    {period}
                                    {(!row.filters.is_empty()).then(|| format!(" · {}", row.filters))}
                                    {(!row.as_of.is_empty()).then(|| format!(" · {}", row.as_of))}
                                </span>
                            </li>
                        }
                    }
                </For>
            </ul>
            </div>
        </div>
    }
}

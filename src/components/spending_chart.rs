//! The first chart: monthly youth-care spending, with a text summary and a table alternative.

use helder_core::format_nl;
use leptos::prelude::*;

use crate::chart;
use crate::components::figure_state::{reason, FigurePending};
use crate::store::Store;
use crate::view_model::{self, Figure};

/// Chart size for the width the card gives it, so text is drawn at its real size.
fn chart_size(container: u32) -> (u32, u32) {
    let width = container.clamp(240, 1200);
    let height = if width < 480 { 240 } else { 320 };
    (width, height)
}

#[component]
pub fn SpendingChart() -> impl IntoView {
    let store = expect_context::<Store>();
    let viewport = expect_context::<RwSignal<u32>>();
    // The chart is drawn for the container's measured width, again after every resize.
    let container = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0u32);
    Effect::new(move |_| {
        viewport.track();
        if let Some(el) = container.get() {
            width.set(el.client_width().max(0) as u32);
        }
    });
    let figure = Memo::new(move |_| {
        store
            .manifest
            .with(|m| store.datasets.with(|d| view_model::monthly_chart(m, d)))
    });
    view! {
        <section class="card chart" aria-labelledby="chart-spending-title" data-testid="chart-spending">
            <h2 id="chart-spending-title">"Uitgaven jeugdzorg per maand"</h2>
            <div node_ref=container>
            {move || match figure.get() {
                Figure::Ready(c) => {
                    let (w, h) = chart_size(width.get());
                    let drawing = match chart::bar_chart_svg(&c, w, h) {
                        Ok(svg) => view! {
                            <div class="chart-svg" role="img" aria-label=c.summary.clone() inner_html=svg></div>
                        }
                        .into_any(),
                        Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                    };
                    let rows = c
                        .bars
                        .iter()
                        .map(|(label, value)| view! {
                            <tr><th scope="row">{label.clone()}</th><td class="num">{format_nl::euro(*value)}</td></tr>
                        })
                        .collect_view();
                    view! {
                        {drawing}
                        <p class="summary">{c.summary.clone()}</p>
                        <details class="table-alt">
                            <summary>"Toon als tabel"</summary>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Tabel uitgaven per maand">
                                <table>
                                    <caption>{c.title.clone()}</caption>
                                    <thead><tr><th scope="col">"Maand"</th><th scope="col" class="num">"Uitgaven"</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        </details>
                    }
                    .into_any()
                }
                other => view! { <FigurePending reason=reason(&other)/> }.into_any(),
            }}
            </div>
        </section>
    }
}

//! A budget widget's tile: spending this year against the year's budget.

use leptos::prelude::*;

use crate::components::figure_state::{reason, FigurePending};
use crate::store::{SpecState, Store};
use crate::view_model::{self, Figure, Pace};
use helder_core::spec::WidgetSpec;

#[component]
pub fn BudgetTile(index: usize, spec: WidgetSpec) -> impl IntoView {
    let store = expect_context::<Store>();
    // Follows the page's filters: recomputed at every change of the engine's selection.
    let tile = Memo::new(move |_| {
        store.revision.track();
        let (SpecState::Ready(s), Some(page)) = (store.spec.get(), store.page.get()) else {
            return Figure::Loading;
        };
        store.manifest.with(|m| {
            store.datasets.with(|d| {
                store
                    .with_model(|model| {
                        view_model::budget_tile(m, d, &s, &page, Some(model), index)
                    })
                    .unwrap_or_else(|| view_model::budget_tile(m, d, &s, &page, None, index))
            })
        })
    });
    let title_id = format!("kpi-{}-title", spec.id.get_ref());
    let labelled = title_id.clone();
    let pending_title = store.spec.with_untracked(|s| match s {
        SpecState::Ready(s) => s.text(&spec.title).to_string(),
        _ => spec.title.clone(),
    });
    view! {
        <article class="card kpi" aria-labelledby=labelled data-testid="kpi-budget">
            {move || match tile.get() {
                Figure::Ready(t) => {
                    let (icon, class) = match t.pace {
                        Pace::Ahead => ("▲", "pace pace-ahead"),
                        Pace::OnTrack => ("●", "pace pace-ok"),
                    };
                    view! {
                        <h2 id=title_id.clone()>{t.title}</h2>
                        <p class="kpi-value" data-testid="kpi-value" data-value=t.spent.to_string()>{t.spent_text}</p>
                        <p class="kpi-detail">{t.detail}</p>
                        <p class=class><span aria-hidden="true">{icon}" "</span>{t.pace_text}</p>
                        {(!t.not_following.is_empty()).then(|| view! {
                            <p class="muted not-applying" data-testid="not-applying">{crate::widget_view::budget_not_split(&t.not_following)}</p>
                        })}
                        <p class="fresh">{t.freshness}</p>
                    }
                    .into_any()
                }
                other => view! {
                    <h2 id=title_id.clone()>{pending_title.clone()}</h2>
                    <FigurePending reason=reason(&other)/>
                }
                .into_any(),
            }}
        </article>
    }
}

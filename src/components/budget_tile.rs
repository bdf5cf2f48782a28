//! The KPI tile: youth-care spending this year against budget.

use leptos::prelude::*;

use crate::components::figure_state::{reason, FigurePending};
use crate::store::Store;
use crate::view_model::{self, Figure, Pace};

#[component]
pub fn BudgetTile() -> impl IntoView {
    let store = expect_context::<Store>();
    let tile = Memo::new(move |_| {
        store
            .manifest
            .with(|m| store.datasets.with(|d| view_model::budget_tile(m, d)))
    });
    view! {
        <article class="card kpi" aria-labelledby="kpi-budget-title" data-testid="kpi-budget">
            {move || match tile.get() {
                Figure::Ready(t) => {
                    let (icon, class) = match t.pace {
                        Pace::Ahead => ("▲", "pace pace-ahead"),
                        Pace::OnTrack => ("●", "pace pace-ok"),
                    };
                    view! {
                        <h2 id="kpi-budget-title">{t.title}</h2>
                        <p class="kpi-value" data-testid="kpi-value" data-value=t.spent.to_string()>{t.spent_text}</p>
                        <p class="kpi-detail">{t.detail}</p>
                        <p class=class><span aria-hidden="true">{icon}" "</span>{t.pace_text}</p>
                        <p class="fresh">{t.freshness}</p>
                    }
                    .into_any()
                }
                other => view! {
                    <h2 id="kpi-budget-title">{crate::texts::t().budget_title}</h2>
                    <FigurePending reason=reason(&other)/>
                }
                .into_any(),
            }}
        </article>
    }
}

//! A KPI tile: the latest selected period's value, its change in words and arrows (never
//! colour alone), its status against a norm, and a sparkline of the selected periods.

use helder_core::kpi_figure::{kpi_figure, Direction};
use helder_core::page_model::Series;
use helder_core::spec::WidgetSpec;
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::Pending;

fn arrow(d: Direction) -> &'static str {
    match d {
        Direction::Up => "▲",
        Direction::Down => "▼",
        Direction::Same => "■",
    }
}

#[component]
pub fn KpiWidget(series: Memo<Option<Result<Series, String>>>, spec: WidgetSpec) -> impl IntoView {
    let id = spec.id.get_ref().clone();
    move || match series.get() {
        None => view! { <Pending error=None/> }.into_any(),
        Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
        Some(Ok(s)) => {
            // The norm is the first measure's: another measure the reader (or a lookup answer)
            // switched to has other units, so no norm is judged for it.
            let first = spec
                .measures
                .first()
                .is_some_and(|m| m.get_ref() == &s.measure);
            let k = kpi_figure(&s, spec.target.filter(|_| first), spec.higher_is_better);
            let spark = (k.spark.len() > 1)
                .then(|| chart::sparkline_svg(&k.spark, 160, 36).ok())
                .flatten();
            let changes = [k.previous.clone(), k.year_ago.clone()]
                .into_iter()
                .flatten()
                .map(|c| view! { <li><span aria-hidden="true">{arrow(c.direction)}" "</span>{format!("{} {}", c.delta, c.against)}</li> })
                .collect_view();
            view! {
                <div class="kpi" data-testid=format!("kpi-{id}")>
                    <p class="kpi-label">{format!("{} · {}", s.measure_label, k.period)}</p>
                    <p class="kpi-value" data-value=k.value.map(|v| v.to_string()).unwrap_or_default()>{k.value_text.clone()}</p>
                    <ul class="kpi-changes">{changes}</ul>
                    {k.status.map(|st| {
                        let (icon, class) = if st.good { ("✔", "pace pace-ok") } else { ("▲", "pace pace-ahead") };
                        view! { <p class=class><span aria-hidden="true">{icon}" "</span>{st.text}</p> }
                    })}
                    {spark.map(|svg| view! { <div class="sparkline" aria-hidden="true" inner_html=svg></div> })}
                </div>
            }
            .into_any()
        }
    }
}

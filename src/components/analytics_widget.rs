//! The forecast and policy-effect widgets: the history, the forecast (or the counterfactual
//! without the measure) in its 80 % and 95 % bands, and the result in words with its
//! uncertainty. Computed in the browser by the core on the page's current filters.

use crate::texts::{fill, t};
use helder_core::analytics_figure::AnalyticsFigure;
use helder_core::spec::{Unit, WidgetKind};
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::{chart_width, measured_width, Pending};
use crate::widget_view;

#[component]
pub fn AnalyticsWidget(
    figure: Memo<Option<Result<AnalyticsFigure, String>>>,
    kind: WidgetKind,
    unit: Unit,
) -> impl IntoView {
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match figure.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(f)) => {
                // One axis over history and projection; the projection overlaps the history
                // for effects (the counterfactual runs beside the actual months).
                let n = (f.projected_from + f.projected.len()).max(f.history.len());
                let mut labels: Vec<String> = f.history.iter().map(|p| p.label.clone()).collect();
                labels.extend(f.projected.iter().skip(f.history.len().saturating_sub(f.projected_from)).map(|p| p.label.clone()));
                labels.truncate(n);
                let actual: Vec<Option<f64>> = (0..n).map(|i| f.history.get(i).map(|p| p.value)).collect();
                let projected: Vec<Option<chart::Projected>> = (0..n)
                    .map(|i| {
                        let p = f.projected.get(i.checked_sub(f.projected_from)?)?;
                        let (l80, h80, l95, h95) = p.band.unwrap_or((p.value, p.value, p.value, p.value));
                        Some(chart::Projected { mean: p.value, lo80: l80, hi80: h80, lo95: l95, hi95: h95 })
                    })
                    .collect();
                let comparison: Vec<Option<f64>> = (0..n).map(|i| f.comparison.get(i).copied()).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let h = if w < 480 { 240 } else { 320 };
                let caption = match kind {
                    WidgetKind::Effect => t().effect_legend,
                    _ => t().forecast_legend,
                };
                let picture = match chart::projection_svg(&chart::ProjectionLines { labels: &labels, actual: &actual, projected: &projected, comparison: &comparison, from: f.projected_from }, &widget_view::axis(unit), w, h) {
                    Ok(svg) => {
                        last_svg.set_value(Some((svg.clone(), w, h)));
                        view! { <div class="chart-svg" role="img" aria-label=format!("{} {}", f.sentence, caption) inner_html=svg></div> }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                let fmt = move |v: f64| helder_core::value_format::format(Some(v), unit, 0);
                let compared = !f.comparison.is_empty();
                let rows = f.projected.iter().enumerate().map(|(h, p)| {
                    let (l80, h80, l95, h95) = p.band.unwrap_or((p.value, p.value, p.value, p.value));
                    let control = compared.then(|| {
                        let v = f.comparison.get(f.projected_from + h).copied();
                        view! { <td class="num">{v.map(fmt).unwrap_or_default()}</td> }
                    });
                    // An effect's months happened: the actual value beside the expected one.
                    let actual = (kind == WidgetKind::Effect).then(|| {
                        let v = f.history.get(f.projected_from + h).map(|p| p.value);
                        view! { <td class="num">{v.map(fmt).unwrap_or_default()}</td> }
                    });
                    view! {
                        <tr><th scope="row">{p.label.clone()}</th>{actual}<td class="num">{fmt(p.value)}</td>
                        <td class="num">{format!("{} – {}", fmt(l80), fmt(h80))}</td><td class="num">{format!("{} – {}", fmt(l95), fmt(h95))}</td>{control}</tr>
                    }
                }).collect_view();
                let control_legend = f.comparison_name.clone().map(|name| view! { <p class="summary">{fill(t().control_legend, &[&name])}</p> });
                let control_head = compared.then(|| view! { <th scope="col" class="num">{t().control_column}</th> });
                let actual_head = (kind == WidgetKind::Effect).then(|| view! { <th scope="col" class="num">{t().actual}</th> });
                let first_col = if kind == WidgetKind::Effect { t().expected_without } else { t().forecast };
                view! {
                    <p class="analytics-sentence" data-testid="analytics-sentence" data-value=f.value.to_string()>{f.sentence.clone()}</p>
                    {picture}
                    <p class="summary">{f.detail.clone()}</p>
                    <p class="summary">{caption}</p>
                    {control_legend}
                    <details class="table-alt">
                        <summary>{t().show_table}</summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[first_col])>
                            <table>
                                <thead><tr><th scope="col">{t().month}</th>{actual_head}<th scope="col" class="num">{first_col}</th><th scope="col" class="num">{t().band80}</th><th scope="col" class="num">{t().band95}</th>{control_head}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }
        }}
        </div>
    }
}

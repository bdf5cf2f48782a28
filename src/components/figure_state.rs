//! How a figure that is not ready shows itself, the same in every widget.

use crate::texts::{fill, t};
use leptos::prelude::*;

/// The placeholder text for a figure that is loading, missing or failed.
#[component]
pub fn FigurePending(
    /// `None` while loading; otherwise why the figure is not there.
    reason: Option<String>,
) -> impl IntoView {
    match reason {
        None => view! { <p class="muted" aria-busy="true">{t().loading}</p> }.into_any(),
        Some(text) => view! { <p class="unavailable">{text}</p> }.into_any(),
    }
}

/// The reason text for a figure's pending state, or `None` while it is loading.
pub fn reason<T>(figure: &crate::view_model::Figure<T>) -> Option<String> {
    use crate::view_model::Figure;
    match figure {
        Figure::Loading | Figure::Ready(_) => None,
        Figure::Missing => Some(t().unavailable_missing.into()),
        Figure::Unavailable(e) => Some(fill(t().unavailable, &[e])),
    }
}

//! One keyboard stop over a chart's slots (periods or bins): arrow keys (or the pointer)
//! move through them and show each exact value; Enter or a click selects one for every other
//! widget, Shift extends the selection, dragging selects a range, Escape clears it. The
//! time chart and the histogram share it; what a selection means is theirs to say.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use crate::chart::Slots;

/// What a scrub does with a choice: select slots `lo..=hi` (clearing it when `toggle` is set
/// and it is that already), say where an extended selection starts, and clear.
#[derive(Clone)]
pub struct ScrubActions {
    pub select: Arc<dyn Fn(usize, usize, bool) + Send + Sync>,
    pub start_of: Arc<dyn Fn(usize) -> usize + Send + Sync>,
    pub clear: Arc<dyn Fn() + Send + Sync>,
    /// Slot `i` in words with its value, for the tip and screen readers.
    pub text_of: Arc<dyn Fn(usize) -> String + Send + Sync>,
}

#[component]
pub fn RangeScrub(
    n: usize,
    slots: Slots,
    /// The accessible name, saying how to use the keys.
    label: String,
    testid: &'static str,
    actions: ScrubActions,
    /// The slot under the pointer or keyboard, and where a drag began; the owner keeps them,
    /// so they outlive a redraw of the chart.
    cursor: RwSignal<Option<usize>>,
    anchor: RwSignal<Option<usize>>,
) -> impl IntoView {
    let last = n.saturating_sub(1);
    let at = move |x: f64| ((x / slots.step).floor().max(0.0) as usize).min(last);
    let (up, keys) = (actions.clone(), actions.clone());
    let (text_now, text_tip) = (actions.text_of.clone(), actions.text_of.clone());
    let marks = move || {
        let c = cursor.get()?;
        let (lo, hi) = match anchor.get() {
            Some(a) => (a.min(c), a.max(c)),
            None => (c, c),
        };
        let left = slots.step * lo as f64;
        let tip_left = (slots.step * (c as f64 + 0.5)).clamp(60.0, (slots.width - 60.0).max(60.0));
        Some(view! {
            <div class="cursor" style=format!("left:{left}px;width:{}px", slots.step * (hi - lo + 1) as f64)></div>
            <span class="tip shown" aria-hidden="true" style=format!("left:{tip_left}px")>{text_tip(c)}</span>
        })
    };
    view! {
        <div class="scrub" tabindex="0" role="slider" data-testid=testid
            aria-label=label
            aria-valuemin="0" aria-valuemax=last.to_string()
            aria-valuenow=move || cursor.get().unwrap_or(last).to_string()
            aria-valuetext=move || text_now(cursor.get().unwrap_or(last))
            style=format!("left:{}px;top:{}px;width:{}px;height:{}px", slots.left, slots.top, slots.width, slots.height)
            on:pointerdown=move |ev: ev::PointerEvent| { let i = at(f64::from(ev.offset_x())); anchor.set(Some(i)); cursor.set(Some(i)); }
            on:pointermove=move |ev: ev::PointerEvent| cursor.set(Some(at(f64::from(ev.offset_x()))))
            on:pointerleave=move |_| { cursor.set(None); anchor.set(None); }
            on:pointerup=move |ev: ev::PointerEvent| {
                let i = at(f64::from(ev.offset_x()));
                match anchor.get_untracked() {
                    Some(a) if a != i => (up.select)(a, i, false),
                    _ if ev.shift_key() => (up.select)((up.start_of)(i), i, false),
                    _ => (up.select)(i, i, true),
                }
                anchor.set(None);
            }
            on:keydown=move |ev: ev::KeyboardEvent| {
                let c = cursor.get_untracked().unwrap_or(last);
                match ev.key().as_str() {
                    "ArrowLeft" | "ArrowDown" => cursor.set(Some(c.saturating_sub(1))),
                    "ArrowRight" | "ArrowUp" => cursor.set(Some((c + 1).min(last))),
                    "Home" => cursor.set(Some(0)),
                    "End" => cursor.set(Some(last)),
                    "Enter" | " " if ev.shift_key() => (keys.select)((keys.start_of)(c), c, false),
                    "Enter" | " " => (keys.select)(c, c, true),
                    "Escape" => (keys.clear)(),
                    _ => return,
                }
                ev.prevent_default();
            }
            on:focus=move |_| if cursor.get_untracked().is_none() { cursor.set(Some(last)) }
            on:blur=move |_| cursor.set(None)>
            {marks}
        </div>
    }
}

//! Entry point of the wasm binary: mount the app on the page's body.

fn main() {
    leptos::mount::mount_to_body(helder_app::App);
    // The boot screen (index.html), with any first figures it showed, makes way for the
    // app's own: removed rather than hidden, so no figure is on the page twice.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".boot").ok().flatten())
    {
        boot.remove();
    }
}

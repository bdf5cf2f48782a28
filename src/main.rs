//! Entry point of the wasm binary: mount the app on the page's body.

fn main() {
    leptos::mount::mount_to_body(helder_app::App);
}

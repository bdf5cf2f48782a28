//! Helder's browser app: a Leptos single-page app that fetches Arrow files from static
//! hosting and computes every figure in the browser with `helder-core`.
//!
//! Components are thin: loading lives in `loader`, state in `store`, and what a widget
//! shows is derived in `view_model`, which has no web dependency and is tested as such.

pub mod app;
pub mod chart;
pub mod components;
pub mod fetch;
pub mod load_state;
pub mod loader;
pub mod store;
pub mod view_model;

pub use app::App;

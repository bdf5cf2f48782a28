//! Thin view components: each reads the store, asks `view_model` what to show, and draws it.

pub mod budget_tile;
pub mod dataset_list;
pub mod figure_state;
pub mod header;
pub mod load_status;
pub mod spending_chart;

//! Thin view components: each reads the store, asks the core or `widget_view` what to show,
//! and draws it.

pub mod analytics_widget;
pub mod area_parts;
pub mod bar_widget;
pub mod budget_tile;
pub mod chart_frame;
pub mod dataset_list;
pub mod demand_widget;
pub mod disclosure_note;
pub mod figure_state;
pub mod filter_chips;
pub mod filter_panel;
pub mod grouped_bar_widget;
pub mod header;
pub mod histogram_widget;
pub mod kpi_widget;
pub mod load_status;
pub mod lookup_box;
pub mod map_widget;
pub mod offline_notice;
pub mod page_nav;
pub mod page_view;
pub mod pivot_widget;
pub mod range_scrub;
pub mod rows_widget;
pub mod scatter_widget;
pub mod stacked_bar_widget;
pub mod table_widget;
pub mod time_widget;
pub mod widget_card;

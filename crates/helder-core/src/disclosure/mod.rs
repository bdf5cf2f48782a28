//! Statistical disclosure control for public dashboards: a cube of aggregated cells with
//! the additive relations between them (every margin is the sum of its children, across
//! hierarchies such as buurt → wijk → gemeente and over time), the primary rules of
//! Statistics Netherlands, secondary suppression, and the linear-programming attack that
//! verifies no suppressed value can be narrowed down by adding and subtracting published
//! ones. See `docs/publishing.md`.

#[cfg(any(test, feature = "lp"))]
pub mod attack;
pub mod cube;
pub mod rules;
pub mod suppress;

pub use cube::{Cell, Cube, CubeInput, Relation, Status};
pub use rules::{CellStats, MeasureClass, Reason, Rules};

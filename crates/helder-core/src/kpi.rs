//! Key figures of the first screen, computed the same way in the browser and the CLI.

use serde::{Deserialize, Serialize};

use crate::query::{self, Aggregate, Filter};
use crate::spec::{PageSpec, Spec, WidgetSpec};
use crate::{date, format_nl, CoreError, Table};

/// Spending of one year against that year's budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetKpi {
    pub year: i32,
    /// Spending from 1 January up to and including the as-of date.
    pub spent: f64,
    /// The budget for the whole year.
    pub budget: f64,
    /// Last day covered, as a day number.
    pub through: i32,
    /// Columns of the page's filters the figure does not follow, because the budget is
    /// not split by them.
    #[serde(default)]
    pub ignored: Vec<String>,
}

impl BudgetKpi {
    /// Spending as a share of the year's budget; NaN without a budget.
    pub fn share(&self) -> f64 {
        if self.budget > 0.0 {
            self.spent / self.budget
        } else {
            f64::NAN
        }
    }

    /// The share of the year that has passed by `through`, for a fair comparison.
    pub fn year_elapsed(&self) -> f64 {
        let (Some(start), Some(end)) = (
            date::from_ymd(self.year, 1, 1),
            date::from_ymd(self.year, 12, 31),
        ) else {
            return f64::NAN;
        };
        f64::from(self.through - start + 1) / f64::from(end - start + 1)
    }

    pub fn spent_text(&self) -> String {
        format_nl::euro(self.spent)
    }

    pub fn budget_text(&self) -> String {
        format_nl::euro(self.budget)
    }

    pub fn share_text(&self) -> String {
        format_nl::percent(self.share(), 1)
    }
}

/// The columns a budget dataset holds: the year, and the amount budgeted (summed per year,
/// so a budget may be split by category in several rows).
pub const BUDGET_YEAR: &str = "jaar";
pub const BUDGET: &str = "budget";

/// Where a budget widget reads its figures, resolved from the spec: spending is the
/// widget's measure (a sum) over its time column in its dataset; the budget is the sum of
/// column `budget` per `jaar` in dataset `budget`.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetSource {
    pub dataset: String,
    pub time: String,
    pub spending: Aggregate,
    pub budget: String,
}

impl BudgetSource {
    /// The source of budget widget `w` on `page`; names what the spec leaves out (a spec
    /// that passed `spec_check` always has it).
    pub fn of(spec: &Spec, page: &PageSpec, w: &WidgetSpec) -> Result<Self, CoreError> {
        let what = || format!("budget widget `{}`", w.id.get_ref());
        let dataset = page.widget_dataset(w);
        let time = w
            .time
            .as_ref()
            .map(|t| t.get_ref().as_str())
            .or_else(|| spec.time_column(dataset))
            .ok_or_else(|| CoreError::Spec(format!("{} has no `time` column", what())))?;
        let measure = w
            .measures
            .first()
            .ok_or_else(|| CoreError::Spec(format!("{} has no measure", what())))?;
        let budget = w
            .budget
            .as_ref()
            .ok_or_else(|| CoreError::Spec(format!("{} names no `budget` dataset", what())))?;
        Ok(Self {
            dataset: dataset.to_string(),
            time: time.to_string(),
            spending: spec.aggregate(dataset, measure.get_ref())?,
            budget: budget.get_ref().clone(),
        })
    }
}

/// The page's filters a budget can follow: those on columns the budget dataset has too
/// (a product filter, when the budget is split per product). Returns them, and the columns
/// of the others, which the budget cannot follow; filters on `time` are left out of both,
/// as the figure is always the whole year.
pub fn budget_filters<'a>(
    budgets: &Table,
    filters: impl IntoIterator<Item = &'a Filter>,
    time: &str,
) -> (Vec<Filter>, Vec<String>) {
    let mut follow = Vec::new();
    let mut ignored = Vec::new();
    for f in filters {
        let column = f.column();
        if column == time || column == BUDGET_YEAR {
            continue;
        }
        if budgets.column(column).is_ok() {
            follow.push(f.clone());
        } else if !ignored.iter().any(|c| c == column) {
            ignored.push(column.to_string());
        }
    }
    (follow, ignored)
}

/// The budget of `year` under `filters` (see [`budget_filters`]): the sum of column
/// `budget` over the rows whose `jaar` is `year`.
pub fn budget_for_year(budgets: &Table, year: i32, filters: &[Filter]) -> Result<f64, CoreError> {
    let mut all = vec![Filter::NumberRange {
        column: BUDGET_YEAR.into(),
        min: f64::from(year),
        max: f64::from(year),
    }];
    all.extend_from_slice(filters);
    query::scalar(
        budgets,
        all,
        Aggregate::Sum {
            column: BUDGET.into(),
        },
    )
}

/// Spending in the calendar year of `as_of` up to `as_of` (in `costs`, the source's
/// dataset), against that year's budget (in `budgets`). Both follow the page's `filters`
/// the budget can follow; the others are named in [`BudgetKpi::ignored`], since spending
/// cut by them could no longer be set against the budget.
pub fn budget_kpi(
    costs: &Table,
    budgets: &Table,
    source: &BudgetSource,
    as_of: i32,
    filters: &[Filter],
) -> Result<BudgetKpi, CoreError> {
    let year = date::year(as_of);
    let from = date::from_ymd(year, 1, 1).unwrap_or(as_of);
    let (follow, ignored) = budget_filters(budgets, filters, &source.time);
    let mut spending = vec![Filter::DateRange {
        column: source.time.clone(),
        from,
        to: as_of,
    }];
    spending.extend(follow.iter().cloned());
    let spent = query::scalar(costs, spending, source.spending.clone())?;
    let budget = budget_for_year(budgets, year, &follow)?;
    Ok(BudgetKpi {
        year,
        spent,
        budget,
        through: as_of,
        ignored,
    })
}

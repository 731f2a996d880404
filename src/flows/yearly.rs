//! Destinations year by year: the split of one year's refugees into neighbours, the rest of
//! the region, Europe and elsewhere, from where the origin's new arrivals went just before.
//!
//! Where refugees go changes over a war: Europe took 2–7% of the Syrians arriving in 2012–14,
//! 26% in 2015, 45% in 2016 and about 80% in 2020–23. One split per conflict (the stocks at the
//! peak year) cannot follow that, so year `t` takes, in this order:
//! 1. the asylum-state shares of the origin's new arrivals in `t - 1` (UNHCR flows,
//!    `data/conflict_arrivals.csv`), when that year had at least `destinations.min_arrivals`
//!    new refugees and asylum seekers;
//! 2. else those of `t - 2`, on the same condition;
//! 3. else the conflict's observed stocks (the peak-year split, [`super::destinations::observed`]);
//! 4. else the destination model's split (gravity or radiation), passed in by the caller.
//!
//! Only years before `t` are used, so the split of a year never rests on that year's arrivals.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;

use serde::Serialize;

use super::destinations::{Geography, Split, observed};
use crate::world::{Conflict, World};

/// Where a year's split comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", content = "source_year", rename_all = "snake_case")]
pub enum SplitBasis {
    /// The new arrivals of the year before (the source year).
    PreviousYear(i32),
    /// The new arrivals of two years before (the source year).
    EarlierYear(i32),
    /// The conflict's observed stocks (peak-year split).
    Stocks,
    /// The destination model.
    Model,
}

impl fmt::Display for SplitBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitBasis::PreviousYear(y) => write!(f, "new arrivals {y} (previous year)"),
            SplitBasis::EarlierYear(y) => write!(f, "new arrivals {y} (two years before)"),
            SplitBasis::Stocks => write!(f, "UNHCR stocks (peak-year split)"),
            SplitBasis::Model => write!(f, "destination model"),
        }
    }
}

/// The split to use for one year's refugees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearSplit {
    /// The year of the refugees.
    pub year: i32,
    /// The shares of the four categories (summing to 1).
    pub split: Split,
    /// Where they come from.
    pub basis: SplitBasis,
}

/// The shares by asylum state of a conflict's new arrivals in `year` (all its origins), largest
/// first, when there were at least `min` of them.
pub fn arrival_shares(conflict: &Conflict, year: i32, min: u64) -> Option<Vec<(String, f64)>> {
    let mut by_dest: BTreeMap<&str, u64> = BTreeMap::new();
    for a in conflict.arrivals_in(year) {
        *by_dest.entry(a.asylum_code.as_str()).or_default() += a.total;
    }
    let total: u64 = by_dest.values().sum();
    if total == 0 || total < min {
        return None;
    }
    let mut out: Vec<(String, f64)> = by_dest
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (c.to_string(), n as f64 / total as f64))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Some(out)
}

/// The state shares for `year` from the conflict's own record (new arrivals of the previous
/// year, else of the year before, else the stocks), with their basis; `None` where the record
/// has nothing and the model must be used.
pub fn record_shares(
    geo: &Geography,
    conflict: &Conflict,
    year: i32,
) -> Option<(Vec<(String, f64)>, SplitBasis)> {
    let min = geo.min_arrivals();
    if let Some(s) = arrival_shares(conflict, year - 1, min) {
        return Some((s, SplitBasis::PreviousYear(year - 1)));
    }
    if let Some(s) = arrival_shares(conflict, year - 2, min) {
        return Some((s, SplitBasis::EarlierYear(year - 2)));
    }
    observed(conflict, geo.basis()).map(|o| (o.shares, SplitBasis::Stocks))
}

/// The split for each year of `years` of `conflict`'s averted refugees, in the order of the
/// module documentation; `fallback` is the destination model's split for the conflict, used
/// where the record has nothing.
pub fn yearly_splits(
    world: &World,
    geo: &Geography,
    conflict: &Conflict,
    years: RangeInclusive<i32>,
    fallback: &Split,
) -> Vec<YearSplit> {
    // The geography carries the world; the argument keeps callers explicit about which.
    debug_assert!(std::ptr::eq(world, geo.world()));
    years
        .map(|year| match record_shares(geo, conflict, year) {
            Some((shares, basis)) => YearSplit {
                year,
                split: geo.split(&conflict.origin, &shares),
                basis,
            },
            None => YearSplit {
                year,
                split: *fallback,
                basis: SplitBasis::Model,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::FlowPriors;
    use crate::world::{Arrival, World};

    fn world() -> &'static World {
        World::embedded().unwrap()
    }

    fn conflict(id: &str) -> Conflict {
        world()
            .conflicts
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .clone()
    }

    const MODEL: Split = Split {
        neighbours: 0.5,
        region: 0.2,
        europe: 0.2,
        elsewhere: 0.1,
    };

    #[test]
    fn every_year_of_every_conflict_sums_to_one() {
        let priors = FlowPriors::embedded(world()).unwrap();
        let geo = Geography::new(world(), &priors);
        for c in &world().conflicts {
            let splits = yearly_splits(world(), &geo, c, c.first_year..=c.last_year, &MODEL);
            assert_eq!(splits.len(), (c.last_year - c.first_year + 1) as usize);
            for s in splits {
                let sum: f64 = s.split.as_array().iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "{} {}: {sum}", c.id, s.year);
                assert!(s.split.as_array().iter().all(|v| *v >= 0.0));
            }
        }
    }

    #[test]
    fn syrians_go_to_europe_more_after_2015() {
        let priors = FlowPriors::embedded(world()).unwrap();
        let geo = Geography::new(world(), &priors);
        let c = conflict("syria");
        let s = yearly_splits(world(), &geo, &c, 2014..=2017, &MODEL);
        assert_eq!(s[0].basis, SplitBasis::PreviousYear(2013));
        // 2014 takes 2013's arrivals (few to Europe), 2017 takes 2016's (many).
        assert!(s[0].split.europe < 0.15, "{:?}", s[0]);
        assert!(s[3].split.europe > 0.3, "{:?}", s[3]);
    }

    #[test]
    fn the_fallback_order_is_previous_year_earlier_year_stocks_model() {
        let priors = FlowPriors::embedded(world()).unwrap();
        let geo = Geography::new(world(), &priors);
        let mut c = conflict("syria");
        let arrival = |year: i32, dest: &str, total: u64| Arrival {
            origin: "SYR".into(),
            year,
            asylum_code: dest.into(),
            refugees: total,
            asylum_seekers: 0,
            total,
        };
        let min = priors.destinations.min_arrivals;
        // 2000: enough arrivals; 2001: too few; 2002: none.
        c.arrivals = vec![
            arrival(2000, "DEU", min),
            arrival(2001, "TUR", min - 1),
            arrival(2001, "LBN", 0),
        ];
        let s = yearly_splits(world(), &geo, &c, 2001..=2004, &MODEL);
        let bases: Vec<SplitBasis> = s.iter().map(|y| y.basis).collect();
        assert_eq!(
            bases,
            [
                SplitBasis::PreviousYear(2000),
                SplitBasis::EarlierYear(2000),
                SplitBasis::Stocks,
                SplitBasis::Stocks,
            ]
        );
        assert_eq!(s[0].split.europe, 1.0);
        assert_eq!(s[1].split.europe, 1.0);
        let stocks = geo.split(&c.origin, &observed(&c, "peak").unwrap().shares);
        assert_eq!(s[2].split, stocks);
        // Without stocks either, the model.
        c.destinations.clear();
        let s = yearly_splits(world(), &geo, &c, 2003..=2003, &MODEL);
        assert_eq!(s[0].basis, SplitBasis::Model);
        assert_eq!(s[0].split, MODEL);
        assert_eq!(s[0].basis.to_string(), "destination model");
        assert_eq!(
            SplitBasis::PreviousYear(2015).to_string(),
            "new arrivals 2015 (previous year)"
        );
        let json = serde_json::to_string(&SplitBasis::EarlierYear(2014)).unwrap();
        assert_eq!(json, r#"{"basis":"earlier_year","source_year":2014}"#);
    }
}

//! Security Council membership by year.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::RegionalGroup;
use super::table::CsvTable;
use crate::error::Result;

/// The five permanent seats (the record writes the USSR's casts as `RUS`, the Republic of
/// China's as `CHN`).
pub const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

/// The last year with a Council of 11 (the amendment enlarging it took effect in 1966).
pub const LAST_YEAR_OF_ELEVEN: i32 = 1965;

/// Whether a seat is permanent or elected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeatKind {
    /// One of the five permanent members.
    Permanent,
    /// An elected (non-permanent) member.
    Elected,
}

impl SeatKind {
    /// `permanent` or `elected`.
    pub fn as_str(self) -> &'static str {
        match self {
            SeatKind::Permanent => "permanent",
            SeatKind::Elected => "elected",
        }
    }
}

/// One member of a year's Council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouncilSeat {
    /// The member's code.
    pub code: String,
    /// Its seat.
    pub seat: SeatKind,
    /// The regional group it sits for.
    pub group: RegionalGroup,
}

/// The Council of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Council {
    /// The year.
    pub year: i32,
    /// Its members: permanent first, then elected, each by code.
    pub members: Vec<CouncilSeat>,
}

impl Council {
    /// The members' codes.
    pub fn codes(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.code.as_str()).collect()
    }

    /// Whether `code` sits on this Council.
    pub fn contains(&self, code: &str) -> bool {
        self.members.iter().any(|m| m.code == code)
    }
}

pub(crate) fn parse(table: &CsvTable, is_state: &dyn Fn(&str) -> bool) -> Result<Vec<Council>> {
    table.expect_headers(super::schema::COUNCILS_COLUMNS)?;
    let mut by_year: BTreeMap<i32, Vec<CouncilSeat>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for row in table.rows() {
        let year: i32 = row.parse(0, "a year")?;
        let code = row.get(1).to_string();
        if !is_state(&code) {
            return Err(row.error(1, format!("`{code}` is not a member state")));
        }
        if !seen.insert((year, code.clone())) {
            return Err(row.error(1, format!("{code} is listed twice for {year}")));
        }
        let seat = match row.get(2) {
            "permanent" => SeatKind::Permanent,
            "elected" => SeatKind::Elected,
            other => {
                return Err(row.error(
                    2,
                    format!("expected `permanent` or `elected`, found `{other}`"),
                ));
            }
        };
        let group_text = row.get(3);
        let group = RegionalGroup::parse(group_text)
            .ok_or_else(|| row.error(3, format!("unknown regional group `{group_text}`")))?;
        by_year
            .entry(year)
            .or_default()
            .push(CouncilSeat { code, seat, group });
    }
    Ok(by_year
        .into_iter()
        .map(|(year, mut members)| {
            members.sort_by(|a, b| (a.seat, &a.code).cmp(&(b.seat, &b.code)));
            Council { year, members }
        })
        .collect())
}

//! Armed conflicts linked to drafts: UCDP conflict ids, battle deaths and UNHCR refugees by
//! year, and where the refugees are.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::table::{CsvTable, fmt_f, opt_text, split_list};
use crate::error::Result;

/// One year of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictYear {
    /// The year.
    pub year: i32,
    /// Whether any of the conflict's UCDP ids is active (25+ battle deaths) that year.
    pub ucdp_active: bool,
    /// Highest UCDP intensity of its ids that year (1: 25–999 deaths, 2: 1,000+), if active.
    pub ucdp_intensity: Option<u8>,
    /// Battle deaths in the origin state(s), low estimate (all conflicts located there).
    pub deaths_low: Option<u64>,
    /// Battle deaths, best estimate.
    pub deaths_best: Option<u64>,
    /// Battle deaths, high estimate.
    pub deaths_high: Option<u64>,
    /// The battle-deaths series the figures come from.
    pub deaths_source: String,
    /// Refugees from the origin state(s) at the end of the year (UNHCR stock, all asylum states).
    pub refugees: Option<u64>,
    /// Asylum seekers from the origin state(s) (UNHCR stock).
    pub asylum_seekers: Option<u64>,
    /// New refugee arrivals from the origin state(s) during the year (UNHCR flows).
    pub new_refugees: Option<u64>,
    /// New asylum seekers (UNHCR flows).
    pub new_asylum_seekers: Option<u64>,
}

/// One destination of a conflict's refugees and asylum seekers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Destination {
    /// `latest` (the last UNHCR year) or `peak` (the year of the largest stock).
    pub basis: String,
    /// The year.
    pub year: i32,
    /// The asylum state (UNHCR's ISO3 code; may be a territory).
    pub asylum_code: String,
    /// Refugees there.
    pub refugees: u64,
    /// Asylum seekers there.
    pub asylum_seekers: u64,
    /// Refugees plus asylum seekers.
    pub total: u64,
    /// Share of the origin's total in that year.
    pub share: f64,
}

/// New arrivals from one origin of a conflict in one asylum state in one year (UNHCR flows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arrival {
    /// The origin (one of the conflict's).
    pub origin: String,
    /// The year.
    pub year: i32,
    /// The asylum state (UNHCR's ISO3 code; may be a territory).
    pub asylum_code: String,
    /// New refugees.
    pub refugees: u64,
    /// New asylum seekers.
    pub asylum_seekers: u64,
    /// Both.
    pub total: u64,
}

/// An armed conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Short id, e.g. `syria`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Origin state(s) of the refugees (codes).
    pub origin: Vec<String>,
    /// UCDP/PRIO conflict ids.
    pub ucdp_ids: Vec<u32>,
    /// First year of the episode the drafts address.
    pub first_year: i32,
    /// Last year (the data's end where ongoing).
    pub last_year: i32,
    /// Years in which any of the UCDP ids is active, as ranges (`2011-2023`).
    pub ucdp_years: String,
    /// Drafts linked to it.
    pub drafts: u32,
    /// Where the curated facts come from.
    pub source: String,
    /// The curator's notes.
    pub notes: String,
    /// Deaths and refugees by year.
    pub years: Vec<ConflictYear>,
    /// Destinations in the latest year and at the peak.
    pub destinations: Vec<Destination>,
    /// New arrivals by origin, year and asylum state (empty for a world built before them).
    pub arrivals: Vec<Arrival>,
}

impl Conflict {
    /// The destinations on one basis (`latest` or `peak`), largest first.
    pub fn destinations_on(&self, basis: &str) -> Vec<&Destination> {
        self.destinations
            .iter()
            .filter(|d| d.basis == basis)
            .collect()
    }

    /// The new arrivals of one year, over all origins.
    pub fn arrivals_in(&self, year: i32) -> impl Iterator<Item = &Arrival> {
        self.arrivals.iter().filter(move |a| a.year == year)
    }
}

impl ConflictYear {
    /// The year as a row of `conflict_years.csv` for conflict `id`, in the order of
    /// [`CONFLICT_YEARS_COLUMNS`](super::schema::CONFLICT_YEARS_COLUMNS).
    pub fn to_fields(&self, id: &str) -> Vec<String> {
        vec![
            id.to_string(),
            self.year.to_string(),
            if self.ucdp_active { "1" } else { "0" }.to_string(),
            opt_text(self.ucdp_intensity),
            opt_text(self.deaths_low),
            opt_text(self.deaths_best),
            opt_text(self.deaths_high),
            self.deaths_source.clone(),
            opt_text(self.refugees),
            opt_text(self.asylum_seekers),
            opt_text(self.new_refugees),
            opt_text(self.new_asylum_seekers),
        ]
    }
}

impl Destination {
    /// The destination as a row of `conflict_destinations.csv` for conflict `id`, in the order
    /// of [`DESTINATIONS_COLUMNS`](super::schema::DESTINATIONS_COLUMNS).
    pub fn to_fields(&self, id: &str) -> Vec<String> {
        vec![
            id.to_string(),
            self.basis.clone(),
            self.year.to_string(),
            self.asylum_code.clone(),
            self.refugees.to_string(),
            self.asylum_seekers.to_string(),
            self.total.to_string(),
            fmt_f(self.share, 6),
        ]
    }
}

impl Arrival {
    /// The arrivals as a row of `conflict_arrivals.csv` for conflict `id`, in the order of
    /// [`ARRIVALS_COLUMNS`](super::schema::ARRIVALS_COLUMNS).
    pub fn to_fields(&self, id: &str) -> Vec<String> {
        vec![
            id.to_string(),
            self.origin.clone(),
            self.year.to_string(),
            self.asylum_code.clone(),
            self.refugees.to_string(),
            self.asylum_seekers.to_string(),
            self.total.to_string(),
        ]
    }
}

impl Conflict {
    /// The conflict's own row of `conflicts.csv` (its years, destinations and arrivals are
    /// rows of their own tables), in the order of
    /// [`CONFLICTS_COLUMNS`](super::schema::CONFLICTS_COLUMNS).
    pub fn to_fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.origin.join(";"),
            self.ucdp_ids
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            self.first_year.to_string(),
            self.last_year.to_string(),
            self.ucdp_years.clone(),
            self.drafts.to_string(),
            self.source.clone(),
            self.notes.clone(),
        ]
    }
}

pub(crate) fn parse(
    conflicts: &CsvTable,
    years: &CsvTable,
    destinations: &CsvTable,
    arrivals: Option<&CsvTable>,
    is_code: &dyn Fn(&str) -> bool,
) -> Result<Vec<Conflict>> {
    conflicts.expect_headers(super::schema::CONFLICTS_COLUMNS)?;
    years.expect_headers(super::schema::CONFLICT_YEARS_COLUMNS)?;
    destinations.expect_headers(super::schema::DESTINATIONS_COLUMNS)?;
    let mut out: Vec<Conflict> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in conflicts.rows() {
        let id = row.get(0).to_string();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(row.error(
                0,
                format!("expected a lower-case id like `syria`, found `{id}`"),
            ));
        }
        if index.contains_key(&id) {
            return Err(row.error(0, format!("conflict `{id}` is listed twice")));
        }
        let origin = split_list(row.get(2));
        for c in &origin {
            if !is_code(c) {
                return Err(row.error(
                    2,
                    format!("`{c}` is neither a member state nor a known territory"),
                ));
            }
        }
        let mut ucdp_ids = Vec::new();
        for part in split_list(row.get(3)) {
            ucdp_ids.push(part.parse::<u32>().map_err(|_| {
                row.error(3, format!("expected UCDP conflict ids, found `{part}`"))
            })?);
        }
        let first_year: i32 = row.parse(4, "a year")?;
        let last_year: i32 = row.parse(5, "a year")?;
        if first_year > last_year {
            return Err(row.error(
                5,
                format!("last year {last_year} is before first year {first_year}"),
            ));
        }
        index.insert(id.clone(), out.len());
        out.push(Conflict {
            id,
            name: row.get(1).to_string(),
            origin,
            ucdp_ids,
            first_year,
            last_year,
            ucdp_years: row.get(6).to_string(),
            drafts: row.parse(7, "a count of drafts")?,
            source: row.get(8).to_string(),
            notes: row.get(9).to_string(),
            years: Vec::new(),
            destinations: Vec::new(),
            arrivals: Vec::new(),
        });
    }
    let mut seen_years = HashSet::new();
    for row in years.rows() {
        let id = row.get(0);
        let &i = index
            .get(id)
            .ok_or_else(|| row.error(0, format!("unknown conflict `{id}`")))?;
        let year: i32 = row.parse(1, "a year")?;
        if !seen_years.insert((i, year)) {
            return Err(row.error(1, format!("year {year} of `{id}` is listed twice")));
        }
        let active = match row.get(2) {
            "0" => false,
            "1" => true,
            other => return Err(row.error(2, format!("expected 0 or 1, found `{other}`"))),
        };
        let intensity: Option<u8> = row.parse_opt(3, "a UCDP intensity (1 or 2)")?;
        if intensity.is_some_and(|v| !(1..=2).contains(&v)) {
            return Err(row.error(3, "expected a UCDP intensity of 1 or 2"));
        }
        out[i].years.push(ConflictYear {
            year,
            ucdp_active: active,
            ucdp_intensity: intensity,
            deaths_low: row.parse_opt(4, "a count of deaths")?,
            deaths_best: row.parse_opt(5, "a count of deaths")?,
            deaths_high: row.parse_opt(6, "a count of deaths")?,
            deaths_source: row.get(7).to_string(),
            refugees: row.parse_opt(8, "a count of refugees")?,
            asylum_seekers: row.parse_opt(9, "a count of asylum seekers")?,
            new_refugees: row.parse_opt(10, "a count of refugees")?,
            new_asylum_seekers: row.parse_opt(11, "a count of asylum seekers")?,
        });
    }
    for row in destinations.rows() {
        let id = row.get(0);
        let &i = index
            .get(id)
            .ok_or_else(|| row.error(0, format!("unknown conflict `{id}`")))?;
        let basis = row.get(1);
        if basis != "latest" && basis != "peak" {
            return Err(row.error(1, format!("expected `latest` or `peak`, found `{basis}`")));
        }
        let share: f64 = row.parse(7, "a share from 0 to 1")?;
        if !(0.0..=1.0).contains(&share) {
            return Err(row.error(7, format!("share {share} is outside 0..1")));
        }
        out[i].destinations.push(Destination {
            basis: basis.to_string(),
            year: row.parse(2, "a year")?,
            asylum_code: row.get(3).to_string(),
            refugees: row.parse(4, "a count of refugees")?,
            asylum_seekers: row.parse(5, "a count of asylum seekers")?,
            total: row.parse(6, "a count")?,
            share,
        });
    }
    if let Some(arrivals) = arrivals {
        arrivals.expect_headers(super::schema::ARRIVALS_COLUMNS)?;
        let mut seen = HashSet::new();
        for row in arrivals.rows() {
            let id = row.get(0);
            let &i = index
                .get(id)
                .ok_or_else(|| row.error(0, format!("unknown conflict `{id}`")))?;
            let origin = row.get(1).to_string();
            if !out[i].origin.contains(&origin) {
                return Err(row.error(
                    1,
                    format!(
                        "`{origin}` is not an origin of `{id}` ({})",
                        out[i].origin.join(";")
                    ),
                ));
            }
            let year: i32 = row.parse(2, "a year")?;
            let asylum_code = row.get(3).to_string();
            if !seen.insert((i, origin.clone(), year, asylum_code.clone())) {
                return Err(row.error(
                    3,
                    format!("{id} {origin} {year} {asylum_code} is listed twice"),
                ));
            }
            let refugees: u64 = row.parse(4, "a count of refugees")?;
            let asylum_seekers: u64 = row.parse(5, "a count of asylum seekers")?;
            let total: u64 = row.parse(6, "a count")?;
            if total != refugees + asylum_seekers {
                return Err(row.error(
                    6,
                    format!(
                        "expected refugees + asylum seekers = {}, found {total}",
                        refugees + asylum_seekers
                    ),
                ));
            }
            out[i].arrivals.push(Arrival {
                origin,
                year,
                asylum_code,
                refugees,
                asylum_seekers,
                total,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::schema;
    use crate::world::table::write_csv;

    #[test]
    fn a_conflict_written_as_rows_reads_back_the_same() {
        let year = |year: i32, active: bool| ConflictYear {
            year,
            ucdp_active: active,
            ucdp_intensity: active.then_some(2),
            deaths_low: active.then_some(100),
            deaths_best: active.then_some(150),
            deaths_high: active.then_some(300),
            deaths_source: if active { "ucdp".into() } else { String::new() },
            refugees: Some(5000),
            asylum_seekers: Some(20),
            new_refugees: None,
            new_asylum_seekers: None,
        };
        let conflict = Conflict {
            id: "somewhere".into(),
            name: "War in Somewhere".into(),
            origin: vec!["AAA".into()],
            ucdp_ids: vec![200, 201],
            first_year: 2011,
            last_year: 2012,
            ucdp_years: "2011".into(),
            drafts: 2,
            source: "a, b".into(),
            notes: String::new(),
            years: vec![year(2011, true), year(2012, false)],
            destinations: vec![Destination {
                basis: "latest".into(),
                year: 2012,
                asylum_code: "BBB".into(),
                refugees: 5000,
                asylum_seekers: 20,
                total: 5020,
                share: 1.0,
            }],
            arrivals: vec![Arrival {
                origin: "AAA".into(),
                year: 2012,
                asylum_code: "BBB".into(),
                refugees: 10,
                asylum_seekers: 5,
                total: 15,
            }],
        };
        let id = conflict.id.as_str();
        let table = |columns: &[&str], rows: Vec<Vec<String>>| {
            CsvTable::parse(&write_csv(columns, &rows).unwrap(), "t.csv").unwrap()
        };
        let parsed = parse(
            &table(schema::CONFLICTS_COLUMNS, vec![conflict.to_fields()]),
            &table(
                schema::CONFLICT_YEARS_COLUMNS,
                conflict.years.iter().map(|y| y.to_fields(id)).collect(),
            ),
            &table(
                schema::DESTINATIONS_COLUMNS,
                conflict
                    .destinations
                    .iter()
                    .map(|d| d.to_fields(id))
                    .collect(),
            ),
            Some(&table(
                schema::ARRIVALS_COLUMNS,
                conflict.arrivals.iter().map(|a| a.to_fields(id)).collect(),
            )),
            &|c| c == "AAA",
        )
        .unwrap();
        assert_eq!(parsed, vec![conflict]);
    }
}

//! UN member states: codes, names, regional groups, population and GDP, coordinates,
//! land neighbours, ideal points and the refugees they host.

use std::collections::HashSet;

use serde::Serialize;

use super::RegionalGroup;
use super::table::{CsvTable, fmt_f, opt_text, split_list};
use crate::error::Result;

/// A UN member state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    /// Common English name.
    pub name: String,
    /// Official name.
    pub official_name: String,
    /// UN regional group (every member has exactly one; see `group_note` for exceptions).
    pub group: RegionalGroup,
    /// Why the group is not plain membership, where that is so (e.g. the United States).
    pub group_note: String,
    /// Population in millions, if known.
    pub population_m: Option<f64>,
    /// GDP in millions of US dollars (the source's prices; see `pop_gdp_source`), if known.
    pub gdp_musd: Option<f64>,
    /// The year of `population_m` and `gdp_musd`.
    pub pop_gdp_year: Option<i32>,
    /// The raw file the population and GDP come from.
    pub pop_gdp_source: String,
    /// Capital city.
    pub capital: String,
    /// Latitude of the country's centroid (degrees).
    pub lat: f64,
    /// Longitude of the country's centroid (degrees).
    pub lng: f64,
    /// Member states sharing a land border, by code.
    pub neighbours: Vec<String>,
    /// Bailey–Strezhnev–Voeten ideal point (`idealpointfp`) of the latest year with one.
    pub ideal_point: Option<f64>,
    /// The year of `ideal_point`.
    pub ideal_point_year: Option<i32>,
    /// Refugees hosted (UNHCR, all origins) in `hosted_year`.
    pub hosted_refugees: u64,
    /// Asylum seekers hosted (UNHCR, all origins) in `hosted_year`.
    pub hosted_asylum_seekers: u64,
    /// The UNHCR year of the hosting figures.
    pub hosted_year: i32,
    /// Gleditsch–Ward code used to join country-year data, if any.
    pub gwcode: Option<u32>,
}

impl State {
    /// The state as a row of `states.csv`, in the order of
    /// [`STATES_COLUMNS`](super::schema::STATES_COLUMNS): what the data build writes and
    /// [`parse`] reads back.
    pub fn to_fields(&self) -> Vec<String> {
        let opt = |v: Option<f64>, d: usize| v.map(|v| fmt_f(v, d)).unwrap_or_default();
        vec![
            self.code.clone(),
            self.name.clone(),
            self.official_name.clone(),
            self.group.name().to_string(),
            self.group_note.clone(),
            opt(self.population_m, 6),
            opt(self.gdp_musd, 1),
            opt_text(self.pop_gdp_year),
            self.pop_gdp_source.clone(),
            self.capital.clone(),
            fmt_f(self.lat, 4),
            fmt_f(self.lng, 4),
            self.neighbours.join(";"),
            opt(self.ideal_point, 6),
            opt_text(self.ideal_point_year),
            self.hosted_refugees.to_string(),
            self.hosted_asylum_seekers.to_string(),
            self.hosted_year.to_string(),
            opt_text(self.gwcode),
        ]
    }
}

pub(crate) fn parse(table: &CsvTable) -> Result<Vec<State>> {
    table.expect_headers(super::schema::STATES_COLUMNS)?;
    let mut states = Vec::with_capacity(table.records.len());
    let mut seen = HashSet::new();
    for row in table.rows() {
        let code = row.get(0).trim().to_string();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(row.error(
                0,
                format!("expected an ISO3 code (three capital letters), found `{code}`"),
            ));
        }
        if !seen.insert(code.clone()) {
            return Err(row.error(0, format!("state `{code}` is listed twice")));
        }
        let group_text = row.get(3);
        let group = RegionalGroup::parse(group_text).ok_or_else(|| {
            row.error(
                3,
                format!(
                    "unknown regional group `{group_text}`{}",
                    crate::error::did_you_mean(
                        group_text,
                        RegionalGroup::ALL.iter().map(|g| g.name())
                    )
                ),
            )
        })?;
        let lat: f64 = row.parse(10, "a latitude in degrees")?;
        let lng: f64 = row.parse(11, "a longitude in degrees")?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(row.error(10, format!("latitude {lat} is outside -90..90")));
        }
        if !(-180.0..=180.0).contains(&lng) {
            return Err(row.error(11, format!("longitude {lng} is outside -180..180")));
        }
        let population_m = row.finite_opt(5)?;
        let gdp_musd = row.finite_opt(6)?;
        for (col, value) in [(5, population_m), (6, gdp_musd)] {
            if value.is_some_and(|v| v <= 0.0) {
                return Err(row.error(col, "expected a positive number"));
            }
        }
        states.push(State {
            code,
            name: row.get(1).to_string(),
            official_name: row.get(2).to_string(),
            group,
            group_note: row.get(4).to_string(),
            population_m,
            gdp_musd,
            pop_gdp_year: row.parse_opt(7, "a year")?,
            pop_gdp_source: row.get(8).to_string(),
            capital: row.get(9).to_string(),
            lat,
            lng,
            neighbours: split_list(row.get(12)),
            ideal_point: row.finite_opt(13)?,
            ideal_point_year: row.parse_opt(14, "a year")?,
            hosted_refugees: row.parse(15, "a count of refugees")?,
            hosted_asylum_seekers: row.parse(16, "a count of asylum seekers")?,
            hosted_year: row.parse(17, "a year")?,
            gwcode: row.parse_opt(18, "a Gleditsch-Ward code")?,
        });
    }
    // Neighbours must be states, and the relation symmetric.
    let codes: HashSet<&str> = states.iter().map(|s| s.code.as_str()).collect();
    for (i, state) in states.iter().enumerate() {
        let row = table.rows().nth(i).expect("one row per state");
        for n in &state.neighbours {
            if !codes.contains(n.as_str()) {
                return Err(row.error(
                    12,
                    format!(
                        "neighbour `{n}` of {} is not a state in this file",
                        state.code
                    ),
                ));
            }
            let back = states.iter().find(|s| &s.code == n).expect("checked above");
            if !back.neighbours.contains(&state.code) {
                return Err(row.error(
                    12,
                    format!(
                        "{} lists {n} as a neighbour but {n} does not list {}",
                        state.code, state.code
                    ),
                ));
            }
        }
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::table::write_csv;

    fn state(code: &str, neighbour: &str) -> State {
        State {
            code: code.into(),
            name: format!("{code} name"),
            official_name: format!("Republic of {code}, \"official\""),
            group: RegionalGroup::African,
            group_note: String::new(),
            population_m: Some(12.345678),
            gdp_musd: None,
            pop_gdp_year: Some(2019),
            pop_gdp_source: "country/x.csv".into(),
            capital: "Capital".into(),
            lat: -1.25,
            lng: 30.5,
            neighbours: vec![neighbour.into()],
            ideal_point: Some(-0.5),
            ideal_point_year: None,
            hosted_refugees: 1200,
            hosted_asylum_seekers: 0,
            hosted_year: 2024,
            gwcode: Some(517),
        }
    }

    #[test]
    fn a_state_written_as_a_row_reads_back_the_same() {
        let states = vec![state("AAA", "BBB"), state("BBB", "AAA")];
        let rows: Vec<Vec<String>> = states.iter().map(State::to_fields).collect();
        let text = write_csv(crate::world::schema::STATES_COLUMNS, &rows).unwrap();
        let table = CsvTable::parse(&text, "states.csv").unwrap();
        assert_eq!(parse(&table).unwrap(), states);
    }
}

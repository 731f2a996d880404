//! The world's refugee-flow tables: the country-year panel of battle deaths and UNHCR outflows
//! (`flows_panel.csv`) and the asylum states' region and past asylum effort
//! (`host_states.csv`), read with errors naming the file, line, column and key.

use std::collections::HashSet;

use serde::Serialize;

use super::states::State;
use super::table::CsvTable;
use crate::error::Result;

/// One origin country-year of the panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelYear {
    /// The origin (a member state, or `PSE`).
    pub iso3: String,
    /// The year.
    pub year: i32,
    /// Battle deaths located there, low estimate.
    pub deaths_low: u64,
    /// Best estimate.
    pub deaths_best: u64,
    /// High estimate.
    pub deaths_high: u64,
    /// The battle-deaths series (PRIO Battle-deaths 3.1 to 1988, UCDP GED from 1989).
    pub deaths_source: String,
    /// UNHCR new refugee arrivals from the origin that year (`None` outside UNHCR's coverage).
    pub new_refugees: Option<u64>,
    /// UNHCR new asylum seekers from the origin that year.
    pub new_asylum_seekers: Option<u64>,
}

impl PanelYear {
    /// New refugees plus new asylum seekers, where UNHCR covers the year.
    pub fn outflow(&self) -> Option<u64> {
        match (self.new_refugees, self.new_asylum_seekers) {
            (None, None) => None,
            (r, a) => Some(r.unwrap_or(0) + a.unwrap_or(0)),
        }
    }
}

/// A state or territory as an origin or an asylum state: its geographic region, centroid, land
/// neighbours and past asylum effort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostState {
    /// ISO3 code.
    pub iso3: String,
    /// Whether it is a UN member state (the others are origins of conflicts, e.g. `PSE`).
    pub member: bool,
    /// Geographic region (`Asia`, `Europe` ...), from the country file.
    pub region: String,
    /// Geographic subregion (`Western Asia` ...).
    pub subregion: String,
    /// Latitude of the centroid (degrees).
    pub lat: f64,
    /// Longitude of the centroid (degrees).
    pub lng: f64,
    /// Member states sharing a land border.
    pub neighbours: Vec<String>,
    /// Asylum applications lodged at first instance, 2010–2014 (UNHCR).
    pub applications_2010_2014: u64,
    /// Resettled refugees received, 2010–2014 (UNHCR).
    pub resettled_2010_2014: u64,
}

pub(crate) fn parse_panel(
    table: &CsvTable,
    is_code: &dyn Fn(&str) -> bool,
) -> Result<Vec<PanelYear>> {
    table.expect_headers(super::schema::FLOWS_PANEL_COLUMNS)?;
    let mut out = Vec::with_capacity(table.records.len());
    let mut seen = HashSet::new();
    for row in table.rows() {
        let iso3 = row.get(0).trim().to_string();
        if !is_code(&iso3) {
            return Err(row.error(
                0,
                format!("`{iso3}` is neither a member state nor a known territory"),
            ));
        }
        let year: i32 = row.parse(1, "a year")?;
        if !seen.insert((iso3.clone(), year)) {
            return Err(row.error(1, format!("{iso3} {year} is listed twice")));
        }
        out.push(PanelYear {
            iso3,
            year,
            deaths_low: row.parse(2, "a count of deaths")?,
            deaths_best: row.parse(3, "a count of deaths")?,
            deaths_high: row.parse(4, "a count of deaths")?,
            deaths_source: row.get(5).to_string(),
            new_refugees: row.parse_opt(6, "a count of refugees")?,
            new_asylum_seekers: row.parse_opt(7, "a count of asylum seekers")?,
        });
    }
    Ok(out)
}

/// Reads `host_states.csv`: every member state of `states` exactly once (members first, in the
/// states' order), then non-member origins.
pub(crate) fn parse_hosts(
    table: &CsvTable,
    states: &[State],
    is_code: &dyn Fn(&str) -> bool,
) -> Result<Vec<HostState>> {
    table.expect_headers(super::schema::HOST_STATES_COLUMNS)?;
    let mut members: Vec<Option<HostState>> = vec![None; states.len()];
    let mut others: Vec<HostState> = Vec::new();
    for row in table.rows() {
        let code = row.get(0).trim().to_string();
        let member = match row.get(1) {
            "1" => true,
            "0" => false,
            other => return Err(row.error(1, format!("expected 0 or 1, found `{other}`"))),
        };
        let lat: f64 = row.parse(4, "a latitude in degrees")?;
        let lng: f64 = row.parse(5, "a longitude in degrees")?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(row.error(4, format!("latitude {lat} is outside -90..90")));
        }
        if !(-180.0..=180.0).contains(&lng) {
            return Err(row.error(5, format!("longitude {lng} is outside -180..180")));
        }
        let neighbours = super::table::split_list(row.get(6));
        for n in &neighbours {
            if !states.iter().any(|s| &s.code == n) {
                return Err(row.error(6, format!("neighbour `{n}` is not a member state")));
            }
        }
        let host = HostState {
            iso3: code.clone(),
            member,
            region: row.get(2).to_string(),
            subregion: row.get(3).to_string(),
            lat,
            lng,
            neighbours,
            applications_2010_2014: row.parse(7, "a count of applications")?,
            resettled_2010_2014: row.parse(8, "a count of resettled refugees")?,
        };
        if member {
            let Some(i) = states.iter().position(|s| s.code == code) else {
                return Err(row.error(0, format!("`{code}` is not a member state of states.csv")));
            };
            if members[i].is_some() {
                return Err(row.error(0, format!("state `{code}` is listed twice")));
            }
            members[i] = Some(host);
        } else {
            if !is_code(&code) || states.iter().any(|s| s.code == code) {
                return Err(row.error(
                    0,
                    format!("`{code}` is not a known territory (or is a member: set member to 1)"),
                ));
            }
            if others.iter().any(|h| h.iso3 == code) {
                return Err(row.error(0, format!("`{code}` is listed twice")));
            }
            others.push(host);
        }
    }
    let mut out = Vec::with_capacity(states.len() + others.len());
    for (h, s) in members.into_iter().zip(states) {
        match h {
            Some(h) => out.push(h),
            None => {
                return Err(crate::error::Error::input(
                    crate::error::Place::file(&table.file).key("iso3"),
                    format!("member state `{}` has no row", s.code),
                ));
            }
        }
    }
    out.extend(others);
    Ok(out)
}

impl super::World {
    /// A state or territory of `host_states.csv` by code.
    pub fn host(&self, code: &str) -> Option<&HostState> {
        match self.state_index(code) {
            Some(i) => self.hosts.get(i),
            None => self.hosts[self.states.len().min(self.hosts.len())..]
                .iter()
                .find(|h| h.iso3 == code),
        }
    }
}

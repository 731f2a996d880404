//! The 193 member states from the country files, with population and GDP, ideal points and
//! the refugees they host.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::names::Names;
use super::{Log, Raw};
use crate::error::{Error, Place, Result};
use crate::world::schema;
use crate::world::table::{CsvTable, write_csv};
use crate::world::{RegionalGroup, State};

/// The states and what other steps need from the country files.
#[derive(Debug)]
pub struct States {
    /// Members sorted by code.
    pub rows: Vec<State>,
    /// Country names (common and official, members or not) to ISO3.
    pub names: Names,
    /// ISO2 → ISO3 for every entry of the country file.
    pub iso2: HashMap<String, String>,
    /// Gleditsch–Ward code → ISO3 (members, former states and territories where known).
    pub gw_to_iso: HashMap<u32, String>,
}

impl States {
    /// Whether `code` is a member state.
    pub fn is_member(&self, code: &str) -> bool {
        self.rows
            .binary_search_by(|s| s.code.as_str().cmp(code))
            .is_ok()
    }

    /// The member states' codes.
    pub fn codes(&self) -> Vec<&str> {
        self.rows.iter().map(|s| s.code.as_str()).collect()
    }
}

/// Notes on regional groups that are not plain membership.
const GROUP_NOTES: &[(&str, &str)] = &[
    (
        "USA",
        "not a member of any regional group: it attends the Western European and Others Group as an observer and is counted there for elections (as the raw file lists it)",
    ),
    (
        "TUR",
        "takes part in both the Western European and Others and the Asia-Pacific groups; counted in WEOG for elections (as the raw file lists it)",
    ),
    (
        "ISR",
        "geographically in Asia but a member of the Western European and Others Group in New York (as the raw file lists it)",
    ),
    (
        "KIR",
        "long outside every regional group; listed in the Asia-Pacific group as the raw file does",
    ),
];

fn group_of(text: &str) -> Option<RegionalGroup> {
    match text {
        "African Group" => Some(RegionalGroup::African),
        "Asia and the Pacific Group" => Some(RegionalGroup::AsiaPacific),
        "Eastern European Group" => Some(RegionalGroup::EasternEuropean),
        "Latin American and Caribbean Group" => Some(RegionalGroup::LatinAmericanCaribbean),
        "Western European and Others Group" => Some(RegionalGroup::WesternEuropeanOthers),
        _ => None,
    }
}

/// Gleditsch–Ward codes whose ISO3 the COW crosswalk does not give (GW and COW differ, or the
/// crosswalk has no row): Serbia (GW 340), unified Yemen (GW 678, the YAR code), Palestine and
/// the territories the battle-deaths file uses.
const GW_OVERRIDES: &[(u32, &str)] = &[
    (340, "SRB"),
    (345, "YUG"),
    (678, "YEM"),
    (699, "PSE"),
    (6, "PRI"),
    (609, "ESH"),
    (347, "XKX"),
];

pub(crate) fn build(raw: &Raw, log: &mut Log) -> Result<States> {
    let countries = raw.table("country/mledoze_countries.csv")?;
    let c = |n: &str| countries.col(n);
    let (cca3, cca2, common, official, member, group_col) = (
        c("cca3")?,
        c("cca2")?,
        c("name_common")?,
        c("name_official")?,
        c("un_member")?,
        c("un_regional_group")?,
    );
    let (capital, lat, lng, borders) = (c("capital")?, c("lat")?, c("lng")?, c("borders")?);

    let mut names = Vec::new();
    let mut iso2 = HashMap::new();
    let mut rows: Vec<State> = Vec::new();
    let mut raw_borders: BTreeMap<String, (u64, Vec<String>)> = BTreeMap::new();
    for row in countries.rows() {
        let code = row.get(cca3).to_string();
        names.push((row.get(common).to_string(), code.clone()));
        names.push((row.get(official).to_string(), code.clone()));
        iso2.insert(row.get(cca2).to_string(), code.clone());
        if row.get(member) != "True" {
            continue;
        }
        if code == "VAT" {
            // Defect: the Holy See is a non-member observer state, not a UN member.
            log.decision("country/mledoze_countries.csv flags the Vatican (VAT) as a UN member; it is a non-member observer state and is dropped");
            continue;
        }
        let group_text = row.get(group_col);
        let group = group_of(group_text).ok_or_else(|| {
            row.error(
                group_col,
                format!("member {code} has no known UN regional group: `{group_text}`"),
            )
        })?;
        let note = GROUP_NOTES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, n)| *n);
        raw_borders.insert(
            code.clone(),
            (
                row.line(),
                crate::world::table::split_list(row.get(borders)),
            ),
        );
        rows.push(State {
            code,
            name: row.get(common).to_string(),
            official_name: row.get(official).to_string(),
            group,
            group_note: note.to_string(),
            population_m: None,
            gdp_musd: None,
            pop_gdp_year: None,
            pop_gdp_source: String::new(),
            capital: row.get(capital).to_string(),
            lat: row.parse(lat, "a latitude")?,
            lng: row.parse(lng, "a longitude")?,
            neighbours: Vec::new(),
            ideal_point: None,
            ideal_point_year: None,
            hosted_refugees: 0,
            hosted_asylum_seekers: 0,
            hosted_year: 0,
            gwcode: None,
        });
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    if rows.len() != 193 {
        return Err(Error::input(
            Place::file(&countries.file),
            format!("expected 193 UN member states, found {}", rows.len()),
        ));
    }
    let members: BTreeSet<String> = rows.iter().map(|s| s.code.clone()).collect();

    // Land neighbours: members only, and only where both sides list the border.
    let mut dropped_nonmember = BTreeSet::new();
    for s in &mut rows {
        let (_, list) = &raw_borders[&s.code];
        let mut keep = Vec::new();
        for n in list {
            if !members.contains(n) {
                dropped_nonmember.insert(n.clone());
                continue;
            }
            if !raw_borders[n].1.contains(&s.code) {
                log.decision(&format!(
                    "country/mledoze_countries.csv lists {n} as a land neighbour of {} but not the reverse; the one-sided border is dropped",
                    s.code
                ));
                continue;
            }
            keep.push(n.clone());
        }
        keep.sort();
        s.neighbours = keep;
    }
    log.decision(&format!(
        "land borders with entities that are not UN members are not kept as neighbours: {}",
        dropped_nonmember.into_iter().collect::<Vec<_>>().join(", ")
    ));

    // Gleditsch–Ward / COW codes to ISO3.
    let crosswalk = raw.table("country/code_crosswalk_cow_iso.csv")?;
    let (ccode, iso3c) = (crosswalk.col("ccode")?, crosswalk.col("iso3c")?);
    let mut gw_to_iso: HashMap<u32, String> = HashMap::new();
    let mut blank_rows = 0;
    for row in crosswalk.rows() {
        let (code_text, iso) = (row.get(ccode).trim(), row.get(iso3c).trim());
        if code_text.is_empty() {
            continue;
        }
        if iso.is_empty() {
            blank_rows += 1;
            continue;
        }
        let code: f64 = row.parse(ccode, "a COW code")?;
        gw_to_iso
            .entry(code as u32)
            .or_insert_with(|| iso.to_string());
    }
    log.decision(&format!(
        "country/code_crosswalk_cow_iso.csv repeats {blank_rows} COW codes on rows with an empty ISO3 code; those rows are ignored"
    ));
    for (gw, iso) in GW_OVERRIDES {
        gw_to_iso.insert(*gw, (*iso).to_string());
    }

    // Population and GDP: poldat (latest year with both), else the GW/SDP estimates of 2015.
    let pop = raw.table("country/country_year_pop_gdp_static_world.csv")?;
    let (pg, py, pp, pr) = (
        pop.col("gwcode")?,
        pop.col("year")?,
        pop.col("population")?,
        pop.col("rgdp")?,
    );
    let mut latest: HashMap<String, (i32, f64, f64, u32)> = HashMap::new();
    for row in pop.rows() {
        let gw: u32 = row.parse(pg, "a Gleditsch-Ward code")?;
        let Some(iso) = gw_to_iso.get(&gw) else {
            continue;
        };
        let (Some(p), Some(g)) = (row.finite_opt(pp)?, row.finite_opt(pr)?) else {
            continue;
        };
        let year: i32 = row.parse(py, "a year")?;
        let entry = latest.entry(iso.clone()).or_insert((year, p, g, gw));
        if year > entry.0 {
            *entry = (year, p, g, gw);
        }
    }
    let sdp = raw.table("country/gw_sdp_gdp_1800_2015.csv")?;
    let (sg, sy, sgdp, spop) = (
        sdp.col("gwcode")?,
        sdp.col("year")?,
        sdp.col("wbgdp2011est")?,
        sdp.col("wbpopest")?,
    );
    let mut sdp_latest: HashMap<String, (i32, f64, f64, u32)> = HashMap::new();
    for row in sdp.rows() {
        let gw: u32 = row.parse(sg, "a Gleditsch-Ward code")?;
        let Some(iso) = gw_to_iso.get(&gw) else {
            continue;
        };
        let (Some(lp), Some(lg)) = (row.finite_opt(spop)?, row.finite_opt(sgdp)?) else {
            continue;
        };
        let year: i32 = row.parse(sy, "a year")?;
        let entry = sdp_latest.entry(iso.clone()).or_insert((year, lp, lg, gw));
        if year > entry.0 {
            *entry = (year, lp, lg, gw);
        }
    }
    let mut missing = Vec::new();
    for s in &mut rows {
        if let Some(&(year, p, g, gw)) = latest.get(&s.code) {
            s.population_m = Some(p);
            s.gdp_musd = Some(g);
            s.pop_gdp_year = Some(year);
            s.pop_gdp_source = "country_year_pop_gdp_static_world.csv".into();
            s.gwcode = Some(gw);
        } else if let Some(&(year, lp, lg, gw)) = sdp_latest.get(&s.code) {
            s.population_m = Some(lp.exp() / 1e6);
            s.gdp_musd = Some(lg.exp() / 1e6);
            s.pop_gdp_year = Some(year);
            s.pop_gdp_source = "gw_sdp_gdp_1800_2015.csv".into();
            s.gwcode = Some(gw);
        } else {
            missing.push(s.code.clone());
            s.gwcode = gw_to_iso
                .iter()
                .filter(|(_, iso)| **iso == s.code)
                .map(|(gw, _)| *gw)
                .min();
        }
    }
    log.decision(&format!(
        "population and GDP missing from both country-year files for: {} (left empty, never guessed)",
        missing.join(", ")
    ));

    // Ideal points: idealpointfp of the latest year; Serbia is coded YUG (ccode 345) in the raw file.
    let ip = raw.table("unga/unga_ideal_points_bsv_jul2025.csv")?;
    let (ic, iy, iv) = (ip.col("iso3c")?, ip.col("year")?, ip.col("idealpointfp")?);
    let mut ideal: HashMap<String, (i32, f64)> = HashMap::new();
    let mut yug_as_srb = false;
    for row in ip.rows() {
        let year: i32 = row.parse(iy, "a year")?;
        let value_text = row.get(iv).trim();
        if value_text.is_empty() || value_text == "NA" {
            continue;
        }
        let mut code = row.get(ic).to_string();
        if code == "YUG" && year >= 2006 {
            code = "SRB".into();
            yug_as_srb = true;
        }
        if !members.contains(&code) {
            continue;
        }
        let value: f64 = row.parse(iv, "an ideal point")?;
        let entry = ideal.entry(code).or_insert((year, value));
        if year > entry.0 {
            *entry = (year, value);
        }
    }
    if yug_as_srb {
        log.decision("unga/unga_ideal_points_bsv_jul2025.csv codes Serbia as YUG (ccode 345) up to 2024; rows from 2006 (Serbia's separate membership) are taken as SRB");
    }
    for s in &mut rows {
        if let Some(&(year, value)) = ideal.get(&s.code) {
            s.ideal_point = Some(value);
            s.ideal_point_year = Some(year);
        }
    }

    // Refugees and asylum seekers hosted in the latest UNHCR year.
    let (hosted, hosted_year) = hosted(raw)?;
    for s in &mut rows {
        let (r, a) = hosted.get(&s.code).copied().unwrap_or((0, 0));
        s.hosted_refugees = r;
        s.hosted_asylum_seekers = a;
        s.hosted_year = hosted_year;
    }

    Ok(States {
        rows,
        names: Names::new(names),
        iso2,
        gw_to_iso,
    })
}

/// Refugees and asylum seekers hosted, by asylum code.
type Hosted = HashMap<String, (u64, u64)>;

fn hosted(raw: &Raw) -> Result<(Hosted, i32)> {
    let pop = raw.unhcr_population()?;
    let year = pop.iter().map(|r| r.year).max().unwrap_or(0);
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    for r in pop.iter().filter(|r| r.year == year) {
        let e = out.entry(r.asylum.clone()).or_default();
        e.0 += r.refugees;
        e.1 += r.asylum_seekers;
    }
    Ok((out, year))
}

pub(crate) fn write(states: &States) -> Result<String> {
    let rows: Vec<Vec<String>> = states.rows.iter().map(State::to_fields).collect();
    write_csv(schema::STATES_COLUMNS, &rows)
}

/// Security Council membership 1990–2026, checked: 15 members a year, the five permanent ones,
/// member states only.
/// Council members by year: (code, seat).
pub type Members = BTreeMap<i32, Vec<(String, String)>>;

pub(crate) fn councils(raw: &Raw, states: &States) -> Result<(String, Members)> {
    let table: CsvTable = raw.table("unsc/council_composition_1990_2026.csv")?;
    let (cy, ci, cs, cg) = (
        table.col("year")?,
        table.col("iso3")?,
        table.col("seat")?,
        table.col("regional_group")?,
    );
    let mut by_year: BTreeMap<i32, Vec<(String, String, String, u64)>> = BTreeMap::new();
    for row in table.rows() {
        let year: i32 = row.parse(cy, "a year")?;
        let code = row.get(ci).to_string();
        if !states.is_member(&code) {
            return Err(row.error(ci, format!("`{code}` is not a UN member state")));
        }
        let seat = row.get(cs).to_string();
        if seat != "permanent" && seat != "elected" {
            return Err(row.error(cs, format!("expected permanent or elected, found `{seat}`")));
        }
        let group = row.get(cg);
        if RegionalGroup::parse(group).is_none() {
            return Err(row.error(cg, format!("unknown regional group `{group}`")));
        }
        by_year
            .entry(year)
            .or_default()
            .push((code, seat, group.to_string(), row.line()));
    }
    let p5 = ["CHN", "FRA", "GBR", "RUS", "USA"];
    let mut rows = Vec::new();
    let mut members = BTreeMap::new();
    for (year, mut list) in by_year {
        let line = list.first().map_or(1, |m| m.3);
        let distinct: BTreeSet<&str> = list.iter().map(|m| m.0.as_str()).collect();
        if list.len() != 15 || distinct.len() != 15 {
            return Err(Error::input(
                Place::file(&table.file).at(line, 1).key("year"),
                format!(
                    "{year} has {} members ({} distinct), not 15",
                    list.len(),
                    distinct.len()
                ),
            ));
        }
        let permanent: BTreeSet<&str> = list
            .iter()
            .filter(|m| m.1 == "permanent")
            .map(|m| m.0.as_str())
            .collect();
        if permanent != p5.into_iter().collect() {
            return Err(Error::input(
                Place::file(&table.file).at(line, 1).key("seat"),
                format!("{year}: the permanent members are {permanent:?}, not the five"),
            ));
        }
        list.sort_by(|a, b| (a.1 != "permanent", &a.0).cmp(&(b.1 != "permanent", &b.0)));
        for (code, seat, group, _) in &list {
            rows.push(vec![
                year.to_string(),
                code.clone(),
                seat.clone(),
                group.clone(),
            ]);
        }
        members.insert(year, list.into_iter().map(|m| (m.0, m.1)).collect());
    }
    Ok((write_csv(schema::COUNCILS_COLUMNS, &rows)?, members))
}

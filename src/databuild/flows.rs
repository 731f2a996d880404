//! The tables of the refugee-flow estimator and the distribution keys: the country-year panel
//! of battle deaths and refugee outflows (`flows_panel.csv`, for the elasticity of outflows to
//! deaths) and the asylum states' region and past asylum effort (`host_states.csv`, for the
//! destination split and the EU relocation key).
//!
//! Both are derived here from the raw files, deterministically, and documented in a section the
//! build appends to `data/README.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::curation::Curation;
use super::states::States;
use super::{Log, Raw, fmt_f};
use crate::error::Result;
use crate::world::schema;
use crate::world::table::write_csv;

/// First and last year of the asylum-effort window of the 2015 EU relocation key.
pub const EFFORT_YEARS: (i32, i32) = (2010, 2014);

/// UNHCR application types counted as applications lodged at first instance: new (`N`), new
/// and repeated together (`NR`), `NA` and `V` as reported, and repeated (`R`) applications.
/// Appeals and reviews (`A`, `J`, `RA`, `FA`) and `SP` are left out.
pub const FIRST_INSTANCE_TYPES: [&str; 5] = ["N", "NR", "NA", "V", "R"];

/// What the build made, for the files and the README.
#[derive(Debug, Default, Clone)]
pub struct FlowsOut {
    /// `flows_panel.csv`.
    pub panel_csv: String,
    /// `host_states.csv`.
    pub hosts_csv: String,
    /// The README section.
    pub readme: String,
}

pub(crate) fn build(
    raw: &Raw,
    states: &States,
    curation: &Curation,
    log: &mut Log,
) -> Result<FlowsOut> {
    // Battle deaths by country-year (PRIO to 1988, UCDP GED from 1989), as the conflicts use.
    let bd = raw.table("conflict/battle_deaths_country_year.csv")?;
    let (b_gw, b_year, b_low, b_best, b_high, b_src) = (
        bd.col("gwcode")?,
        bd.col("year")?,
        bd.col("low")?,
        bd.col("best")?,
        bd.col("high")?,
        bd.col("source")?,
    );
    type Deaths = (u64, u64, u64, BTreeSet<String>);
    let mut deaths: BTreeMap<(String, i32), Deaths> = BTreeMap::new();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    for row in bd.rows() {
        let gw: u32 = row.parse(b_gw, "a Gleditsch-Ward code")?;
        let year: i32 = row.parse(b_year, "a year")?;
        let num = |col: usize| -> Result<u64> {
            Ok(row.finite_opt(col)?.map_or(0.0, |v| v.max(0.0)).round() as u64)
        };
        let (low, best, high) = (num(b_low)?, num(b_best)?, num(b_high)?);
        if low == 0 && best == 0 && high == 0 {
            continue;
        }
        let iso = if gw == 345 && year >= 1992 {
            "SRB".to_string()
        } else {
            match states.gw_to_iso.get(&gw) {
                Some(iso) if states.is_member(iso) || iso == "PSE" => iso.clone(),
                Some(iso) => {
                    *left_out.entry(iso.clone()).or_default() += 1;
                    continue;
                }
                None => {
                    *left_out.entry(format!("GW {gw}")).or_default() += 1;
                    continue;
                }
            }
        };
        let e = deaths.entry((iso, year)).or_default();
        e.0 += low;
        e.1 += best;
        e.2 += high;
        e.3.insert(row.get(b_src).to_string());
    }
    if !left_out.is_empty() {
        log.decision(&format!(
            "flows_panel.csv keeps the country-years of UN member states and Palestine (PSE); battle deaths located in former states and territories are left out: {}",
            left_out
                .iter()
                .map(|(k, n)| {
                    format!("{k} ({n} country-year{})", if *n == 1 { "" } else { "s" })
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    // UNHCR new arrivals by origin and year.
    let flows = raw.unhcr_flows()?;
    let (f_first, f_last) = (
        flows.iter().map(|r| r.year).min().unwrap_or(0),
        flows.iter().map(|r| r.year).max().unwrap_or(0),
    );
    let mut outflow: HashMap<(&str, i32), (u64, u64)> = HashMap::new();
    for r in flows {
        let e = outflow.entry((r.origin.as_str(), r.year)).or_default();
        e.0 += r.refugees;
        e.1 += r.asylum_seekers;
    }
    let mut panel_rows = Vec::with_capacity(deaths.len());
    let mut with_flows = 0usize;
    for ((iso, year), (low, best, high, sources)) in &deaths {
        let (nr, na) = if (f_first..=f_last).contains(year) {
            with_flows += 1;
            let (r, a) = outflow
                .get(&(iso.as_str(), *year))
                .copied()
                .unwrap_or((0, 0));
            (r.to_string(), a.to_string())
        } else {
            (String::new(), String::new())
        };
        panel_rows.push(vec![
            iso.clone(),
            year.to_string(),
            low.to_string(),
            best.to_string(),
            high.to_string(),
            sources.iter().cloned().collect::<Vec<_>>().join(" + "),
            nr,
            na,
        ]);
    }
    let panel_csv = write_csv(schema::FLOWS_PANEL_COLUMNS, &panel_rows)?;

    // Region and subregion of every member (country file).
    let countries = raw.table("country/mledoze_countries.csv")?;
    let (c_code, c_region, c_sub, c_lat, c_lng, c_borders) = (
        countries.col("cca3")?,
        countries.col("region")?,
        countries.col("subregion")?,
        countries.col("lat")?,
        countries.col("lng")?,
        countries.col("borders")?,
    );
    // code -> (region, subregion, lat, lng, borders)
    type Geo = (String, String, f64, f64, Vec<String>);
    let mut geo: HashMap<String, Geo> = HashMap::new();
    for row in countries.rows() {
        let coord = |col: usize| -> Result<f64> { Ok(row.finite_opt(col)?.unwrap_or(0.0)) };
        geo.insert(
            row.get(c_code).to_string(),
            (
                row.get(c_region).to_string(),
                row.get(c_sub).to_string(),
                coord(c_lat)?,
                coord(c_lng)?,
                crate::world::table::split_list(row.get(c_borders)),
            ),
        );
    }
    // Asylum applications lodged at first instance, 2010-2014, by asylum state.
    let apps = raw.table("unhcr/unhcr_asylum_applications.csv")?;
    let (a_year, a_coa, a_type, a_n) = (
        apps.col("year")?,
        apps.col("coa_iso")?,
        apps.col("app_type")?,
        apps.col("applied")?,
    );
    let mut applications: HashMap<String, f64> = HashMap::new();
    for row in apps.rows() {
        let year: i32 = row.parse(a_year, "a year")?;
        if year < EFFORT_YEARS.0 || year > EFFORT_YEARS.1 {
            continue;
        }
        if !FIRST_INSTANCE_TYPES.contains(&row.get(a_type)) {
            continue;
        }
        let n = row.finite_opt(a_n)?.unwrap_or(0.0).max(0.0);
        *applications.entry(row.get(a_coa).to_string()).or_default() += n;
    }
    // Resettled refugees arriving, 2010-2014, by resettlement state.
    let sol = raw.table("unhcr/unhcr_solutions.csv")?;
    let (s_year, s_coa, s_res) = (
        sol.col("year")?,
        sol.col("coa_iso")?,
        sol.col("resettlement")?,
    );
    let mut resettled: HashMap<String, f64> = HashMap::new();
    for row in sol.rows() {
        let year: i32 = row.parse(s_year, "a year")?;
        if year < EFFORT_YEARS.0 || year > EFFORT_YEARS.1 {
            continue;
        }
        let n = row.finite_opt(s_res)?.unwrap_or(0.0).max(0.0);
        *resettled.entry(row.get(s_coa).to_string()).or_default() += n;
    }
    let mut host_rows = Vec::with_capacity(states.rows.len() + 1);
    let mut no_geo = Vec::new();
    let effort = |code: &str| {
        (
            (applications.get(code).copied().unwrap_or(0.0).round() as u64).to_string(),
            (resettled.get(code).copied().unwrap_or(0.0).round() as u64).to_string(),
        )
    };
    for s in &states.rows {
        let (region, sub) = match geo.get(&s.code) {
            Some(g) => (g.0.clone(), g.1.clone()),
            None => {
                no_geo.push(s.code.clone());
                (String::new(), String::new())
            }
        };
        let (apps, res) = effort(&s.code);
        host_rows.push(vec![
            s.code.clone(),
            "1".to_string(),
            region,
            sub,
            fmt_f(s.lat, 4),
            fmt_f(s.lng, 4),
            s.neighbours.join(";"),
            apps,
            res,
        ]);
    }
    // Origins of curated conflicts that are not member states (Palestine): from the country
    // file, with their land borders restricted to member states.
    let mut others: BTreeSet<&str> = BTreeSet::new();
    for c in &curation.conflicts {
        for o in &c.origin_iso3 {
            if !states.is_member(o) {
                others.insert(o.as_str());
            }
        }
    }
    for code in others {
        let Some((region, sub, lat, lng, borders)) = geo.get(code) else {
            no_geo.push(code.to_string());
            continue;
        };
        let borders: Vec<&str> = borders
            .iter()
            .map(String::as_str)
            .filter(|b| states.is_member(b))
            .collect();
        let (apps, res) = effort(code);
        host_rows.push(vec![
            code.to_string(),
            "0".to_string(),
            region.clone(),
            sub.clone(),
            fmt_f(*lat, 4),
            fmt_f(*lng, 4),
            borders.join(";"),
            apps,
            res,
        ]);
        log.decision(&format!(
            "host_states.csv adds {code}, the origin of a curated conflict that is not a member state, with its region, centroid and land borders with member states ({}) from country/mledoze_countries.csv (states.csv leaves such borders out)",
            borders.join(", ")
        ));
    }
    if !no_geo.is_empty() {
        log.warn(&format!(
            "host_states.csv: no region in country/mledoze_countries.csv for {}",
            no_geo.join(", ")
        ));
    }
    let hosts_csv = write_csv(schema::HOST_STATES_COLUMNS, &host_rows)?;

    let mut readme = String::new();
    let w = &mut readme;
    let _ = writeln!(
        w,
        "\n## Refugee-flow tables (`{}`, `{}`)\n",
        schema::FLOWS_PANEL_FILE,
        schema::HOST_STATES_FILE
    );
    let _ = writeln!(
        w,
        "Read by the flow estimator (`veto-sim flows`, `veto-sim calibrate flows`) and the distribution keys (`veto-sim distribute`).\n"
    );
    let _ = writeln!(w, "| file | rows | content | raw sources | licence |");
    let _ = writeln!(w, "|---|---:|---|---|---|");
    let _ = writeln!(
        w,
        "| `{}` | {} | battle deaths (low, best, high) of every country-year with any recorded, for the 193 member states and Palestine, 1946–{}, with the UNHCR new arrivals (refugees, asylum seekers) from that origin in that year ({f_first}–{f_last}; empty outside, 0 where UNHCR records none); {with_flows} rows carry outflows | conflict/battle_deaths_country_year.csv, unhcr/unhcr_flows.csv | MIT (UCDP/PRIO CC BY 4.0); UNHCR CC BY 4.0 |",
        schema::FLOWS_PANEL_FILE,
        panel_rows.len(),
        deaths.keys().map(|k| k.1).max().unwrap_or(0),
    );
    let _ = writeln!(
        w,
        "| `{}` | {} | the 193 member states and the non-member origins of conflicts (`member` 0): geographic region and subregion, centroid and land neighbours (as in `states.csv` for members), and asylum effort {}–{}: asylum applications lodged at first instance (UNHCR application types {}; appeals and reviews left out) and resettled refugees received, five-year totals | country/mledoze_countries.csv, unhcr/unhcr_asylum_applications.csv, unhcr/unhcr_solutions.csv | ODbL; UNHCR CC BY 4.0 |",
        schema::HOST_STATES_FILE,
        host_rows.len(),
        EFFORT_YEARS.0,
        EFFORT_YEARS.1,
        FIRST_INSTANCE_TYPES.join(", "),
    );
    let _ = writeln!(
        w,
        "\nThe battle deaths follow the conflicts' coding (the Federal Republic of Yugoslavia's country-years from 1992 count for Serbia). The outflow of a country-year is what UNHCR records as new arrivals from it in every asylum state; an asylum seeker later recognised may appear again as a new refugee, so the sum is an upper bound on new departures. The applications of 2010–2014 stand in for the Eurostat figures the 2015 Commission key used (for Germany they sum to {}).",
        applications
            .get("DEU")
            .map_or_else(|| "n/a".to_string(), |v| format!("{v:.0}"))
    );
    Ok(FlowsOut {
        panel_csv,
        hosts_csv,
        readme,
    })
}

//! Conflicts: the curated list joined with UCDP/PRIO conflict years, battle deaths by
//! country-year and UNHCR refugee stocks and flows by origin.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::curation::Curation;
use super::drafts::DraftsSummary;
use super::states::States;
use super::{Log, Raw};
use crate::error::{Error, Result};
use crate::world::schema;
use crate::world::table::write_csv;
use crate::world::{Arrival, Conflict, ConflictYear, Destination};

/// The conflicts the issue requires the world to hold.
pub const REQUIRED: [&str; 7] = [
    "syria",
    "israel-palestine",
    "ukraine",
    "myanmar",
    "yemen",
    "sudan",
    "bosnia",
];

/// What the README needs.
#[derive(Debug, Default, Clone)]
pub struct ConflictsOut {
    pub conflicts_csv: String,
    pub years_csv: String,
    pub destinations_csv: String,
    /// `conflict_arrivals.csv`.
    pub arrivals_csv: String,
    pub arrival_rows: usize,
    pub count: usize,
    pub years_rows: usize,
    pub destination_rows: usize,
    pub deaths_last_year: i32,
    pub unhcr_years: (i32, i32),
    pub flows_years: (i32, i32),
    pub missing_required: Vec<String>,
    /// (id, drafts linked, peak year, peak stock, latest stock, top destinations)
    pub table: Vec<(String, usize, i32, u64, u64, String)>,
}

/// Years as ranges: `1966;1979-1982;2011-2023`.
fn ranges(years: &BTreeSet<i32>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut iter = years.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end = iter.next().expect("peeked");
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    out.join(";")
}

pub(crate) fn build(
    raw: &Raw,
    states: &States,
    curation: &Curation,
    drafts: &DraftsSummary,
    log: &mut Log,
) -> Result<ConflictsOut> {
    let mut out = ConflictsOut::default();
    // UCDP/PRIO conflict years.
    let acd = raw.table("conflict/ucdp_prio_acd_v24_1_full.csv")?;
    let (a_id, a_year, a_int) = (
        acd.col("conflict_id")?,
        acd.col("year")?,
        acd.col("intensity_level")?,
    );
    let mut ucdp: HashMap<u32, BTreeMap<i32, u8>> = HashMap::new();
    for row in acd.rows() {
        let id: u32 = row.parse(a_id, "a UCDP conflict id")?;
        let year: i32 = row.parse(a_year, "a year")?;
        let intensity: u8 = row.parse(a_int, "an intensity level")?;
        let e = ucdp.entry(id).or_default().entry(year).or_insert(intensity);
        *e = (*e).max(intensity);
    }

    // Battle deaths by country-year.
    let bd = raw.table("conflict/battle_deaths_country_year.csv")?;
    let (b_gw, b_year, b_low, b_best, b_high, b_src) = (
        bd.col("gwcode")?,
        bd.col("year")?,
        bd.col("low")?,
        bd.col("best")?,
        bd.col("high")?,
        bd.col("source")?,
    );
    // (iso, year) → (low, best, high, sources)
    type Deaths = (u64, u64, u64, BTreeSet<String>);
    let mut deaths: HashMap<(String, i32), Deaths> = HashMap::new();
    let mut low_above_best = Vec::new();
    let mut fry_years = 0;
    for row in bd.rows() {
        let gw: u32 = row.parse(b_gw, "a Gleditsch-Ward code")?;
        let year: i32 = row.parse(b_year, "a year")?;
        // Gleditsch–Ward code 345 is Yugoslavia to 2006; from 1992 that is the Federal
        // Republic (Serbia and Montenegro), whose territory and membership Serbia continues.
        let iso = if gw == 345 && year >= 1992 {
            fry_years += 1;
            "SRB".to_string()
        } else {
            match states.gw_to_iso.get(&gw) {
                Some(iso) => iso.clone(),
                None => continue,
            }
        };
        let iso = &iso;
        out.deaths_last_year = out.deaths_last_year.max(year);
        let num = |col: usize| -> Result<u64> {
            Ok(row.finite_opt(col)?.map_or(0.0, |v| v.max(0.0)).round() as u64)
        };
        let (low, best, high) = (num(b_low)?, num(b_best)?, num(b_high)?);
        if low > best || best > high {
            low_above_best.push(format!("{iso} {year} ({low}/{best}/{high})"));
        }
        let e = deaths.entry((iso.clone(), year)).or_default();
        e.0 += low;
        e.1 += best;
        e.2 += high;
        e.3.insert(row.get(b_src).to_string());
    }
    if fry_years > 0 {
        log.decision(&format!(
            "conflict/battle_deaths_country_year.csv codes the Federal Republic of Yugoslavia (1992–2006) as Yugoslavia (GW 345); its {fry_years} country-years from 1992 are counted for Serbia (SRB), which continues it, so that deaths of the Kosovo war fall in the origin state"
        ));
    }
    if !low_above_best.is_empty() {
        low_above_best.sort();
        log.decision(&format!(
            "conflict/battle_deaths_country_year.csv has country-years whose low, best and high estimates are not in order; they are kept as recorded: {}",
            low_above_best.join(", ")
        ));
    }

    let population = raw.unhcr_population()?;
    let flows = raw.unhcr_flows()?;
    let span = |rows: &[super::UnhcrRow]| {
        (
            rows.iter().map(|r| r.year).min().unwrap_or(0),
            rows.iter().map(|r| r.year).max().unwrap_or(0),
        )
    };
    out.unhcr_years = span(population);
    out.flows_years = span(flows);

    fn index(rows: &[super::UnhcrRow]) -> HashMap<&str, Vec<&super::UnhcrRow>> {
        let mut m: HashMap<&str, Vec<&super::UnhcrRow>> = HashMap::new();
        for r in rows {
            m.entry(r.origin.as_str()).or_default().push(r);
        }
        m
    }
    let pop_by_origin = index(population);
    let flows_by_origin = index(flows);

    let mut conflicts: Vec<_> = curation.conflicts.iter().collect();
    conflicts.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rows = Vec::new();
    let mut year_rows = Vec::new();
    let mut dest_rows = Vec::new();
    let mut arrival_rows = Vec::new();
    for c in &conflicts {
        let mut active: BTreeMap<i32, u8> = BTreeMap::new();
        for id in &c.ucdp_ids {
            let years = ucdp.get(id).ok_or_else(|| {
                Error::input(
                    c.origin.place("ucdp_conflict_ids"),
                    format!("UCDP conflict {id} is not in ucdp_prio_acd_v24_1_full.csv"),
                )
            })?;
            for (y, i) in years {
                let e = active.entry(*y).or_insert(*i);
                *e = (*e).max(*i);
            }
        }
        let n_drafts = drafts.by_conflict.get(&c.id).map_or(0, Vec::len);
        let conflict = Conflict {
            id: c.id.clone(),
            name: c.name.clone(),
            origin: c.origin_iso3.clone(),
            ucdp_ids: c.ucdp_ids.clone(),
            first_year: c.first_year,
            last_year: c.last_year,
            ucdp_years: ranges(&active.keys().copied().collect()),
            drafts: n_drafts as u32,
            source: c.source.clone(),
            notes: c.notes.clone(),
            years: Vec::new(),
            destinations: Vec::new(),
            arrivals: Vec::new(),
        };
        rows.push(conflict.to_fields());
        let origins: BTreeSet<&str> = c.origin_iso3.iter().map(String::as_str).collect();
        let last = out.unhcr_years.1.max(out.deaths_last_year);
        let pop_rows: Vec<&super::UnhcrRow> = origins
            .iter()
            .flat_map(|o| pop_by_origin.get(o).into_iter().flatten().copied())
            .collect();
        let flow_rows: Vec<&super::UnhcrRow> = origins
            .iter()
            .flat_map(|o| flows_by_origin.get(o).into_iter().flatten().copied())
            .collect();
        let by_year = |rows: &[&super::UnhcrRow]| {
            let mut m: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
            for r in rows {
                let e = m.entry(r.year).or_default();
                e.0 += r.refugees;
                e.1 += r.asylum_seekers;
            }
            m
        };
        // New arrivals by origin, year and asylum state, from two years before the conflict's
        // first (so its first years have a previous year's destinations) to five after its last
        // (the window of the peak year).
        let mut arrivals: BTreeMap<(&str, i32, &str), (u64, u64)> = BTreeMap::new();
        let window = c.first_year - 2..=c.last_year + 5;
        for r in flow_rows.iter().filter(|r| window.contains(&r.year)) {
            let e = arrivals
                .entry((r.origin.as_str(), r.year, r.asylum.as_str()))
                .or_default();
            e.0 += r.refugees;
            e.1 += r.asylum_seekers;
        }
        for ((o, y, a), (r, s)) in arrivals {
            if r + s > 0 {
                let arrival = Arrival {
                    origin: o.to_string(),
                    year: y,
                    asylum_code: a.to_string(),
                    refugees: r,
                    asylum_seekers: s,
                    total: r + s,
                };
                arrival_rows.push(arrival.to_fields(&c.id));
            }
        }
        let pop_years = by_year(&pop_rows);
        let flow_years = by_year(&flow_rows);
        let mut stock_by_year: BTreeMap<i32, u64> = BTreeMap::new();
        for y in c.first_year..=last {
            let d: Vec<_> = origins
                .iter()
                .filter_map(|o| deaths.get(&(o.to_string(), y)))
                .collect();
            let (low, best, high, src) = if d.is_empty() {
                (None, None, None, String::new())
            } else {
                let sources: BTreeSet<&String> = d.iter().flat_map(|e| e.3.iter()).collect();
                (
                    Some(d.iter().map(|e| e.0).sum::<u64>()),
                    Some(d.iter().map(|e| e.1).sum::<u64>()),
                    Some(d.iter().map(|e| e.2).sum::<u64>()),
                    sources.into_iter().cloned().collect::<Vec<_>>().join(" + "),
                )
            };
            let in_span = |span: (i32, i32)| y >= span.0 && y <= span.1;
            let (refugees, asylum) = if in_span(out.unhcr_years) {
                let (r, a) = pop_years.get(&y).copied().unwrap_or((0, 0));
                stock_by_year.insert(y, r + a);
                (Some(r), Some(a))
            } else {
                (None, None)
            };
            let (new_r, new_a) = if in_span(out.flows_years) {
                let (r, a) = flow_years.get(&y).copied().unwrap_or((0, 0));
                (Some(r), Some(a))
            } else {
                (None, None)
            };
            let intensity = active.get(&y).copied();
            let year = ConflictYear {
                year: y,
                ucdp_active: intensity.is_some(),
                ucdp_intensity: intensity,
                deaths_low: low,
                deaths_best: best,
                deaths_high: high,
                deaths_source: src,
                refugees,
                asylum_seekers: asylum,
                new_refugees: new_r,
                new_asylum_seekers: new_a,
            };
            year_rows.push(year.to_fields(&c.id));
        }
        let mut deaths_in_years = 0u64;
        for y in c.first_year..=c.last_year.min(out.deaths_last_year) {
            for o in &origins {
                deaths_in_years += deaths.get(&(o.to_string(), y)).map_or(0, |e| e.1);
            }
        }
        if deaths_in_years == 0 {
            log.warn(&format!(
                "conflict `{}`: the battle-deaths file records no deaths located in {} in {}–{} (the origin state did not exist yet, or the fighting was located elsewhere)",
                c.id,
                c.origin_iso3.join(";"),
                c.first_year,
                c.last_year
            ));
        }
        // Destinations: the latest UNHCR year, and the year of the largest stock.
        let latest = out.unhcr_years.1;
        // The peak: the largest stock within the conflict's years and the five after.
        let peak = stock_by_year
            .iter()
            .filter(|(y, s)| **y >= c.first_year && **y <= c.last_year + 5 && **s > 0)
            .fold(None::<(i32, u64)>, |best, (&y, &s)| match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((y, s)),
            });
        if peak.is_none() {
            log.warn(&format!(
                "conflict `{}`: UNHCR records no refugees or asylum seekers from {} in {}–{}, so it has no peak destinations",
                c.id,
                c.origin_iso3.join(";"),
                c.first_year,
                c.last_year + 5
            ));
        }
        let mut summary_top = String::new();
        let mut latest_total = 0;
        for (basis, year) in [("latest", Some(latest)), ("peak", peak.map(|p| p.0))] {
            let Some(year) = year else { continue };
            let mut by_dest: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
            for r in pop_rows.iter().filter(|r| r.year == year) {
                let e = by_dest.entry(r.asylum.as_str()).or_default();
                e.0 += r.refugees;
                e.1 += r.asylum_seekers;
            }
            let total: u64 = by_dest.values().map(|(r, a)| r + a).sum();
            if total == 0 {
                log.warn(&format!(
                    "conflict `{}` has no UNHCR refugees or asylum seekers in {year}",
                    c.id
                ));
                continue;
            }
            let mut list: Vec<(&str, u64, u64)> = by_dest
                .into_iter()
                .filter(|(_, (r, a))| r + a > 0)
                .map(|(d, (r, a))| (d, r, a))
                .collect();
            list.sort_by(|x, y| (y.1 + y.2).cmp(&(x.1 + x.2)).then(x.0.cmp(y.0)));
            if basis == "latest" {
                latest_total = total;
                summary_top = list
                    .iter()
                    .take(3)
                    .map(|(d, r, a)| format!("{d} {:.0}%", 100.0 * (r + a) as f64 / total as f64))
                    .collect::<Vec<_>>()
                    .join(", ");
            }
            for (d, r, a) in list {
                let destination = Destination {
                    basis: basis.to_string(),
                    year,
                    asylum_code: d.to_string(),
                    refugees: r,
                    asylum_seekers: a,
                    total: r + a,
                    share: (r + a) as f64 / total as f64,
                };
                dest_rows.push(destination.to_fields(&c.id));
            }
        }
        out.table.push((
            c.id.clone(),
            n_drafts,
            peak.map_or(0, |p| p.0),
            peak.map_or(0, |p| p.1),
            latest_total,
            summary_top,
        ));
    }
    let present: BTreeSet<&str> = conflicts.iter().map(|c| c.id.as_str()).collect();
    out.missing_required = REQUIRED
        .iter()
        .filter(|r| !present.contains(*r))
        .map(|r| r.to_string())
        .collect();
    if !out.missing_required.is_empty() {
        log.warn(&format!(
            "required conflicts not yet in the curated conflicts files: {}",
            out.missing_required.join(", ")
        ));
    }
    out.count = rows.len();
    out.years_rows = year_rows.len();
    out.destination_rows = dest_rows.len();
    out.conflicts_csv = write_csv(schema::CONFLICTS_COLUMNS, &rows)?;
    out.years_csv = write_csv(schema::CONFLICT_YEARS_COLUMNS, &year_rows)?;
    out.destinations_csv = write_csv(schema::DESTINATIONS_COLUMNS, &dest_rows)?;
    out.arrival_rows = arrival_rows.len();
    out.arrivals_csv = write_csv(schema::ARRIVALS_COLUMNS, &arrival_rows)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_written_as_ranges() {
        let years: BTreeSet<i32> = [1966, 1979, 1980, 1981, 1982, 2011, 2012].into();
        assert_eq!(ranges(&years), "1966;1979-1982;2011-2012");
        assert_eq!(ranges(&BTreeSet::new()), "");
    }
}

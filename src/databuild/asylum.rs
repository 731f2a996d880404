//! The tables of the asylum-centres model (`veto-sim centres`): asylum applications lodged in
//! Europe by origin and year, first-instance asylum decisions taken in Europe by origin and
//! year (for protection rates), resettlement by year (UNHCR solutions), each state's official
//! languages, and the states with a recorded armed conflict on their territory by year (UCDP).
//!
//! Derived here from the raw files, deterministically, and documented in a section the build
//! appends to `data/README.md`. The files are not part of the world's hashed tables: the
//! centres model reads them beside the world ([`FILES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Deserialize;

use super::flows::FIRST_INSTANCE_TYPES;
use super::states::States;
use super::{Log, Raw};
use crate::error::{Error, Result};
use crate::world::table::write_csv;

/// Asylum applications by origin and year, in Europe and everywhere.
pub const APPLICATIONS_FILE: &str = "asylum_applications.csv";
/// Columns of [`APPLICATIONS_FILE`].
pub const APPLICATIONS_COLUMNS: &[&str] = &["origin_iso3", "year", "europe", "world"];
/// Asylum decisions taken in Europe by origin and year.
pub const DECISIONS_FILE: &str = "asylum_decisions.csv";
/// Columns of [`DECISIONS_FILE`].
pub const DECISIONS_COLUMNS: &[&str] = &[
    "origin_iso3",
    "year",
    "recognised",
    "complementary",
    "rejected",
    "closed",
];
/// Refugees resettled by year, all resettlement states.
pub const RESETTLEMENT_FILE: &str = "resettlement.csv";
/// Columns of [`RESETTLEMENT_FILE`].
pub const RESETTLEMENT_COLUMNS: &[&str] = &["year", "resettled", "resettlement_states"];
/// Official languages per state.
pub const LANGUAGES_FILE: &str = "languages.csv";
/// Columns of [`LANGUAGES_FILE`].
pub const LANGUAGES_COLUMNS: &[&str] = &["iso3", "language_codes", "language_names"];
/// Member states with a recorded armed conflict on their territory, by year.
pub const ARMED_CONFLICT_FILE: &str = "armed_conflict_years.csv";
/// Columns of [`ARMED_CONFLICT_FILE`].
pub const ARMED_CONFLICT_COLUMNS: &[&str] = &["iso3", "year", "ucdp_conflict_ids", "max_intensity"];

/// Every file this step writes, in order.
pub const FILES: &[&str] = &[
    APPLICATIONS_FILE,
    DECISIONS_FILE,
    RESETTLEMENT_FILE,
    LANGUAGES_FILE,
    ARMED_CONFLICT_FILE,
];

/// UNHCR decision levels counted as first-instance decisions: first instance (`FI`), first
/// instance and appeal reported together (`FA`), and level not stated (`NA`: Germany reports
/// all its decisions so). Administrative and judicial reviews and repeat applications (`AR`,
/// `JR`, `RA`) and the rest are left out, so a person is not counted twice.
pub const DECISION_LEVELS: [&str; 3] = ["FI", "FA", "NA"];

/// What the step made.
#[derive(Debug, Default, Clone)]
pub struct AsylumOut {
    /// File name → text.
    pub files: BTreeMap<String, String>,
    /// The README section.
    pub readme: String,
}

/// Europe as the flow parameter file defines it (`destinations.europe`).
///
/// # Errors
/// Only if the embedded parameter file lacks the list.
pub fn europe() -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Top {
        destinations: Dest,
    }
    #[derive(Deserialize)]
    struct Dest {
        europe: Vec<String>,
    }
    // The file itself, not `flows::priors`: the data build sits below the flow model.
    const PRIORS: &str = include_str!("../../data/flows/priors.yaml");
    let top: Top = serde_saphyr::from_str(PRIORS).map_err(|e| {
        Error::Runtime(format!(
            "the embedded flow parameters have no `destinations.europe`: {e}"
        ))
    })?;
    Ok(top.destinations.europe)
}

fn count(row: &crate::world::table::Row<'_>, col: usize) -> Result<f64> {
    match row.finite_opt(col)? {
        None => Ok(0.0),
        Some(v) if v < 0.0 => Err(row.error(col, format!("negative count {v}"))),
        Some(v) => Ok(v),
    }
}

fn is_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

pub(crate) fn build(raw: &Raw, states: &States, log: &mut Log) -> Result<AsylumOut> {
    let europe: BTreeSet<String> = europe()?.into_iter().collect();
    let mut files = BTreeMap::new();

    // Applications lodged, by origin and year: in Europe, and in every asylum state.
    let apps = raw.table("unhcr/unhcr_asylum_applications.csv")?;
    let (a_year, a_coo, a_coa, a_type, a_n) = (
        apps.col("year")?,
        apps.col("coo_iso")?,
        apps.col("coa_iso")?,
        apps.col("app_type")?,
        apps.col("applied")?,
    );
    let mut applied: BTreeMap<(String, i32), (f64, f64)> = BTreeMap::new();
    for row in apps.rows() {
        if !FIRST_INSTANCE_TYPES.contains(&row.get(a_type)) || !is_code(row.get(a_coo)) {
            continue;
        }
        let year: i32 = row.parse(a_year, "a year")?;
        let n = count(&row, a_n)?;
        let e = applied
            .entry((row.get(a_coo).to_string(), year))
            .or_default();
        e.1 += n;
        if europe.contains(row.get(a_coa)) {
            e.0 += n;
        }
    }
    let rows: Vec<Vec<String>> = applied
        .iter()
        .map(|((o, y), (e, w))| {
            vec![
                o.clone(),
                y.to_string(),
                format!("{e:.0}"),
                format!("{w:.0}"),
            ]
        })
        .collect();
    let app_years = year_range(applied.keys().map(|k| k.1));
    let app_rows = rows.len();
    files.insert(
        APPLICATIONS_FILE.to_string(),
        write_csv(APPLICATIONS_COLUMNS, &rows)?,
    );

    // Decisions taken in Europe at first instance, by origin and year.
    let dec = raw.table("unhcr/unhcr_asylum_decisions.csv")?;
    let (d_year, d_coo, d_coa, d_level, d_rec, d_oth, d_rej, d_clo) = (
        dec.col("year")?,
        dec.col("coo_iso")?,
        dec.col("coa_iso")?,
        dec.col("dec_level")?,
        dec.col("dec_recognized")?,
        dec.col("dec_other")?,
        dec.col("dec_rejected")?,
        dec.col("dec_closed")?,
    );
    let mut decided: BTreeMap<(String, i32), [f64; 4]> = BTreeMap::new();
    for row in dec.rows() {
        if !europe.contains(row.get(d_coa))
            || !DECISION_LEVELS.contains(&row.get(d_level))
            || !is_code(row.get(d_coo))
        {
            continue;
        }
        let year: i32 = row.parse(d_year, "a year")?;
        let e = decided
            .entry((row.get(d_coo).to_string(), year))
            .or_default();
        for (i, col) in [d_rec, d_oth, d_rej, d_clo].into_iter().enumerate() {
            e[i] += count(&row, col)?;
        }
    }
    let rows: Vec<Vec<String>> = decided
        .iter()
        .map(|((o, y), d)| {
            let mut r = vec![o.clone(), y.to_string()];
            r.extend(d.iter().map(|v| format!("{v:.0}")));
            r
        })
        .collect();
    let dec_years = year_range(decided.keys().map(|k| k.1));
    let dec_rows = rows.len();
    files.insert(
        DECISIONS_FILE.to_string(),
        write_csv(DECISIONS_COLUMNS, &rows)?,
    );

    // Resettlement arrivals by year, over every resettlement state.
    let sol = raw.table("unhcr/unhcr_solutions.csv")?;
    let (s_year, s_coa, s_res) = (
        sol.col("year")?,
        sol.col("coa_iso")?,
        sol.col("resettlement")?,
    );
    let mut resettled: BTreeMap<i32, (f64, BTreeSet<String>)> = BTreeMap::new();
    for row in sol.rows() {
        let year: i32 = row.parse(s_year, "a year")?;
        let n = count(&row, s_res)?;
        if n <= 0.0 {
            continue;
        }
        let e = resettled.entry(year).or_default();
        e.0 += n;
        e.1.insert(row.get(s_coa).to_string());
    }
    let rows: Vec<Vec<String>> = resettled
        .iter()
        .map(|(y, (n, s))| vec![y.to_string(), format!("{n:.0}"), s.len().to_string()])
        .collect();
    let res_years = year_range(resettled.keys().copied());
    files.insert(
        RESETTLEMENT_FILE.to_string(),
        write_csv(RESETTLEMENT_COLUMNS, &rows)?,
    );

    // Official languages: every entry of the country file, codes sorted as given.
    let lang = raw.table("country/mledoze_languages.csv")?;
    let (l_code, l_codes, l_names) = (
        lang.col("cca3")?,
        lang.col("language_codes")?,
        lang.col("language_names")?,
    );
    let mut languages: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in lang.rows() {
        languages.insert(
            row.get(l_code).to_string(),
            (row.get(l_codes).to_string(), row.get(l_names).to_string()),
        );
    }
    let no_language: Vec<&str> = states
        .rows
        .iter()
        .map(|s| s.code.as_str())
        .filter(|c| languages.get(*c).is_none_or(|l| l.0.is_empty()))
        .collect();
    if !no_language.is_empty() {
        log.warn(&format!(
            "{LANGUAGES_FILE}: no official language for {}",
            no_language.join(", ")
        ));
    }
    let rows: Vec<Vec<String>> = languages
        .iter()
        .map(|(c, (codes, names))| vec![c.clone(), codes.clone(), names.clone()])
        .collect();
    let lang_rows = rows.len();
    files.insert(
        LANGUAGES_FILE.to_string(),
        write_csv(LANGUAGES_COLUMNS, &rows)?,
    );

    // Armed conflict on a state's territory: UCDP/PRIO conflict-years by location.
    let acd = raw.table("conflict/ucdp_prio_acd_v24_1_full.csv")?;
    let (c_id, c_year, c_loc, c_int) = (
        acd.col("conflict_id")?,
        acd.col("year")?,
        acd.col("gwno_loc")?,
        acd.col("intensity_level")?,
    );
    let mut armed: BTreeMap<(String, i32), (BTreeSet<u64>, u8)> = BTreeMap::new();
    let mut unmatched: BTreeSet<u32> = BTreeSet::new();
    for row in acd.rows() {
        let year: i32 = row.parse(c_year, "a year")?;
        let id: u64 = row.parse(c_id, "a UCDP conflict id")?;
        let intensity: u8 = row.parse(c_int, "an intensity level")?;
        for gw in row.get(c_loc).split(',').map(str::trim) {
            if gw.is_empty() {
                continue;
            }
            let gw: u32 = gw.parse().map_err(|_| {
                row.error(
                    c_loc,
                    format!("expected Gleditsch-Ward codes, found `{gw}`"),
                )
            })?;
            let Some(iso) = states.gw_to_iso.get(&gw) else {
                unmatched.insert(gw);
                continue;
            };
            if !states.is_member(iso) {
                continue;
            }
            let e = armed.entry((iso.clone(), year)).or_default();
            e.0.insert(id);
            e.1 = e.1.max(intensity);
        }
    }
    if !unmatched.is_empty() {
        log.decision(&format!(
            "{ARMED_CONFLICT_FILE} leaves out conflict locations whose Gleditsch-Ward code names no present member state (former states): {}",
            unmatched
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let rows: Vec<Vec<String>> = armed
        .iter()
        .map(|((c, y), (ids, i))| {
            vec![
                c.clone(),
                y.to_string(),
                ids.iter().map(u64::to_string).collect::<Vec<_>>().join(";"),
                i.to_string(),
            ]
        })
        .collect();
    let armed_years = year_range(armed.keys().map(|k| k.1));
    let armed_rows = rows.len();
    files.insert(
        ARMED_CONFLICT_FILE.to_string(),
        write_csv(ARMED_CONFLICT_COLUMNS, &rows)?,
    );

    let mut readme = String::new();
    let w = &mut readme;
    let _ = writeln!(w, "\n## Asylum-centre tables (`{}`)\n", FILES.join("`, `"));
    let _ = writeln!(
        w,
        "Read by the asylum-centres model (`veto-sim centres`). Europe is the flow parameter file's (`destinations.europe` of `data/flows/priors.yaml`): {}.\n",
        europe.iter().cloned().collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(w, "| file | rows | content | raw sources | licence |");
    let _ = writeln!(w, "|---|---:|---|---|---|");
    let _ = writeln!(
        w,
        "| `{APPLICATIONS_FILE}` | {app_rows} | asylum applications lodged at first instance (UNHCR application types {}; appeals and reviews left out) by origin and year {}, in Europe and in every asylum state | unhcr/unhcr_asylum_applications.csv (UNHCR refugees package v2025.12.1) | UNHCR CC BY 4.0 |",
        FIRST_INSTANCE_TYPES.join(", "),
        app_years
    );
    let _ = writeln!(
        w,
        "| `{DECISIONS_FILE}` | {dec_rows} | asylum decisions taken in Europe by origin and year {}: recognised (Convention status), complementary protection, rejected, otherwise closed; decision levels {} (first instance, first instance and appeal reported together, level not stated: Germany reports all its decisions so); reviews, appeals and repeat applications left out so no one is counted twice | unhcr/unhcr_asylum_decisions.csv (v2025.12.1) | UNHCR CC BY 4.0 |",
        dec_years,
        DECISION_LEVELS.join(", ")
    );
    let _ = writeln!(
        w,
        "| `{RESETTLEMENT_FILE}` | {} | refugees resettled by year {} (arrivals in every resettlement state) and the number of states receiving any | unhcr/unhcr_solutions.csv (v2025.12.1) | UNHCR CC BY 4.0 |",
        resettled.len(),
        res_years
    );
    let _ = writeln!(
        w,
        "| `{LANGUAGES_FILE}` | {lang_rows} | official languages (ISO 639-3 codes and English names) of every entry of the country file, members or not | country/mledoze_languages.csv (mledoze/countries @ 5e9f370) | ODbL |"
    );
    let _ = writeln!(
        w,
        "| `{ARMED_CONFLICT_FILE}` | {armed_rows} | member states with a recorded armed conflict (25+ battle deaths a year) on their territory by year {}: the UCDP conflict ids located there (`gwno_loc`, an interstate conflict counting for every state it names) and the highest intensity (1: 25–999 deaths, 2: 1,000+) | conflict/ucdp_prio_acd_v24_1_full.csv (UCDP/PRIO ACD v24.1) | CC BY 4.0 |",
        armed_years
    );
    let _ = writeln!(
        w,
        "\nChecks: Syrian applications in Europe in 2015 {}; Syrian decisions in Europe in 2015 {} with protection (recognised or complementary) of {} with a recognised, complementary or rejected outcome.",
        applied
            .get(&("SYR".to_string(), 2015))
            .map_or_else(|| "n/a".to_string(), |v| format!("{:.0}", v.0)),
        decided
            .get(&("SYR".to_string(), 2015))
            .map_or_else(|| "n/a".to_string(), |d| format!("{:.0}", d[0] + d[1])),
        decided.get(&("SYR".to_string(), 2015)).map_or_else(
            || "n/a".to_string(),
            |d| format!("{:.0}", d[0] + d[1] + d[2])
        ),
    );
    Ok(AsylumOut { files, readme })
}

fn year_range(years: impl Iterator<Item = i32>) -> String {
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for y in years {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if lo > hi {
        "(none)".to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

//! The veto record: the cleaned veto list 1946–2023, the 2023–2025 supplement, the tallies
//! 1990–2019, the curated tallies 2020–2025, the failed-votes file and the curated
//! annotations, joined into one table of vetoed and failed drafts.
//!
//! Every known defect of the raw files is resolved here by an explicit rule, flagged on the
//! draft it touches and described in `data/README.md`. Anything unexpected (a vetoing member
//! missing from the negative votes, a tally that does not cover that year's Council, two sources
//! that disagree) stops the build with the file, line and key.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::curation::{CuratedAnnotation, CuratedTally, Curation};
use super::states::States;
use super::{Log, Raw};
use crate::error::{Error, Place, Result, did_you_mean};
use crate::world::drafts::{Outcome, UNRESOLVED, known_list_text};
use crate::world::schema;
use crate::world::table::{CsvTable, Row, write_csv};

/// Permanent members, by seat code.
const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

/// The veto list's names of vetoing members, with their seat codes.
const VETOERS: &[(&str, &str)] = &[
    ("USSR", "RUS"),
    ("Russia", "RUS"),
    ("USA", "USA"),
    ("UK", "GBR"),
    ("France", "FRA"),
    ("China", "CHN"),
];

/// Short topics for the supplement's descriptive topics (the text before the colon), in the
/// veto list's vocabulary.
const SUPPLEMENT_TOPICS: &[(&str, &str)] = &[
    ("Syria", "Syria"),
    ("Mali", "Mali"),
    ("Middle East/Gaza", "Israel-Palestine"),
    ("Non-proliferation/DPRK", "North Korea"),
    ("Non-proliferation", "Non-proliferation"),
    ("Admission of new members", "Admission"),
    ("Sudan", "Sudan"),
];

/// Supplement symbols the raw README says rest on weaker sources.
const WEAK_SYMBOLS: [&str; 4] = ["S/2023/638", "S/2024/255", "S/2024/302", "S/2024/826"];

#[derive(Debug, Clone, Default)]
struct Tally {
    yes: Vec<String>,
    no: Vec<String>,
    abstain: Vec<String>,
    absent: Vec<String>,
    /// Counts yes, no, abstain, absent.
    counts: [Option<u32>; 4],
    /// Whether member lists are known (not only counts).
    lists: bool,
    source: String,
    /// Where the tally was read, for error messages.
    place: Option<Place>,
}

impl Tally {
    fn sets(&self) -> [BTreeSet<&str>; 4] {
        fn s(v: &[String]) -> BTreeSet<&str> {
            v.iter().map(String::as_str).collect()
        }
        [s(&self.yes), s(&self.no), s(&self.abstain), s(&self.absent)]
    }

    fn describe(&self) -> String {
        format!(
            "yes {} / no {} / abstain {}",
            self.yes.join(";"),
            self.no.join(";"),
            self.abstain.join(";")
        )
    }
}

#[derive(Debug, Clone)]
struct Rec {
    id: String,
    symbol_recorded: String,
    date: String,
    outcome: Outcome,
    meeting: String,
    topic: String,
    title: String,
    region: String,
    vetoed_by: Vec<String>,
    vetoed_by_recorded: Vec<String>,
    submitted_by: Vec<String>,
    tally: Option<Tally>,
    /// Why there is no tally, where that is known.
    tally_note: String,
    source: String,
    flags: Vec<String>,
    annotation: Option<CuratedAnnotation>,
    /// Where the record came from, for error messages.
    place: Place,
    seq: (u8, u32),
}

impl Rec {
    fn flag(&mut self, flag: &str) {
        if !self.flags.iter().any(|f| f == flag) {
            self.flags.push(flag.to_string());
        }
    }

    fn year(&self) -> i32 {
        self.date[..4].parse().unwrap_or(0)
    }
}

/// What the README needs to know about the record.
#[derive(Debug, Default, Clone)]
pub struct DraftsSummary {
    pub vetoed: usize,
    pub failed: usize,
    pub from_veto_list: usize,
    pub from_supplement: usize,
    pub from_curation: usize,
    pub vetoed_full_tally: usize,
    pub vetoed_since_1990: usize,
    pub vetoed_since_1990_annotated: usize,
    pub failed_annotated: usize,
    pub not_annotated: Vec<String>,
    /// Veto casts per vetoing member as recorded, for drafts dated before 30 September 2022.
    pub casts_to_sept_2022: BTreeMap<String, usize>,
    /// Draft ids by conflict id.
    pub by_conflict: BTreeMap<String, Vec<String>>,
    pub unresolved_conflicts: BTreeSet<String>,
}

fn clean_symbol(raw: &str) -> String {
    let t = raw.trim();
    let end = t.find([' ', ',', '(']).unwrap_or(t.len());
    t[..end].to_string()
}

fn recorded_name(code: &str) -> &'static str {
    match code {
        "RUS" => "Russia",
        "CHN" => "China",
        "USA" => "USA",
        "GBR" => "UK",
        "FRA" => "France",
        _ => "?",
    }
}

/// Parses a count field: empty is unknown.
fn count(row: &Row<'_>, col: usize) -> Result<Option<u32>> {
    row.parse_opt(col, "a vote count")
}

/// Builds the drafts table (`data/drafts.csv`) from the raw veto record and the curation, as
/// a sequence of stages: each source read or merged in turn, then the checks and the summary.
pub(crate) fn build(
    raw: &Raw,
    states: &States,
    councils: &BTreeMap<i32, Vec<(String, String)>>,
    curation: &Curation,
    conflict_ids: &BTreeSet<String>,
    log: &mut Log,
) -> Result<(String, DraftsSummary)> {
    let mut summary = DraftsSummary::default();
    let mut recs = read_veto_list(raw, states, log)?;
    summary.from_veto_list = recs.len();
    number_repeated_ids(&mut recs);
    // Regions are learnt from the veto list alone, before later sources add drafts without one.
    let topic_regions = TopicRegions::of(&recs);
    summary.from_supplement = add_supplement(raw, &topic_regions, &mut recs)?;
    log.decision("the supplement's four symbols on weaker sources (S/2023/638, S/2024/255, S/2024/302, S/2024/826) are kept and flagged `weak-source`; the curated tallies of 2020–2025 record the press releases read for each");
    merge_tallies_1990_2019(raw, states, &mut recs)?;
    summary.from_curation = merge_curated_tallies(curation, &mut recs)?;
    add_failed_votes(raw, states, &mut recs, log)?;
    summary.unresolved_conflicts = attach_annotations(curation, conflict_ids, &mut recs)?;
    if !summary.unresolved_conflicts.is_empty() {
        log.warn(&format!(
            "annotations link drafts to conflicts that no curated conflicts file defines: {} (flagged `conflict-not-curated`)",
            summary.unresolved_conflicts.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    fill_missing_topics(&topic_regions, &mut recs);
    for r in &mut recs {
        check_tally(r, councils)?;
    }
    recs.sort_by(|a, b| (a.date.as_str(), a.seq).cmp(&(b.date.as_str(), b.seq)));
    count_into_summary(&recs, &mut summary);
    let rows: Vec<Vec<String>> = recs.iter().map(Rec::to_row).collect();
    Ok((write_csv(schema::DRAFTS_COLUMNS, &rows)?, summary))
}

/// The columns of the cleaned veto list that the build reads.
struct VetoListColumns {
    id: usize,
    year: usize,
    date: usize,
    draft: usize,
    meeting: usize,
    agenda: usize,
    topic: usize,
    region: usize,
    vetoed_by: usize,
    n_vetoes: usize,
    /// The one-hot columns per vetoing member, with the member's name as the list writes it.
    member_flags: Vec<(usize, &'static str)>,
    source: usize,
    yes: usize,
    no: usize,
    abstain: usize,
    yes_members: usize,
    no_members: usize,
    abstain_members: usize,
    tally_source: usize,
}

impl VetoListColumns {
    fn of(list: &CsvTable) -> Result<VetoListColumns> {
        let c = |n: &str| list.col(n);
        Ok(VetoListColumns {
            id: c("veto_row_id")?,
            year: c("year")?,
            date: c("date")?,
            draft: c("draft")?,
            meeting: c("meeting_record")?,
            agenda: c("agenda_item")?,
            topic: c("crisis_topic")?,
            region: c("region")?,
            vetoed_by: c("vetoed_by")?,
            n_vetoes: c("n_vetoes")?,
            member_flags: ["USSR", "Russia", "USA", "UK", "France", "China"]
                .iter()
                .map(|n| c(n).map(|i| (i, *n)))
                .collect::<Result<_>>()?,
            source: c("source")?,
            yes: c("yes")?,
            no: c("no")?,
            abstain: c("abstain")?,
            yes_members: c("yes_members")?,
            no_members: c("no_members")?,
            abstain_members: c("abstain_members")?,
            tally_source: c("tally_source")?,
        })
    }
}

/// Stage 1: the cleaned veto list, 1946 – October 2023, one record per row.
fn read_veto_list(raw: &Raw, states: &States, log: &mut Log) -> Result<Vec<Rec>> {
    let list = raw.table("unsc/unsc_vetoes_clean_1946_2023.csv")?;
    let cols = VetoListColumns::of(&list)?;
    let mut recs = Vec::new();
    for row in list.rows() {
        recs.push(veto_list_record(&row, &cols, states, log)?);
    }
    log.decision("the meeting record stands in for the draft symbol where the veto list has none (`S/PV.23` …); symbols written with extra text (`S/471 and S/471/Add.1`, `S/3713/Rev.1 (as amended)`) keep their first symbol, the text as recorded is kept in `symbol_recorded`");
    Ok(recs)
}

/// One row of the veto list as a record, its known defects corrected and flagged.
fn veto_list_record(
    row: &Row<'_>,
    cols: &VetoListColumns,
    states: &States,
    log: &mut Log,
) -> Result<Rec> {
    let row_id: u32 = row.parse(cols.id, "a row id")?;
    let draft = row.get(cols.draft);
    let (id, mut flags) = veto_list_id(draft, log);
    let date = veto_list_date(row, cols, &id, &mut flags, log)?;
    let (names, vetoed_by) = veto_list_vetoers(row, cols)?;
    if names.iter().any(|n| n == "USSR") {
        flags.push("ussr-seat".into());
    }
    let mut topic = row.get(cols.topic).to_string();
    if topic == "Malasyia" {
        topic = "Malaysia".into();
        flags.push("topic-typo-fixed".into());
        log.decision("unsc_vetoes_clean_1946_2023.csv spells the crisis topic of S/5973 (1964) `Malasyia`; written `Malaysia`");
    }
    Ok(Rec {
        id,
        symbol_recorded: draft.to_string(),
        date,
        outcome: Outcome::Vetoed,
        meeting: row.get(cols.meeting).to_string(),
        topic,
        title: row.get(cols.agenda).to_string(),
        region: row.get(cols.region).to_string(),
        vetoed_by,
        vetoed_by_recorded: names,
        submitted_by: Vec::new(),
        tally: veto_list_tally(row, cols, states)?,
        tally_note: String::new(),
        source: format!(
            "unsc_vetoes_clean_1946_2023.csv row {row_id}: {}",
            row.get(cols.source)
        ),
        flags,
        annotation: None,
        place: row.place(cols.draft),
        seq: (0, row_id),
    })
}

/// The id of a veto-list draft as written, with the flags its cleaning earns.
fn veto_list_id(draft: &str, log: &mut Log) -> (String, Vec<String>) {
    let mut flags = Vec::new();
    let mut id = clean_symbol(draft);
    if id != draft.trim() {
        flags.push("symbol-cleaned".to_string());
    }
    if id == "S/PV.3038" {
        // Defect: the 24 May 1948 veto's meeting is S/PV.303; 3038 is a typo.
        id = "S/PV.303".into();
        flags.push("typo-fixed".into());
        log.decision("unsc_vetoes_clean_1946_2023.csv row 24 gives the draft as `S/PV.3038`, a typo for the meeting record S/PV.303 of 24 May 1948 (its own meeting_record column); the id is S/PV.303#1");
    }
    if id.starts_with("S/PV.") {
        flags.push("meeting-symbol".into());
    }
    (id, flags)
}

/// The date of a veto-list row, checked against its year column, with the known wrong date
/// corrected.
fn veto_list_date(
    row: &Row<'_>,
    cols: &VetoListColumns,
    id: &str,
    flags: &mut Vec<String>,
    log: &mut Log,
) -> Result<String> {
    let mut date = checked_date(row, cols.date)?;
    if id == "S/2001/270" && date == "2001-04-12" {
        // Defect: S/2001/270 was vetoed at the 4305th meeting on 27 March 2001.
        date = "2001-03-27".into();
        flags.push("date-corrected".into());
        log.decision("unsc_vetoes_clean_1946_2023.csv dates S/2001/270 to 2001-04-12; the tallies file and the meeting record S/PV.4305 give 27 March 2001, which is used");
    }
    let year: i32 = row.parse(cols.year, "a year")?;
    if date[..4] != year.to_string() {
        return Err(row.error(
            cols.year,
            format!("year {year} does not match the date {date}"),
        ));
    }
    Ok(date)
}

/// Field `col` as a date `YYYY-MM-DD`.
fn checked_date(row: &Row<'_>, col: usize) -> Result<String> {
    let date = row.get(col).to_string();
    if date.len() != 10 || crate::world::drafts::parse_date(&date).is_none() {
        return Err(row.error(col, format!("expected a date YYYY-MM-DD, found `{date}`")));
    }
    Ok(date)
}

/// The vetoing members of a veto-list row: the names as recorded and their seat codes, checked
/// against the count and the one-hot member columns.
fn veto_list_vetoers(row: &Row<'_>, cols: &VetoListColumns) -> Result<(Vec<String>, Vec<String>)> {
    let names: Vec<String> = crate::world::table::split_list(row.get(cols.vetoed_by));
    let mut codes = Vec::new();
    for n in &names {
        let code = VETOERS
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, c)| *c)
            .ok_or_else(|| row.error(cols.vetoed_by, format!("unknown vetoing member `{n}`")))?;
        codes.push(code.to_string());
    }
    let n_vetoes: usize = row.parse(cols.n_vetoes, "a count of vetoes")?;
    let flagged: BTreeSet<&str> = cols
        .member_flags
        .iter()
        .filter(|(i, _)| row.get(*i) == "1")
        .map(|(_, n)| *n)
        .collect();
    if n_vetoes != names.len() || flagged != names.iter().map(String::as_str).collect() {
        return Err(row.error(
            cols.vetoed_by,
            format!(
                "vetoed_by `{}` disagrees with n_vetoes or the member flags",
                row.get(cols.vetoed_by)
            ),
        ));
    }
    Ok((names, codes))
}

/// The tally a veto-list row carries, if it carries member lists or counts.
fn veto_list_tally(
    row: &Row<'_>,
    cols: &VetoListColumns,
    states: &States,
) -> Result<Option<Tally>> {
    let lists = [cols.yes_members, cols.no_members, cols.abstain_members]
        .iter()
        .any(|&i| !row.get(i).trim().is_empty());
    let counts = [
        count(row, cols.yes)?,
        count(row, cols.no)?,
        count(row, cols.abstain)?,
        None,
    ];
    if !lists && counts.iter().all(Option::is_none) {
        return Ok(None);
    }
    Ok(Some(Tally {
        yes: states.names.codes(row, cols.yes_members)?,
        no: states.names.codes(row, cols.no_members)?,
        abstain: states.names.codes(row, cols.abstain_members)?,
        absent: Vec::new(),
        counts,
        lists,
        source: row.get(cols.tally_source).to_string(),
        place: Some(row.place(cols.yes_members)),
    }))
}

/// Ids seen more than once get #1, #2, … in the list's order, and the flag
/// `duplicate-symbol`.
fn number_repeated_ids(recs: &mut [Rec]) {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for r in recs.iter() {
        *counts.entry(r.id.clone()).or_default() += 1;
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    for r in recs.iter_mut() {
        if counts[&r.id] > 1 {
            let k = seen.entry(r.id.clone()).or_default();
            *k += 1;
            r.id = format!("{}#{k}", r.id);
            r.flag("duplicate-symbol");
        }
    }
}

/// The regions the veto list gives the drafts on each topic, for records that have none.
struct TopicRegions(BTreeMap<String, BTreeMap<String, usize>>);

impl TopicRegions {
    fn of(recs: &[Rec]) -> TopicRegions {
        let mut regions: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for r in recs {
            *regions
                .entry(r.topic.clone())
                .or_default()
                .entry(r.region.clone())
                .or_default() += 1;
        }
        TopicRegions(regions)
    }

    /// The region of a topic, where every draft on it has the same one; empty otherwise.
    fn region_of(&self, topic: &str) -> String {
        match self.0.get(topic) {
            Some(m) if m.len() == 1 => m.keys().next().cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }
}

/// Stage 2: the 2023–2025 supplement, appended; returns how many drafts it added.
fn add_supplement(raw: &Raw, topic_regions: &TopicRegions, recs: &mut Vec<Rec>) -> Result<usize> {
    let sup = raw.table("unsc/vetoes_supplement_2023_2025.csv")?;
    let (s_sym, s_date, s_topic, s_by, s_src) = (
        sup.col("symbol")?,
        sup.col("date")?,
        sup.col("topic")?,
        sup.col("vetoed_by")?,
        sup.col("source")?,
    );
    for (k, row) in sup.rows().enumerate() {
        let id = row.get(s_sym).trim().to_string();
        if recs.iter().any(|r| r.base_id() == id) {
            return Err(row.error(s_sym, format!("`{id}` is already in the veto list")));
        }
        let date = checked_date(&row, s_date)?;
        let text = row.get(s_topic);
        let topic = supplement_topic(&row, s_topic)?;
        let vetoed_by = crate::world::table::split_list(row.get(s_by));
        for v in &vetoed_by {
            if !P5.contains(&v.as_str()) {
                return Err(row.error(s_by, format!("`{v}` is not a permanent member")));
            }
        }
        let mut flags = Vec::new();
        if WEAK_SYMBOLS.contains(&id.as_str()) {
            flags.push("weak-source".to_string());
        }
        recs.push(Rec {
            id: id.clone(),
            symbol_recorded: id,
            date,
            outcome: Outcome::Vetoed,
            meeting: String::new(),
            region: topic_regions.region_of(&topic),
            topic,
            title: text.to_string(),
            vetoed_by_recorded: recorded_names(&vetoed_by),
            vetoed_by,
            submitted_by: Vec::new(),
            tally: None,
            tally_note: String::new(),
            source: format!("vetoes_supplement_2023_2025.csv: {}", row.get(s_src)),
            flags,
            annotation: None,
            place: row.place(s_sym),
            seq: (1, k as u32),
        });
    }
    Ok(sup.records.len())
}

/// The short topic of a supplement row: its descriptive topic's text before the colon, in the
/// veto list's vocabulary.
fn supplement_topic(row: &Row<'_>, col: usize) -> Result<String> {
    let prefix = row.get(col).split(':').next().unwrap_or("").trim();
    SUPPLEMENT_TOPICS
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, t)| (*t).to_string())
        .ok_or_else(|| {
            row.error(
                col,
                format!("no short topic for `{prefix}`: add it to SUPPLEMENT_TOPICS"),
            )
        })
}

/// The veto list's names of the members with these seat codes.
fn recorded_names(codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| recorded_name(c).to_string()).collect()
}

/// Stage 3: the tallies 1990–2019, merged into the veto list's records.
fn merge_tallies_1990_2019(raw: &Raw, states: &States, recs: &mut [Rec]) -> Result<()> {
    let tal = raw.table("unsc/vetoed_drafts_tallies_1990_2019.csv")?;
    let t = |n: &str| tal.col(n);
    let (t_sym, t_date, t_topic, t_by, t_src, t_ver) = (
        t("symbol")?,
        t("date")?,
        t("topic")?,
        t("vetoed_by")?,
        t("source")?,
        t("verified")?,
    );
    // Member lists, then counts, of yes, no, abstain and absent.
    let lists = [t("yes")?, t("no")?, t("abstain")?, t("absent")?];
    let counts = [t("n_yes")?, t("n_no")?, t("n_abstain")?];
    for row in tal.rows() {
        let sym = row.get(t_sym).trim();
        let Some(rec) = recs.iter_mut().find(|r| r.id == sym) else {
            return Err(row.error(t_sym, format!("`{sym}` is not in the veto list")));
        };
        if rec.date != row.get(t_date) {
            return Err(row.error(
                t_date,
                format!(
                    "date {} disagrees with the veto list's {}",
                    row.get(t_date),
                    rec.date
                ),
            ));
        }
        let by = sorted(crate::world::table::split_list(row.get(t_by)));
        if by != sorted(rec.vetoed_by.clone()) {
            return Err(row.error(
                t_by,
                format!(
                    "vetoing members {by:?} disagree with the veto list's {:?}",
                    rec.vetoed_by
                ),
            ));
        }
        rec.title = row.get(t_topic).to_string();
        match row.get(t_ver) {
            "yes" => {}
            "missing" => {
                rec.tally_note = format!("no tally found: {}", row.get(t_src));
                rec.flag("tally-missing");
                continue;
            }
            other => {
                return Err(row.error(t_ver, format!("expected yes or missing, found `{other}`")));
            }
        }
        let codes = |col: usize| -> Result<Vec<String>> {
            let list = crate::world::table::split_list(row.get(col));
            for c in &list {
                if !states.is_member(c) {
                    return Err(row.error(col, format!("`{c}` is not a member state")));
                }
            }
            Ok(list)
        };
        let new = Tally {
            yes: codes(lists[0])?,
            no: codes(lists[1])?,
            abstain: codes(lists[2])?,
            absent: codes(lists[3])?,
            counts: [
                count(&row, counts[0])?,
                count(&row, counts[1])?,
                count(&row, counts[2])?,
                None,
            ],
            lists: true,
            source: row.get(t_src).to_string(),
            place: Some(row.place(t_sym)),
        };
        merge_tally(
            rec,
            new,
            &row.place(t_sym),
            "vetoed_drafts_tallies_1990_2019.csv",
            true,
        )?;
    }
    Ok(())
}

/// Stage 4: the curated tallies 2020–2025, merged into the records, adding the drafts no raw
/// file has; returns how many it added.
fn merge_curated_tallies(curation: &Curation, recs: &mut Vec<Rec>) -> Result<usize> {
    let mut added = 0;
    for ct in &curation.tallies {
        let place = ct.origin.place("symbol");
        let pos = match recs.iter().position(|r| r.id == ct.symbol) {
            Some(p) => p,
            None => {
                added += 1;
                recs.push(curated_record(ct));
                recs.len() - 1
            }
        };
        let rec = &mut recs[pos];
        if rec.date != ct.date {
            return Err(Error::input(
                ct.origin.place("date"),
                format!(
                    "date {} disagrees with the veto record's {} for {}",
                    ct.date, rec.date, ct.symbol
                ),
            ));
        }
        if sorted(ct.vetoed_by.clone()) != sorted(rec.vetoed_by.clone()) {
            return Err(Error::input(
                ct.origin.place("vetoed_by"),
                format!(
                    "vetoing members {:?} disagree with the veto record's {:?} for {}",
                    ct.vetoed_by, rec.vetoed_by, ct.symbol
                ),
            ));
        }
        let source = format!("{} (curated): {}", file_name(&ct.origin.file), ct.source);
        match curated_tally(ct, &source)? {
            Some(new) => merge_tally(rec, new, &place, "the curated tallies", true)?,
            None => {
                rec.tally_note = format!("vote by member unknown: {source}");
                rec.flag("tally-missing");
            }
        }
    }
    Ok(added)
}

/// The record of a curated tally for a draft that no raw file has.
fn curated_record(ct: &CuratedTally) -> Rec {
    Rec {
        id: ct.symbol.clone(),
        symbol_recorded: ct.symbol.clone(),
        date: ct.date.clone(),
        outcome: Outcome::Vetoed,
        meeting: String::new(),
        topic: String::new(),
        title: ct.notes.clone(),
        region: String::new(),
        vetoed_by: ct.vetoed_by.clone(),
        vetoed_by_recorded: recorded_names(&ct.vetoed_by),
        submitted_by: Vec::new(),
        tally: None,
        tally_note: String::new(),
        source: format!("{} (curated): {}", file_name(&ct.origin.file), ct.source),
        flags: vec!["curated-record".into()],
        annotation: None,
        place: ct.origin.place("symbol"),
        seq: (2, ct.origin.line as u32),
    }
}

/// The tally a curated entry gives: member lists, or counts only, or none when the vote by
/// member is unknown.
fn curated_tally(ct: &CuratedTally, source: &str) -> Result<Option<Tally>> {
    match (&ct.yes, &ct.no, &ct.abstain, &ct.absent) {
        (Some(yes), Some(no), Some(abstain), Some(absent)) => Ok(Some(Tally {
            yes: yes.clone(),
            no: no.clone(),
            abstain: abstain.clone(),
            absent: absent.clone(),
            counts: [
                Some(yes.len() as u32),
                Some(no.len() as u32),
                Some(abstain.len() as u32),
                Some(absent.len() as u32),
            ],
            lists: true,
            source: source.to_string(),
            place: Some(ct.origin.place("yes")),
        })),
        (None, None, None, None) if ct.counts.iter().any(Option::is_some) => Ok(Some(Tally {
            counts: ct.counts,
            lists: false,
            source: source.to_string(),
            place: Some(ct.origin.place("n_yes")),
            ..Tally::default()
        })),
        (None, None, None, None) => Ok(None),
        _ => Err(Error::input(
            ct.origin.place("yes"),
            "give all four of yes, no, abstain and absent, or `unknown` for all four",
        )),
    }
}

/// Stage 5: the failed-votes file: its tallies merged into vetoed drafts, its other votes
/// added as failed drafts.
fn add_failed_votes(raw: &Raw, states: &States, recs: &mut Vec<Rec>, log: &mut Log) -> Result<()> {
    let failed = raw.table("unsc/unsc_failed_drafts_votes_unscforus.csv")?;
    let f = |n: &str| failed.col(n);
    let (f_meeting, f_on, f_year, f_sub, f_yes, f_abs, f_no, f_yesm, f_absm, f_nom) = (
        f("meeting_number")?,
        f("voting_on")?,
        f("year")?,
        f("submitted_by")?,
        f("yes")?,
        f("abstain")?,
        f("no")?,
        f("yes_members")?,
        f("abstain_members")?,
        f("no_members")?,
    );
    for (k, row) in failed.rows().enumerate() {
        let meeting: u32 = row.parse(f_meeting, "a meeting number")?;
        let counts = [
            count(&row, f_yes)?,
            count(&row, f_no)?,
            count(&row, f_abs)?,
            None,
        ];
        let (id, mut flags) = failed_key(&row, f_on, meeting, counts, log)?;
        let year: i32 = row.parse(f_year, "a year")?;
        let tally = Tally {
            yes: states.names.codes(&row, f_yesm)?,
            no: states.names.codes(&row, f_nom)?,
            abstain: states.names.codes(&row, f_absm)?,
            absent: Vec::new(),
            counts,
            lists: true,
            source: FAILED_SOURCE.to_string(),
            place: Some(row.place(f_on)),
        };
        let submitted_by = states.names.codes(&row, f_sub)?;
        if let Some(rec) = recs.iter_mut().find(|r| r.id == id) {
            if rec.year() != year {
                return Err(row.error(
                    f_year,
                    format!(
                        "year {year} disagrees with the veto record's date {} for {id}",
                        rec.date
                    ),
                ));
            }
            rec.submitted_by = submitted_by;
            merge_tally(
                rec,
                tally,
                &row.place(f_on),
                "unsc_failed_drafts_votes_unscforus.csv",
                false,
            )?;
            continue;
        }
        check_not_vetoed(&row, f_on, &id, year, &tally)?;
        if id.starts_with("S/PV.") {
            flags.push("meeting-symbol".into());
        }
        recs.push(Rec {
            id,
            symbol_recorded: row.get(f_on).trim().to_string(),
            date: year.to_string(),
            outcome: Outcome::Failed,
            meeting: format!("S/PV.{meeting}"),
            topic: String::new(),
            title: String::new(),
            region: String::new(),
            vetoed_by: Vec::new(),
            vetoed_by_recorded: Vec::new(),
            submitted_by,
            tally: Some(tally),
            tally_note: String::new(),
            source: FAILED_SOURCE.to_string(),
            flags,
            annotation: None,
            place: row.place(f_on),
            seq: (3, k as u32),
        });
    }
    Ok(())
}

/// The source written on every tally of the failed-votes file.
const FAILED_SOURCE: &str = "unsc_failed_drafts_votes_unscforus.csv (emilytong123/unsc_for_us, entered by hand from meeting records)";

/// A failed draft must not look vetoed: the quota reached with a permanent member's no.
fn check_not_vetoed(row: &Row<'_>, col: usize, id: &str, year: i32, tally: &Tally) -> Result<()> {
    let quota = if year < 1966 { 7 } else { 9 };
    let p5_no: Vec<&String> = tally
        .no
        .iter()
        .filter(|c| P5.contains(&c.as_str()))
        .collect();
    let yes = tally.counts[0].unwrap_or(0);
    if yes >= quota && !p5_no.is_empty() {
        return Err(row.error(col, format!("{id} had {yes} yes votes and a permanent member's no ({p5_no:?}) but is not in the veto list")));
    }
    Ok(())
}

/// Stage 6: the curated annotations, attached to their drafts; returns the conflict ids they
/// name that no curated conflicts file defines.
fn attach_annotations(
    curation: &Curation,
    conflict_ids: &BTreeSet<String>,
    recs: &mut [Rec],
) -> Result<BTreeSet<String>> {
    let mut unresolved = BTreeSet::new();
    for a in &curation.annotations {
        let Some(pos) = recs.iter().position(|r| r.id == a.symbol) else {
            let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
            return Err(Error::input(
                a.origin.place("symbol"),
                format!(
                    "`{}` is neither a vetoed draft nor a failed draft of the record{}",
                    a.symbol,
                    did_you_mean(&a.symbol, ids.iter().copied())
                ),
            ));
        };
        let rec = &mut recs[pos];
        if let Some(date) = &a.date {
            date_from_annotation(rec, a, date)?;
        }
        if !a.conflict_id.is_empty()
            && a.conflict_id != "unknown"
            && !conflict_ids.contains(&a.conflict_id)
        {
            rec.flag("conflict-not-curated");
            unresolved.insert(a.conflict_id.clone());
        }
        rec.annotation = Some(a.clone());
    }
    Ok(unresolved)
}

/// Checks an annotation's date against the record's, and takes the full date where the raw
/// file gives only the year.
fn date_from_annotation(rec: &mut Rec, a: &CuratedAnnotation, date: &str) -> Result<()> {
    if rec.date.len() == 10 && date != rec.date {
        return Err(Error::input(
            a.origin.place("date"),
            format!(
                "date {date} disagrees with the record's {} for {}",
                rec.date, rec.id
            ),
        ));
    }
    if rec.date.len() == 4 {
        if date[..4] != rec.date {
            return Err(Error::input(
                a.origin.place("date"),
                format!(
                    "date {date} is not in the raw file's year {} for {}",
                    rec.date, rec.id
                ),
            ));
        }
        if date.len() == 10 {
            rec.date = date.to_string();
            rec.flag("date-from-annotation");
        }
    }
    Ok(())
}

/// Topics of records without one: the most common topic of drafts linked to the same conflict,
/// or `Admission` for admission drafts; and their region, where the topic has one.
fn fill_missing_topics(topic_regions: &TopicRegions, recs: &mut [Rec]) {
    let mut conflict_topics: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in recs.iter() {
        if let Some(a) = &r.annotation
            && !a.conflict_id.is_empty()
            && !r.topic.is_empty()
        {
            *conflict_topics
                .entry(a.conflict_id.clone())
                .or_default()
                .entry(r.topic.clone())
                .or_default() += 1;
        }
    }
    for r in recs.iter_mut() {
        if !r.topic.is_empty() {
            continue;
        }
        if let Some(a) = &r.annotation {
            if let Some(m) = conflict_topics.get(&a.conflict_id) {
                r.topic = m
                    .iter()
                    .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                    .map(|(t, _)| t.clone())
                    .unwrap_or_default();
            } else if a.kind == crate::world::ActionKind::Admission {
                r.topic = "Admission".into();
            }
            if r.region.is_empty() && !r.topic.is_empty() {
                r.region = topic_regions.region_of(&r.topic);
            }
        }
    }
}

/// The counts the README reports, over the finished records.
fn count_into_summary(recs: &[Rec], summary: &mut DraftsSummary) {
    for r in recs {
        match r.outcome {
            Outcome::Vetoed => summary.vetoed += 1,
            Outcome::Failed => summary.failed += 1,
        }
        if r.outcome == Outcome::Vetoed && r.tally_status() == "full" {
            summary.vetoed_full_tally += 1;
        }
        if r.outcome == Outcome::Vetoed && r.year() >= 1990 {
            summary.vetoed_since_1990 += 1;
            if r.annotation.is_some() {
                summary.vetoed_since_1990_annotated += 1;
            } else {
                summary.not_annotated.push(r.id.clone());
            }
        }
        if r.outcome == Outcome::Failed {
            if r.annotation.is_some() {
                summary.failed_annotated += 1;
            } else {
                summary.not_annotated.push(r.id.clone());
            }
        }
        if r.outcome == Outcome::Vetoed && r.date.as_str() < "2022-09-30" {
            for v in &r.vetoed_by_recorded {
                *summary.casts_to_sept_2022.entry(v.clone()).or_default() += 1;
            }
        }
        if let Some(a) = &r.annotation
            && !a.conflict_id.is_empty()
        {
            summary
                .by_conflict
                .entry(a.conflict_id.clone())
                .or_default()
                .push(r.id.clone());
        }
    }
}

impl Rec {
    fn base_id(&self) -> &str {
        self.id.split('#').next().unwrap_or(&self.id)
    }

    fn tally_status(&self) -> &'static str {
        match &self.tally {
            None => "none",
            Some(t) if !t.lists => "counts",
            Some(_)
                if self
                    .flags
                    .iter()
                    .any(|f| f == "partial-tally" || f == "count-mismatch") =>
            {
                "partial"
            }
            Some(_) => "full",
        }
    }

    fn to_row(&self) -> Vec<String> {
        let t = self.tally.clone().unwrap_or_default();
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        let (sponsors, targets, kind, atrocity, conflict, a_source, a_notes) =
            match &self.annotation {
                Some(a) => (
                    known_list_text(&a.sponsors),
                    known_list_text(&a.targets),
                    a.kind.as_str().to_string(),
                    a.atrocity.as_str().to_string(),
                    a.conflict_id.clone(),
                    a.source.clone(),
                    a.notes.clone(),
                ),
                None => Default::default(),
            };
        let tally_source = if self.tally.is_some() {
            t.source.clone()
        } else {
            self.tally_note.clone()
        };
        vec![
            self.id.clone(),
            self.symbol_recorded.clone(),
            self.date.clone(),
            self.outcome.as_str().to_string(),
            self.meeting.clone(),
            self.topic.clone(),
            self.title.clone(),
            self.region.clone(),
            self.vetoed_by.join(";"),
            self.vetoed_by_recorded.join(";"),
            self.submitted_by.join(";"),
            self.tally_status().to_string(),
            n(t.counts[0]),
            n(t.counts[1]),
            n(t.counts[2]),
            n(t.counts[3]),
            t.yes.join(";"),
            t.no.join(";"),
            t.abstain.join(";"),
            t.absent.join(";"),
            tally_source,
            self.source.clone(),
            if self.annotation.is_some() {
                "yes".into()
            } else {
                "no".into()
            },
            sponsors,
            targets,
            kind,
            atrocity,
            conflict,
            a_source,
            a_notes,
            self.flags.join(";"),
        ]
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
        .to_string()
}

/// Adds a tally to a record; where the record already has member lists, the two must agree.
fn merge_tally(
    rec: &mut Rec,
    new: Tally,
    place: &Place,
    what: &str,
    new_preferred: bool,
) -> Result<()> {
    match &rec.tally {
        Some(old) if old.lists && new.lists => {
            // Every member either source places must be placed alike by both.
            let (a, b) = (old.sets(), new.sets());
            let vote_of =
                |sets: &[BTreeSet<&str>; 4], c: &str| sets.iter().position(|s| s.contains(c));
            let members: BTreeSet<&str> = a.iter().chain(b.iter()).flatten().copied().collect();
            let conflict = members
                .iter()
                .any(|c| match (vote_of(&a, c), vote_of(&b, c)) {
                    (Some(x), Some(y)) => x != y,
                    _ => false,
                });
            if conflict {
                return Err(Error::input(
                    place.clone(),
                    format!(
                        "{what} gives {} for {} but {} gives {}",
                        new.describe(),
                        rec.id,
                        old.source,
                        old.describe()
                    ),
                ));
            }
            let listed = |t: &Tally| t.yes.len() + t.no.len() + t.abstain.len() + t.absent.len();
            // Keep the fuller record, noting the other source.
            let take_new =
                listed(&new) > listed(old) || (new_preferred && listed(&new) == listed(old));
            let (mut keep, other) = if take_new {
                (new.clone(), old.clone())
            } else {
                (old.clone(), new.clone())
            };
            if keep.source != other.source && !keep.source.contains(&other.source) {
                keep.source = format!("{} | agrees with {}", keep.source, other.source);
            }
            for (i, c) in other.counts.iter().enumerate() {
                if keep.counts[i].is_none() {
                    keep.counts[i] = *c;
                } else if c.is_some() && *c != keep.counts[i] {
                    return Err(Error::input(
                        place.clone(),
                        format!(
                            "{what} and {} give different vote counts for {}: {:?} vs {:?}",
                            other.source, rec.id, keep.counts, other.counts
                        ),
                    ));
                }
            }
            rec.tally = Some(keep);
        }
        Some(old) if old.lists => {}
        _ => rec.tally = Some(new),
    }
    Ok(())
}

/// Derives the id of a failed-votes row, resolving the file's known defects.
fn failed_key(
    row: &Row<'_>,
    col: usize,
    meeting: u32,
    counts: [Option<u32>; 4],
    log: &mut Log,
) -> Result<(String, Vec<String>)> {
    let text = row.get(col).trim();
    let mut flags = Vec::new();
    if text != row.get(col) {
        flags.push("symbol-cleaned".to_string());
    }
    if let Some(num) = text.strip_suffix("th Meeting Draft Resolution") {
        if num != meeting.to_string() {
            return Err(row.error(col, format!("`{text}` does not match meeting {meeting}")));
        }
        return Ok((format!("S/PV.{meeting}"), flags));
    }
    let (symbol, rest) = match text.split_once(' ') {
        Some((s, r)) => (s.to_string(), r.trim().to_string()),
        None => (text.to_string(), String::new()),
    };
    let mut symbol = symbol;
    if symbol == "S/7591/Rev.2" && meeting == 1360 {
        symbol = "S/7951/Rev.2".into();
        flags.push("typo-fixed".into());
        log.decision("unsc_failed_drafts_votes_unscforus.csv writes `S/7591/Rev.2 Paragraph 1` for the 1360th meeting (14 June 1967); the next row and the Council's document numbering of June 1967 give S/7951/Rev.2, which is used");
    }
    if symbol == "S/2017/962" && meeting == 8105 && counts[..3] == [Some(3), Some(7), Some(5)] {
        log.decision("unsc_failed_drafts_votes_unscforus.csv has two rows `S/2017/962` at the 8105th meeting: the second (11-2-2) is the US draft vetoed by Russia, as in UN press release SC/13072; the first (3 yes, 7 no, 5 abstentions, submitter `United States`) matches no vote SC/13072 records (the Russian draft S/2017/968 failed 4-7-4, the file's own S/2017/968 row). It is kept apart as failed vote `S/2017/968#row-3-5-7`, flagged `unidentified-vote`, as the curated annotations key it");
        flags.push("unidentified-vote".into());
        flags.push(UNRESOLVED.into());
        return Ok(("S/2017/968#row-3-5-7".into(), flags));
    }
    let suffix = if rest.is_empty() {
        String::new()
    } else if rest == "Last Paragraph" {
        "#last".into()
    } else if let Some(p) = rest
        .strip_prefix("Paragraphs ")
        .or_else(|| rest.strip_prefix("Paragraph "))
    {
        format!("#para{}", p.replace(' ', ""))
    } else {
        return Err(row.error(col, format!("cannot read the part voted on in `{text}`")));
    };
    if !suffix.is_empty() {
        flags.push("separate-vote".into());
    }
    Ok((format!("{symbol}{suffix}"), flags))
}

/// Checks a record's vote: member lists disjoint, covering that year's Council from 1990 on,
/// counts matching, vetoing members among the negative votes and the quota reached.
fn check_tally(r: &mut Rec, councils: &BTreeMap<i32, Vec<(String, String)>>) -> Result<()> {
    let Some(t) = r.tally.clone() else {
        return Ok(());
    };
    let place = t.place.clone().unwrap_or_else(|| r.place.clone());
    let year = r.year();
    let size = if year < 1966 { 11 } else { 15 };
    let quota = if year < 1966 { 7 } else { 9 };
    if t.lists {
        let mut all = BTreeSet::new();
        for list in [&t.yes, &t.no, &t.abstain, &t.absent] {
            for c in list {
                if !all.insert(c.clone()) {
                    return Err(Error::input(
                        place.clone(),
                        format!("{c} votes twice in the tally of {} ({})", r.id, t.source),
                    ));
                }
            }
        }
        if let Some(council) = councils.get(&year) {
            let members: BTreeSet<String> = council.iter().map(|m| m.0.clone()).collect();
            let strangers: Vec<&String> = all.difference(&members).collect();
            if !strangers.is_empty() {
                return Err(Error::input(
                    place.clone(),
                    format!(
                        "the tally of {} lists {strangers:?}, who did not sit on the {year} Council ({})",
                        r.id, t.source
                    ),
                ));
            }
        }
        if all.len() < size {
            // Members missing from the lists: a partial record.
            r.flag("partial-tally");
        } else if all.len() > size {
            return Err(Error::input(
                place.clone(),
                format!(
                    "the tally of {} lists {} members, more than {size}",
                    r.id,
                    all.len()
                ),
            ));
        }
        let listed = [t.yes.len(), t.no.len(), t.abstain.len(), t.absent.len()];
        for (i, c) in t.counts.iter().enumerate() {
            if let Some(c) = c
                && *c as usize != listed[i]
            {
                r.flag("count-mismatch");
            }
        }
    }
    let counted: u32 = t.counts.iter().flatten().sum();
    if counted as usize > size {
        return Err(Error::input(
            place.clone(),
            format!(
                "the counts of {} add up to {counted} votes, more than the {size} members ({})",
                r.id, t.source
            ),
        ));
    }
    if r.outcome == Outcome::Vetoed {
        if t.lists {
            let p5_no: BTreeSet<&str> =
                t.no.iter()
                    .map(String::as_str)
                    .filter(|c| P5.contains(c))
                    .collect();
            let by: BTreeSet<&str> = r.vetoed_by.iter().map(String::as_str).collect();
            if p5_no != by {
                return Err(Error::input(
                    place.clone(),
                    format!(
                        "{} is recorded as vetoed by {by:?} but the permanent members voting no are {p5_no:?} ({})",
                        r.id, t.source
                    ),
                ));
            }
        } else if let Some(no) = t.counts[1]
            && (no as usize) < r.vetoed_by.len()
        {
            return Err(Error::input(
                place.clone(),
                format!(
                    "{} has {no} negative votes but {} vetoes",
                    r.id,
                    r.vetoed_by.len()
                ),
            ));
        }
        if let Some(yes) = t.counts[0]
            && yes < quota
        {
            return Err(Error::input(
                place.clone(),
                format!(
                    "{} is recorded as vetoed with only {yes} votes in favour (quota {quota})",
                    r.id
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::table::CsvTable;

    #[test]
    fn symbols_keep_their_first_symbol() {
        assert_eq!(clean_symbol("S/471 and S/471/Add.1"), "S/471");
        assert_eq!(clean_symbol("S/552, S/PV.202"), "S/552");
        assert_eq!(clean_symbol("S/15255/Rev.2(as corrected)"), "S/15255/Rev.2");
        assert_eq!(clean_symbol(" S/3755"), "S/3755");
        assert_eq!(clean_symbol("S/2011/612"), "S/2011/612");
    }

    fn key(
        voting_on: &str,
        meeting: u32,
        counts: [Option<u32>; 4],
    ) -> Result<(String, Vec<String>)> {
        let text = format!("voting_on\n\"{voting_on}\"\n");
        let table = CsvTable::parse(&text, "t.csv").unwrap();
        let row = table.rows().next().unwrap();
        failed_key(&row, 0, meeting, counts, &mut Log::default())
    }

    #[test]
    fn the_veto_lists_symbols_are_cleaned_and_flagged() {
        let mut log = Log::default();
        let (id, flags) = veto_list_id("S/PV.3038", &mut log);
        assert_eq!(id, "S/PV.303");
        assert_eq!(flags, ["typo-fixed", "meeting-symbol"]);
        assert_eq!(log.decisions.len(), 1);
        let (id, flags) = veto_list_id("S/471 and S/471/Add.1", &mut log);
        assert_eq!(id, "S/471");
        assert_eq!(flags, ["symbol-cleaned"]);
        let (id, flags) = veto_list_id("S/2011/612", &mut log);
        assert_eq!(id, "S/2011/612");
        assert!(flags.is_empty());
        assert_eq!(log.decisions.len(), 1);
    }

    fn rec(id: &str, topic: &str, region: &str) -> Rec {
        Rec {
            id: id.into(),
            symbol_recorded: id.into(),
            date: "2000-01-01".into(),
            outcome: Outcome::Vetoed,
            meeting: String::new(),
            topic: topic.into(),
            title: String::new(),
            region: region.into(),
            vetoed_by: Vec::new(),
            vetoed_by_recorded: Vec::new(),
            submitted_by: Vec::new(),
            tally: None,
            tally_note: String::new(),
            source: String::new(),
            flags: Vec::new(),
            annotation: None,
            place: Place::file("t.csv"),
            seq: (0, 0),
        }
    }

    #[test]
    fn repeated_ids_are_numbered_in_order_and_single_ones_kept() {
        let mut recs = vec![rec("S/1", "", ""), rec("S/2", "", ""), rec("S/1", "", "")];
        number_repeated_ids(&mut recs);
        let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["S/1#1", "S/2", "S/1#2"]);
        assert_eq!(recs[0].flags, ["duplicate-symbol"]);
        assert!(recs[1].flags.is_empty());
    }

    #[test]
    fn a_topic_has_a_region_only_when_every_draft_on_it_agrees() {
        let regions = TopicRegions::of(&[
            rec("S/1", "Syria", "Middle East"),
            rec("S/2", "Syria", "Middle East"),
            rec("S/3", "Cyprus", "Europe"),
            rec("S/4", "Cyprus", "Middle East"),
        ]);
        assert_eq!(regions.region_of("Syria"), "Middle East");
        assert_eq!(regions.region_of("Cyprus"), "");
        assert_eq!(regions.region_of("Mali"), "");
    }

    #[test]
    fn failed_votes_are_keyed_as_the_curators_key_them() {
        let none = [None; 4];
        assert_eq!(
            key("174th Meeting Draft Resolution", 174, none).unwrap().0,
            "S/PV.174"
        );
        assert_eq!(
            key("S/1076 Paragraphs 1-4", 381, none).unwrap().0,
            "S/1076#para1-4"
        );
        assert_eq!(
            key("S/1076 Paragraph 5", 381, none).unwrap().0,
            "S/1076#para5"
        );
        assert_eq!(
            key("S/1076 Last Paragraph", 381, none).unwrap().0,
            "S/1076#last"
        );
        let (id, flags) = key("S/7591/Rev.2 Paragraph 1", 1360, none).unwrap();
        assert_eq!(id, "S/7951/Rev.2#para1");
        assert!(flags.contains(&"typo-fixed".to_string()));
        let (id, flags) = key("S/2017/962", 8105, [Some(3), Some(7), Some(5), None]).unwrap();
        assert_eq!(id, "S/2017/968#row-3-5-7");
        assert!(flags.contains(&"unidentified-vote".to_string()));
        assert!(flags.contains(&UNRESOLVED.to_string()));
        assert_eq!(
            key("S/2017/962", 8105, [Some(11), Some(2), Some(2), None])
                .unwrap()
                .0,
            "S/2017/962"
        );
        assert!(key("S/1 Preamble", 1, none).is_err());
        assert!(key("175th Meeting Draft Resolution", 174, none).is_err());
    }
}

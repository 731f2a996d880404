//! The veto record and the failed drafts: every vetoed draft 1946–2025, every failed draft of
//! the raw failed-votes file, the vote by member where known, and the curated annotations
//! (sponsors, targets, kind of action, mass atrocities, conflict).

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::table::{CsvTable, Row, split_list};
use crate::error::Result;

/// The flag of a record whose raw-data defect is not resolved (`drafts.csv`, column `flags`).
pub const UNRESOLVED: &str = "unresolved";

/// What happened to a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Blocked by the negative vote of at least one permanent member.
    Vetoed,
    /// Not adopted for want of votes, without a veto.
    Failed,
}

impl Outcome {
    /// `vetoed` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Vetoed => "vetoed",
            Outcome::Failed => "failed",
        }
    }

    /// Parses `vetoed` or `failed`.
    pub fn parse(text: &str) -> Option<Outcome> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vetoed" => Some(Outcome::Vetoed),
            "failed" => Some(Outcome::Failed),
            _ => None,
        }
    }
}

/// How much of a draft's vote is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TallyStatus {
    /// Every member's vote (for 1990 on, checked against that year's 15 members).
    Full,
    /// Member lists that do not account for every member (see the draft's flags).
    Partial,
    /// Only the counts.
    Counts,
    /// Nothing recorded.
    None,
}

impl TallyStatus {
    /// The text used in `drafts.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            TallyStatus::Full => "full",
            TallyStatus::Partial => "partial",
            TallyStatus::Counts => "counts",
            TallyStatus::None => "none",
        }
    }

    fn parse(text: &str) -> Option<TallyStatus> {
        match text {
            "full" => Some(TallyStatus::Full),
            "partial" => Some(TallyStatus::Partial),
            "counts" => Some(TallyStatus::Counts),
            "none" => Some(TallyStatus::None),
            _ => None,
        }
    }
}

/// The kind of action a draft proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Use of force or intervention.
    UseOfForce,
    /// A peacekeeping or observer mission.
    Peacekeeping,
    /// Sanctions or an arms embargo.
    Sanctions,
    /// A ceasefire or humanitarian access.
    CeasefireHumanitarian,
    /// Investigation or accountability.
    InvestigationAccountability,
    /// Condemnation.
    Condemnation,
    /// Admission of members.
    Admission,
    /// Anything else.
    Other,
    /// Not established from the sources.
    Unknown,
}

impl ActionKind {
    /// Every kind, in a fixed order.
    pub const ALL: [ActionKind; 9] = [
        ActionKind::UseOfForce,
        ActionKind::Peacekeeping,
        ActionKind::Sanctions,
        ActionKind::CeasefireHumanitarian,
        ActionKind::InvestigationAccountability,
        ActionKind::Condemnation,
        ActionKind::Admission,
        ActionKind::Other,
        ActionKind::Unknown,
    ];

    /// The kebab-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::UseOfForce => "use-of-force",
            ActionKind::Peacekeeping => "peacekeeping",
            ActionKind::Sanctions => "sanctions",
            ActionKind::CeasefireHumanitarian => "ceasefire-humanitarian",
            ActionKind::InvestigationAccountability => "investigation-accountability",
            ActionKind::Condemnation => "condemnation",
            ActionKind::Admission => "admission",
            ActionKind::Other => "other",
            ActionKind::Unknown => "unknown",
        }
    }

    /// Parses a kind name (case-insensitive).
    pub fn parse(text: &str) -> Option<ActionKind> {
        let t = text.trim().to_ascii_lowercase();
        ActionKind::ALL.into_iter().find(|k| k.as_str() == t)
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a draft addresses mass atrocities (genocide, crimes against humanity, war crimes,
/// ethnic cleansing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Atrocity {
    /// It does.
    Yes,
    /// It does not.
    No,
    /// Not established from the sources.
    Unknown,
}

impl Atrocity {
    /// `yes`, `no` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Atrocity::Yes => "yes",
            Atrocity::No => "no",
            Atrocity::Unknown => "unknown",
        }
    }

    /// Parses `yes`, `no` or `unknown`.
    pub fn parse(text: &str) -> Option<Atrocity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" => Some(Atrocity::Yes),
            "no" => Some(Atrocity::No),
            "unknown" => Some(Atrocity::Unknown),
            _ => None,
        }
    }
}

/// A list of states that may be unknown: `None` is unknown, an empty list is none.
pub type KnownList = Option<Vec<String>>;

/// Renders a [`KnownList`] as in the files: `unknown`, `none` or `A;B`.
pub fn known_list_text(list: &KnownList) -> String {
    match list {
        None => "unknown".into(),
        Some(v) if v.is_empty() => "none".into(),
        Some(v) => v.join(";"),
    }
}

/// Parses `unknown`, `none` (or empty) or a `;`-separated list.
pub fn parse_known_list(text: &str) -> KnownList {
    match text.trim().to_ascii_lowercase().as_str() {
        "unknown" => None,
        "none" | "" => Some(Vec::new()),
        _ => Some(split_list(text)),
    }
}

/// The curated facts about a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// Sponsoring states (codes); `None` when unknown.
    pub sponsors: KnownList,
    /// States whose conduct or territory the draft addresses; `None` when unknown.
    pub targets: KnownList,
    /// The kind of action proposed.
    pub kind: ActionKind,
    /// Whether it addresses mass atrocities.
    pub atrocity: Atrocity,
    /// The conflict it addresses: empty when none, `unknown` when not established.
    pub conflict_id: String,
    /// Where the facts come from.
    pub source: String,
    /// The curator's notes.
    pub notes: String,
}

/// A vetoed or failed draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// Unique key: the draft symbol, a meeting record (`S/PV.49`) where the raw list has no
    /// draft symbol, with `#n` or a paragraph suffix where one symbol had several votes.
    pub id: String,
    /// The symbol as the raw source wrote it.
    pub symbol_recorded: String,
    /// `YYYY-MM-DD`, or `YYYY` where only the year is known.
    pub date: String,
    /// The year of the vote.
    pub year: i32,
    /// Vetoed or failed.
    pub outcome: Outcome,
    /// The meeting record (or written-procedure letters).
    pub meeting: String,
    /// Short topic (e.g. `Syria`).
    pub topic: String,
    /// Agenda item or description.
    pub title: String,
    /// World region of the topic, where the raw list gives one.
    pub region: String,
    /// Vetoing permanent seats (ISO3; the USSR's casts are under `RUS`).
    pub vetoed_by: Vec<String>,
    /// The vetoing members as the source recorded them (`USSR`, `Russia`, `UK`…).
    pub vetoed_by_recorded: Vec<String>,
    /// Submitter as recorded in the failed-votes file (codes), where known.
    pub submitted_by: Vec<String>,
    /// How much of the vote is known.
    pub tally: TallyStatus,
    /// Votes in favour, where known.
    pub n_yes: Option<u32>,
    /// Votes against, where known.
    pub n_no: Option<u32>,
    /// Abstentions, where known.
    pub n_abstain: Option<u32>,
    /// Members absent or not participating, where known.
    pub n_absent: Option<u32>,
    /// Members voting yes.
    pub yes: Vec<String>,
    /// Members voting no.
    pub no: Vec<String>,
    /// Members abstaining.
    pub abstain: Vec<String>,
    /// Members absent or not participating.
    pub absent: Vec<String>,
    /// Where the vote comes from.
    pub tally_source: String,
    /// Where the record comes from.
    pub source: String,
    /// Curated facts, if the draft has been annotated.
    pub annotation: Option<Annotation>,
    /// Defects of the raw data found and resolved for this draft, and other caveats.
    pub flags: Vec<String>,
}

impl Draft {
    /// Whether the record is flagged `unresolved`: a raw-data defect not yet resolved, so what
    /// was voted on is not known. The vote-model fit, the replay and the flows leave such a
    /// record out.
    pub fn unresolved(&self) -> bool {
        self.flags.iter().any(|f| f == UNRESOLVED)
    }

    /// The member's recorded vote: `yes`, `no`, `abstain`, `absent`, or `None` if unknown.
    pub fn vote_of(&self, code: &str) -> Option<&'static str> {
        let has = |v: &Vec<String>| v.iter().any(|c| c == code);
        if has(&self.yes) {
            Some("yes")
        } else if has(&self.no) {
            Some("no")
        } else if has(&self.abstain) {
            Some("abstain")
        } else if has(&self.absent) {
            Some("absent")
        } else {
            None
        }
    }

    /// The symbol without a `#` suffix.
    pub fn base_symbol(&self) -> &str {
        self.id.split('#').next().unwrap_or(&self.id)
    }
}

fn count(row: &Row<'_>, col: usize) -> Result<Option<u32>> {
    row.parse_opt(col, "a vote count")
}

pub(crate) fn parse(table: &CsvTable, is_code: &dyn Fn(&str) -> bool) -> Result<Vec<Draft>> {
    table.expect_headers(super::schema::DRAFTS_COLUMNS)?;
    let mut drafts = Vec::with_capacity(table.records.len());
    let mut ids = HashSet::new();
    for row in table.rows() {
        let id = row.get(0).trim().to_string();
        if id.is_empty() {
            return Err(row.error(0, "empty draft id"));
        }
        if !ids.insert(id.clone()) {
            return Err(row.error(0, format!("draft `{id}` is listed twice")));
        }
        let date = row.get(2).to_string();
        let year = parse_date(&date)
            .ok_or_else(|| row.error(2, format!("expected YYYY-MM-DD or YYYY, found `{date}`")))?;
        let outcome_text = row.get(3);
        let outcome = Outcome::parse(outcome_text).ok_or_else(|| {
            row.error(
                3,
                format!("expected `vetoed` or `failed`, found `{outcome_text}`"),
            )
        })?;
        let codes = |col: usize| -> Result<Vec<String>> {
            let list = split_list(row.get(col));
            for c in &list {
                if !is_code(c) {
                    return Err(row.error(
                        col,
                        format!(
                            "`{c}` is neither a member state nor a known former state or territory"
                        ),
                    ));
                }
            }
            Ok(list)
        };
        let vetoed_by = codes(8)?;
        if outcome == Outcome::Vetoed && vetoed_by.is_empty() {
            return Err(row.error(8, "a vetoed draft needs at least one vetoing member"));
        }
        if outcome == Outcome::Failed && !vetoed_by.is_empty() {
            return Err(row.error(8, "a failed draft has no vetoing member"));
        }
        let tally_text = row.get(11);
        let tally = TallyStatus::parse(tally_text).ok_or_else(|| {
            row.error(
                11,
                format!("expected full, partial, counts or none, found `{tally_text}`"),
            )
        })?;
        let annotated = match row.get(22) {
            "yes" => true,
            "no" => false,
            other => return Err(row.error(22, format!("expected yes or no, found `{other}`"))),
        };
        let annotation = if annotated {
            let list = |col: usize| -> Result<KnownList> {
                let list = parse_known_list(row.get(col));
                for c in list.iter().flatten() {
                    if !is_code(c) {
                        return Err(row.error(col, format!("`{c}` is neither a member state nor a known former state or territory")));
                    }
                }
                Ok(list)
            };
            let kind_text = row.get(25);
            let kind = ActionKind::parse(kind_text).ok_or_else(|| {
                row.error(
                    25,
                    format!(
                        "unknown kind `{kind_text}`{}",
                        crate::error::did_you_mean(
                            kind_text,
                            ActionKind::ALL.iter().map(|k| k.as_str())
                        )
                    ),
                )
            })?;
            let atrocity_text = row.get(26);
            let atrocity = Atrocity::parse(atrocity_text).ok_or_else(|| {
                row.error(
                    26,
                    format!("expected yes, no or unknown, found `{atrocity_text}`"),
                )
            })?;
            let source = row.get(28).to_string();
            if source.trim().is_empty() {
                return Err(row.error(28, "an annotation needs a source"));
            }
            Some(Annotation {
                sponsors: list(23)?,
                targets: list(24)?,
                kind,
                atrocity,
                conflict_id: row.get(27).to_string(),
                source,
                notes: row.get(29).to_string(),
            })
        } else {
            None
        };
        drafts.push(Draft {
            id,
            symbol_recorded: row.get(1).to_string(),
            date,
            year,
            outcome,
            meeting: row.get(4).to_string(),
            topic: row.get(5).to_string(),
            title: row.get(6).to_string(),
            region: row.get(7).to_string(),
            vetoed_by,
            vetoed_by_recorded: split_list(row.get(9)),
            submitted_by: codes(10)?,
            tally,
            n_yes: count(&row, 12)?,
            n_no: count(&row, 13)?,
            n_abstain: count(&row, 14)?,
            n_absent: count(&row, 15)?,
            yes: codes(16)?,
            no: codes(17)?,
            abstain: codes(18)?,
            absent: codes(19)?,
            tally_source: row.get(20).to_string(),
            source: row.get(21).to_string(),
            annotation,
            flags: split_list(row.get(30)),
        });
    }
    Ok(drafts)
}

/// The year of a `YYYY-MM-DD` or `YYYY` date, if it is one.
pub fn parse_date(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    match bytes.len() {
        4 if digits(0..4) => text.parse().ok(),
        10 if digits(0..4)
            && bytes[4] == b'-'
            && digits(5..7)
            && bytes[7] == b'-'
            && digits(8..10) =>
        {
            let month: u32 = text[5..7].parse().ok()?;
            let day: u32 = text[8..10].parse().ok()?;
            ((1..=12).contains(&month) && (1..=31).contains(&day))
                .then(|| text[..4].parse().ok())?
        }
        _ => None,
    }
}

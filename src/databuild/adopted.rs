//! The Council's adopted resolutions: every member's vote on S/RES/1 to S/RES/2721, one row per
//! resolution, with the kind of action each resolution takes.
//!
//! The raw file gives one row per member and resolution. The build groups them, checks that
//! each resolution's member votes agree with its totals and that every member code is a state
//! (or one of five former states), codes the USSR's seat as RUS (as the veto record does), and
//! decides each resolution's kind from its title by an ordered list of stated rules
//! ([`RULES`], first match wins). `curation/adopted_kinds.csv` overrides the rules where a
//! title does not decide; `curation/adopted_kinds_check.csv` is the hand check of a fixed
//! sample of the rules' assignments, summarised in `data/README.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Log;
use super::Raw;
use super::states::States;
use crate::error::{Place, Result, did_you_mean};
use crate::world::drafts::{ActionKind, parse_date};
use crate::world::schema;
use crate::world::table::{CsvTable, Row, write_csv};

/// The raw file, relative to the raw folder.
pub const RAW_FILE: &str = "unsc/unsc_adopted_votes_1946_2023.csv";
/// The curated kinds, in the curated folder.
pub const CURATION_FILE: &str = "adopted_kinds.csv";
/// The hand check of a sample of the rules' assignments, in the curated folder.
pub const CHECK_FILE: &str = "adopted_kinds_check.csv";
/// Header of [`CURATION_FILE`].
pub const CURATION_COLUMNS: &[&str] = &["resolution", "kind", "note"];
/// Header of [`CHECK_FILE`].
pub const CHECK_COLUMNS: &[&str] = &["resolution", "assigned", "judged", "note"];

/// Member codes that are not among today's states but sat on the Council; `SUN` is written
/// as `RUS`, the others are kept.
pub const FORMER_CODES: [&str; 5] = ["SUN", "YUG", "CSK", "DDR", "YMD"];

/// One classification rule: a resolution whose title, as [`normalise`] writes it, contains
/// any of `phrases` takes `kind`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The name written in `kind_rule`.
    pub name: &'static str,
    /// The kind it assigns.
    pub kind: ActionKind,
    /// What it matches, in words (for the README).
    pub statement: &'static str,
    /// Phrases, any of which in the normalised title fires the rule (a leading space: only at
    /// the start of a word).
    pub phrases: &'static [&'static str],
}

/// The title rules, in order; the first that matches decides. A title that none matches is
/// `other` (rule `other`); an empty title is `unknown` (rule `no-title`).
pub const RULES: &[Rule] = &[
    Rule {
        name: "admission",
        kind: ActionKind::Admission,
        statement: "admission of new members: `admission of`, `admission to membership`, `new member`, `for membership`, `membership in/of the United Nations`",
        phrases: &[
            "admission of",
            "admission to membership",
            "new member",
            "for membership",
            "membership in the united nations",
            "membership of the united nations",
        ],
    },
    Rule {
        name: "procedure",
        kind: ActionKind::Other,
        statement: "the Council's own procedure and referrals to the General Assembly: `emergency special session`, `from the list of matters`, `rules of procedure`, `working languages`",
        phrases: &[
            "emergency special session",
            "from the list of matters",
            "rules of procedure",
            "working languages",
        ],
    },
    Rule {
        name: "sanctions",
        kind: ActionKind::Sanctions,
        statement: "sanctions and their machinery: `sanction`, `embargo`, `panel of experts`, `group of experts`, `monitoring group/team`, `committee established`, `committee to monitor`, `measures imposed/against/specified in/on arms`, `renewal/extension of measures`, `restrictive measures`, `travel ban`, `asset(s) freeze`, `diamond`, `ombudsperson`, `sale or supply of arms`, `misappropriated funds`, exemptions (`exemption from the provisions`, Iraqi `petroleum and petroleum products`) and Iraq's oil-for-food programme (`oil-for-food`, `humanitarian needs of the iraqi people`, `humanitarian supplies to the iraqi people`, `humanitarian programme for iraq`, `goods review list`, `commodities and products to iraq`, `monitoring iraqi imports`), and the Libyan arms embargo's `inspection of vessels on the high seas off the coast of libya`",
        phrases: &[
            "sanction",
            "embargo",
            "panel of experts",
            "group of experts",
            "monitoring group",
            "monitoring team",
            "committee established",
            "committee to monitor",
            "measures imposed",
            "measures against",
            "measures specified in",
            "measures on arms",
            "renewal of measures",
            "extension of measures",
            "restrictive measures",
            "travel ban",
            "assets freeze",
            "asset freeze",
            "diamond",
            "ombudsperson",
            "sale or supply of arms",
            "misappropriated funds",
            "exemption from the provisions",
            "petroleum and petroleum products",
            "oil-for-food",
            "humanitarian needs of the iraqi people",
            "humanitarian supplies to the iraqi people",
            "humanitarian programme for iraq",
            "goods review list",
            "commodities and products to iraq",
            "monitoring iraqi imports",
            "inspection of vessels on the high seas off the coast of libya",
        ],
    },
    Rule {
        name: "accountability",
        kind: ActionKind::InvestigationAccountability,
        statement: "tribunals, courts, investigations and accountability: `tribunal` (and the typo `tirbunal`), `international criminal court`, `special court`, `prosecutor`, `judge`, `residual mechanism`, `investigat`, `inquiry`, `commission of experts`, `fact-finding`, `accountab`, `impunity`, `war crimes`, `genocide`, `violations of (international) humanitarian law`, `extradite`",
        phrases: &[
            "tribunal",
            "tirbunal",
            "international criminal court",
            "special court",
            "prosecutor",
            "judge",
            "residual mechanism",
            "investigat",
            "inquiry",
            "commission of experts",
            "fact-finding",
            "accountab",
            "impunity",
            "war crimes",
            "genocide",
            "violations of international humanitarian law",
            "violations of humanitarian law",
            "extradite",
        ],
    },
    Rule {
        name: "force",
        kind: ActionKind::UseOfForce,
        statement: "authorised force and forces not under UN command: `all necessary means/measures`, `multinational` (force, stabilization or protection force, operation, security presence), `unified command`, `authorization to/of member states`, `authorizing member states`, `member states of the african union`, `authorization to intergovernmental authority`, `international security assistance force`, `security presence`, `ecowas forces`, `european union force/operation`, `eufor`, `ban on flights`, `enforcement action`, `naval blockade`, `interception`, and the renewed authorisations against piracy `off the coast of somalia`",
        phrases: &[
            "all necessary means",
            "all necessary measures",
            "multinational",
            "unified command",
            "authorization to member states",
            "authorization to the member states",
            "authorization of member states",
            "authorization of the member states",
            "authorizing member states",
            "member states of the african union",
            "authorization to intergovernmental authority",
            "international security assistance force",
            "security presence",
            "ecowas forces",
            "european union force",
            "european union operation",
            "eufor",
            "ban on flights",
            "enforcement action",
            "naval blockade",
            "interception",
            "piracy and armed robbery at sea off the coast of somalia",
            "piracy and armed robbery against vessels in territorial waters and the high seas off the coast of somalia",
            "piracy and armed robbery against vessels in the waters off the coast of somalia",
        ],
    },
    Rule {
        name: "peacekeeping",
        kind: ActionKind::Peacekeeping,
        statement: "UN peace operations, observers and missions (political and peacebuilding missions and offices included): `peace-keep`, `peacekeep`, `peace operations`, `observer`, `mission`, `emergency force`, `interim force`, `protection force`, `deployment force`, `stabilization force`, `transitional authority/administration`, `transition assistance`, `confidence restoration`, `disengagement`, `un operation`, `un force`, `un organization`, `un military`, `un multidimensional`, `un assistance`, `un verification`, `un security force`, `un temporary`, `un truce supervision`, `un presence`, `un political office`, `un peacebuilding`, `peace(-)building support office`, `integrated office`, `un office`, `civilian police`, `police monitors`, `police task force`, `advance team`, `hybrid operation`, and missions' acronyms (UNEF, UNTSO, UNDOF, UNIFIL, UNFICYP, UNPROFOR, UNTAC, ONUC, MINURSO, MONUSCO, UNMISS, UNAMID, UNISFA)",
        phrases: &[
            "peace-keep",
            "peacekeep",
            "peace keeping",
            "peace operations",
            "observer",
            " mission",
            "emergency force",
            "interim force",
            "protection force",
            "deployment force",
            "stabilization force",
            "transitional authority",
            "transitional administration",
            "transition assistance",
            "confidence restoration",
            "disengagement",
            " un operation",
            " united nations operation",
            " un force",
            " united nations force",
            " un peace forces",
            " un organization",
            " un military",
            " un multidimensional",
            " un assistance",
            " un verification",
            " un security force",
            " un temporary",
            " un truce supervision",
            " un presence",
            " un political office",
            " un peacebuilding",
            "peace building support office",
            "peacebuilding support office",
            "integrated office",
            " un office",
            " un integrated",
            " un advance",
            "civilian police",
            "police monitors",
            "police task force",
            "advance team",
            "hybrid operation",
            "military observer",
            "unef",
            "untso",
            "undof",
            "unifil",
            "unficyp",
            "unprofor",
            "untac",
            "onuc",
            "minurso",
            "monusco",
            "unmiss",
            "unamid",
            "unisfa",
        ],
    },
    Rule {
        name: "ceasefire-humanitarian",
        kind: ActionKind::CeasefireHumanitarian,
        statement: "ceasefires and humanitarian action: `cease-fire`, `ceasefire`, `truce`, `armistice`, `cease hostilities`, `cessation of`, `end of hostilities`, `humanitarian`, `relief`, `refugee`, `displaced`, `evacuation`, `prisoners of war`, `protection of civilian(s)`, `civilian population`, `food insecurity`, `ebola`, `covid-19`",
        phrases: &[
            "cease-fire",
            "ceasefire",
            "truce",
            "armistice",
            "cease hostilities",
            "cessation of",
            "end of hostilities",
            "humanitarian",
            "relief",
            "refugee",
            "displaced",
            "evacuation",
            "prisoners of war",
            "protection of civilian",
            "civilian population",
            "food insecurity",
            "ebola",
            "covid-19",
        ],
    },
    Rule {
        name: "condemnation",
        kind: ActionKind::Condemnation,
        statement: "condemnation of a state's or a group's acts, and complaints: `condemn`, `complaint`, `deplor`, `censure`, `aggression`, `invasion`, `incursion`, `military action(s)/activities/attack(s)/operation(s)`, `attack`, `raid`, `bombing`, `hostage`, `assassination`, `acts of provocation`, `violation of the sovereignty`, `threats against`, `deportation`, `killings`, `repression`, `violence committed`, `seizure of`, `downing of`, `shooting down`, `annexation`, `profanation`, `nuclear tests`, `launching of ballistic missiles`",
        phrases: &[
            "condemn",
            "complaint",
            "deplor",
            "censure",
            "aggression",
            "invasion",
            "incursion",
            "military action",
            "military activities",
            "military attack",
            "military operation",
            "attack",
            " raid",
            "bombing",
            "hostage",
            "assassination",
            "acts of provocation",
            "violation of the sovereignty",
            "threats against",
            "deportation",
            "killings",
            "repression",
            "violence committed",
            "seizure of",
            "downing of",
            "shooting down",
            "annexation",
            "profanation",
            "nuclear tests",
            "launching of ballistic missiles",
        ],
    },
];

/// The rule name of a title no rule matches.
pub const RULE_OTHER: &str = "other";
/// The rule name of an empty title.
pub const RULE_NO_TITLE: &str = "no-title";
/// The rule name of a curated kind.
pub const RULE_CURATION: &str = "curation";

/// The title as the rules read it: lower case, every character but letters, digits and `-`
/// turned into a space, with a space before and after, so that a phrase starting with a space
/// (` mission`) matches only at the start of a word (not in `commission`).
pub fn normalise(title: &str) -> String {
    let mut t = String::with_capacity(title.len() + 2);
    t.push(' ');
    for ch in title.chars().flat_map(char::to_lowercase) {
        t.push(if ch.is_alphanumeric() || ch == '-' {
            ch
        } else {
            ' '
        });
    }
    t.push(' ');
    t
}

/// The kind a title gives, with the name of the rule that decided it.
pub fn classify(title: &str) -> (ActionKind, &'static str) {
    let t = normalise(title);
    if t.trim().is_empty() {
        return (ActionKind::Unknown, RULE_NO_TITLE);
    }
    for rule in RULES {
        if rule.phrases.iter().any(|p| t.contains(p)) {
            return (rule.kind, rule.name);
        }
    }
    (ActionKind::Other, RULE_OTHER)
}

/// One adopted resolution, as written to `adopted.csv`.
#[derive(Debug, Clone)]
struct Res {
    resolution: String,
    number: u32,
    date: String,
    title: String,
    /// Member code → vote letter (Y, A, N, X), codes as written (SUN already RUS).
    votes: BTreeMap<String, char>,
    /// Totals: yes, no, abstentions, not voting, members.
    totals: [u32; 5],
    rule_kind: ActionKind,
    rule: &'static str,
    kind: ActionKind,
    kind_rule: &'static str,
    /// Where the resolution's first row is, for error messages.
    place: Place,
}

/// A row of the hand check.
#[derive(Debug, Clone)]
pub struct CheckRow {
    pub resolution: String,
    pub assigned: ActionKind,
    pub judged: ActionKind,
    pub note: String,
    /// The kind now written, after curation.
    pub now: ActionKind,
}

/// What the README needs to know about the adopted resolutions.
#[derive(Debug, Clone, Default)]
pub struct AdoptedSummary {
    pub resolutions: usize,
    pub member_rows: usize,
    pub first_date: String,
    pub last_date: String,
    pub with_no_or_abstention: usize,
    pub without_vote: usize,
    pub empty_titles: usize,
    pub first_empty_title: u32,
    pub ussr_rows: usize,
    pub former_rows: BTreeMap<String, usize>,
    /// Resolutions by kind written, in [`ActionKind::ALL`] order.
    pub by_kind: Vec<(ActionKind, usize)>,
    /// Resolutions by the rule that decided, in rule order (then other, no-title, curation).
    pub by_rule: Vec<(String, usize)>,
    /// Curated overrides read, and how many change the rules' kind.
    pub curated: usize,
    pub curated_changing: usize,
    /// Whether each curated file was present.
    pub curation_present: bool,
    pub check_present: bool,
    pub check: Vec<CheckRow>,
}

/// The build's result: the CSV text and the summary.
#[derive(Debug, Clone)]
pub struct AdoptedOut {
    pub csv: String,
    pub summary: AdoptedSummary,
}

fn kind_of(row: &Row<'_>, col: usize) -> Result<ActionKind> {
    let text = row.get(col).trim();
    ActionKind::parse(text).ok_or_else(|| {
        row.error(
            col,
            format!(
                "unknown kind `{text}` (expected one of {}){}",
                ActionKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                did_you_mean(text, ActionKind::ALL.iter().map(|k| k.as_str()))
            ),
        )
    })
}

/// The rows of a curated file keyed by resolution in its first column, each with its key and
/// number: an unknown resolution, or one listed twice, is an error naming the line.
fn keyed_rows<'a>(
    table: &'a CsvTable,
    index: &HashMap<String, usize>,
    what: &str,
) -> Result<Vec<(Row<'a>, String, usize)>> {
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for row in table.rows() {
        let key = row.get(0).trim().to_string();
        let number = *index
            .get(&key)
            .ok_or_else(|| unknown_resolution(&row, &key, index))?;
        if let Some(first) = seen.insert(key.clone(), row.line()) {
            return Err(row.error(
                0,
                format!("`{key}` is {what} twice (first on line {first})"),
            ));
        }
        out.push((row, key, number));
    }
    Ok(out)
}

fn unknown_resolution(row: &Row<'_>, wanted: &str, index: &HashMap<String, usize>) -> crate::Error {
    row.error(
        0,
        format!(
            "`{wanted}` is not an adopted resolution of {RAW_FILE} (write it as `S/RES/143(1960)`){}",
            did_you_mean(wanted, index.keys().map(String::as_str))
        ),
    )
}

/// Builds `adopted.csv` from the raw file and the curated kinds.
///
/// # Errors
/// A malformed raw row, member votes that disagree with the totals, an unknown member code,
/// or a curated row naming an unknown resolution or kind: each with file, line and key.
pub(crate) fn build(
    raw: &Raw,
    states: &States,
    curated: &Path,
    log: &mut Log,
) -> Result<AdoptedOut> {
    let table = raw.table(RAW_FILE)?;
    let c = |n: &str| table.col(n);
    let (c_code, c_vote, c_date, c_res, c_num, c_desc) = (
        c("ms_code")?,
        c("ms_vote")?,
        c("date")?,
        c("resolution")?,
        c("res_num")?,
        c("description")?,
    );
    let (c_ty, c_tn, c_ta, c_tx, c_tm) = (
        c("total_yes")?,
        c("total_no")?,
        c("total_abstentions")?,
        c("total_non_voting")?,
        c("total_ms")?,
    );
    let mut summary = AdoptedSummary::default();
    let mut by_number: BTreeMap<u32, Res> = BTreeMap::new();
    for row in table.rows() {
        summary.member_rows += 1;
        let number: u32 = row.parse(c_num, "a resolution number")?;
        let resolution = row.get(c_res).trim().to_string();
        let date = row.get(c_date).trim().to_string();
        if date.len() != 10 || parse_date(&date).is_none() {
            return Err(row.error(
                c_date,
                format!("expected a date YYYY-MM-DD, found `{date}` ({resolution})"),
            ));
        }
        let expected = format!("S/RES/{number}({})", &date[..4]);
        if resolution != expected {
            return Err(row.error(
                c_res,
                format!("resolution `{resolution}` does not match its number {number} and date {date} (expected `{expected}`)"),
            ));
        }
        let mut totals = [0u32; 5];
        for (i, col) in [c_ty, c_tn, c_ta, c_tx, c_tm].into_iter().enumerate() {
            totals[i] = row.parse(col, "a vote count")?;
        }
        let title = row.get(c_desc).trim().to_string();
        let res = by_number.entry(number).or_insert_with(|| Res {
            resolution: resolution.clone(),
            number,
            date: date.clone(),
            title: title.clone(),
            votes: BTreeMap::new(),
            totals,
            rule_kind: ActionKind::Unknown,
            rule: RULE_NO_TITLE,
            kind: ActionKind::Unknown,
            kind_rule: RULE_NO_TITLE,
            place: row.place(c_res),
        });
        for (col, ours, theirs) in [
            (c_res, res.resolution.as_str(), resolution.as_str()),
            (c_date, res.date.as_str(), date.as_str()),
            (c_desc, res.title.as_str(), title.as_str()),
        ] {
            if ours != theirs {
                return Err(row.error(
                    col,
                    format!(
                        "{resolution}: `{theirs}` disagrees with `{ours}` on the resolution's first row ({})",
                        res.place
                    ),
                ));
            }
        }
        if res.totals != totals {
            return Err(row.error(
                c_ty,
                format!(
                    "{resolution}: totals {totals:?} disagree with {:?} on the resolution's first row",
                    res.totals
                ),
            ));
        }
        let raw_code = row.get(c_code).trim();
        if !states.is_member(raw_code) && !FORMER_CODES.contains(&raw_code) {
            return Err(row.error(
                c_code,
                format!(
                    "{resolution}: `{raw_code}` is neither a member state nor one of the former states {}{}",
                    FORMER_CODES.join(", "),
                    did_you_mean(
                        raw_code,
                        states.codes().into_iter().chain(FORMER_CODES.iter().copied())
                    )
                ),
            ));
        }
        if raw_code == "SUN" {
            summary.ussr_rows += 1;
        } else if FORMER_CODES.contains(&raw_code) {
            *summary.former_rows.entry(raw_code.to_string()).or_default() += 1;
        }
        let code = schema::successor(raw_code).unwrap_or(raw_code).to_string();
        let vote = match row.get(c_vote).trim() {
            "Y" => 'Y',
            "A" => 'A',
            "N" => 'N',
            "X" => 'X',
            other => {
                return Err(row.error(
                    c_vote,
                    format!("{resolution}: expected a vote Y, A, N or X, found `{other}`"),
                ));
            }
        };
        if res.votes.insert(code.clone(), vote).is_some() {
            return Err(row.error(
                c_code,
                format!("{resolution}: `{code}` votes twice (the USSR's seat is coded RUS)"),
            ));
        }
    }
    // Totals agree with the member votes.
    for res in by_number.values() {
        let n = |v: char| res.votes.values().filter(|&&x| x == v).count() as u32;
        let counted = [n('Y'), n('N'), n('A'), n('X'), res.votes.len() as u32];
        if counted != res.totals {
            return Err(crate::Error::input(
                res.place.clone(),
                format!(
                    "{}: the member votes count yes {}, no {}, abstain {}, not voting {}, members {}, but the totals say {}, {}, {}, {}, {}",
                    res.resolution,
                    counted[0],
                    counted[1],
                    counted[2],
                    counted[3],
                    counted[4],
                    res.totals[0],
                    res.totals[1],
                    res.totals[2],
                    res.totals[3],
                    res.totals[4]
                ),
            ));
        }
    }
    // Numbers run from 1 without gaps.
    if let Some((k, _)) = by_number
        .keys()
        .enumerate()
        .find(|(i, n)| **n != *i as u32 + 1)
    {
        return Err(crate::Error::input(
            Place::file(table.file.clone()),
            format!(
                "adopted resolutions are not numbered 1, 2, 3 … without gaps: resolution {} is missing",
                k + 1
            ),
        ));
    }
    for res in by_number.values_mut() {
        let (kind, rule) = classify(&res.title);
        res.rule_kind = kind;
        res.rule = rule;
        res.kind = kind;
        res.kind_rule = rule;
    }
    log.decision(&format!(
        "{RAW_FILE} codes the USSR's seat `SUN`; in adopted.csv it is RUS, whose Russian Federation continues the USSR's membership and seat (as in drafts.csv); YUG, CSK, DDR and YMD are kept"
    ));

    // Curated kinds.
    let index: HashMap<String, usize> = by_number
        .values()
        .map(|r| (r.resolution.clone(), r.number as usize))
        .collect();
    let cur_path = curated.join(CURATION_FILE);
    if cur_path.is_file() {
        summary.curation_present = true;
        let cur = CsvTable::read(&cur_path)?;
        cur.expect_headers(CURATION_COLUMNS)?;
        for (row, _, number) in keyed_rows(&cur, &index, "curated")? {
            let kind = kind_of(&row, 1)?;
            if row.get(2).trim().is_empty() {
                return Err(row.error(2, "every curated kind needs a note saying why"));
            }
            let res = by_number.get_mut(&(number as u32)).expect("indexed above");
            if kind != res.rule_kind {
                summary.curated_changing += 1;
            }
            res.kind = kind;
            res.kind_rule = RULE_CURATION;
            summary.curated += 1;
        }
    } else {
        log.warn(&format!(
            "no curated `{CURATION_FILE}`: every adopted resolution's kind is the title rules' alone"
        ));
    }

    // The hand check.
    let check_path = curated.join(CHECK_FILE);
    if check_path.is_file() {
        summary.check_present = true;
        let check = CsvTable::read(&check_path)?;
        check.expect_headers(CHECK_COLUMNS)?;
        for (row, key, number) in keyed_rows(&check, &index, "checked")? {
            let assigned = kind_of(&row, 1)?;
            let judged = kind_of(&row, 2)?;
            let res = &by_number[&(number as u32)];
            if assigned != res.rule_kind {
                return Err(row.error(
                    1,
                    format!(
                        "{key}: the title rules now assign `{}` (rule `{}`), not `{assigned}`: the hand check was made on other rules and must be redone",
                        res.rule_kind, res.rule
                    ),
                ));
            }
            summary.check.push(CheckRow {
                resolution: key,
                assigned,
                judged,
                note: row.get(3).trim().to_string(),
                now: res.kind,
            });
        }
    } else {
        log.warn(&format!(
            "no curated `{CHECK_FILE}`: the title rules' error rate is not measured"
        ));
    }

    // Write.
    let mut rows = Vec::with_capacity(by_number.len());
    for res in by_number.values() {
        let list = |v: char| {
            res.votes
                .iter()
                .filter(|(_, x)| **x == v)
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        rows.push(vec![
            res.resolution.clone(),
            res.number.to_string(),
            res.date.clone(),
            res.kind.as_str().to_string(),
            res.kind_rule.to_string(),
            list('Y'),
            list('A'),
            list('N'),
            list('X'),
            res.title.clone(),
        ]);
    }
    let csv = write_csv(schema::ADOPTED_COLUMNS, &rows)?;

    summary.resolutions = by_number.len();
    summary.first_date = by_number
        .values()
        .map(|r| r.date.clone())
        .min()
        .unwrap_or_default();
    summary.last_date = by_number
        .values()
        .map(|r| r.date.clone())
        .max()
        .unwrap_or_default();
    summary.with_no_or_abstention = by_number
        .values()
        .filter(|r| r.votes.values().any(|v| *v == 'N' || *v == 'A'))
        .count();
    summary.without_vote = by_number
        .values()
        .filter(|r| r.votes.values().all(|v| *v == 'X'))
        .count();
    summary.empty_titles = by_number.values().filter(|r| r.title.is_empty()).count();
    summary.first_empty_title = by_number
        .values()
        .find(|r| r.title.is_empty())
        .map_or(0, |r| r.number);
    summary.by_kind = ActionKind::ALL
        .iter()
        .map(|k| (*k, by_number.values().filter(|r| r.kind == *k).count()))
        .collect();
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.extend([RULE_OTHER, RULE_NO_TITLE, RULE_CURATION]);
    summary.by_rule = names
        .iter()
        .map(|n| {
            (
                (*n).to_string(),
                by_number.values().filter(|r| r.kind_rule == *n).count(),
            )
        })
        .collect();
    Ok(AdoptedOut { csv, summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn kind(title: &str) -> (&'static str, &'static str) {
        let (k, r) = classify(title);
        (k.as_str(), r)
    }

    #[test]
    fn admissions_are_admission() {
        assert_eq!(
            kind(
                "Security Council resolution 1290 (2000) [on the application of Tuvalu for admission to membership in the United Nations]"
            ),
            ("admission", "admission")
        );
    }

    #[test]
    fn a_panel_of_experts_mandate_is_sanctions_not_peacekeeping() {
        assert_eq!(
            kind(
                "Security Council resolution 2611 (2021) [on extension of measures imposed by Security Council resolution 2255 (2015) and extension of the mandate of t[...]"
            ),
            ("sanctions", "sanctions")
        );
    }

    #[test]
    fn mission_mandates_are_peacekeeping() {
        assert_eq!(
            kind(
                "Security Council resolution 2613 (2021) [on extension of the mandate of the UN Disengagement Observer Force (UNDOF) until 30 June 2022]"
            ),
            ("peacekeeping", "peacekeeping")
        );
        assert_eq!(
            kind(
                "Security Council resolution 2600 (2021) [on extension of the mandate of the UN Integrated Office in Haiti (BINUH) until 15 July 2022]"
            ),
            ("peacekeeping", "peacekeeping")
        );
    }

    #[test]
    fn authorisations_of_force_are_use_of_force() {
        assert_eq!(
            kind(
                "Security Council resolution 678 (1990) [authorizing member states to use all necessary means to implement Security Council resolution 660 (1990) and a[...]"
            ),
            ("use-of-force", "force")
        );
        assert_eq!(
            kind(
                "Security Council resolution 2604 (2021) [on renewal of the authorization of the European Union-led Multinational Stabilization Force (EUFOR ALTHEA) in[...]"
            ),
            ("use-of-force", "force")
        );
    }

    #[test]
    fn ceasefires_and_relief_are_ceasefire_humanitarian() {
        assert_eq!(
            kind("Security Council resolution 193 (1964) [calling for a cease-fire in Cyprus]"),
            ("ceasefire-humanitarian", "ceasefire-humanitarian")
        );
        assert_eq!(
            kind(
                "Security Council resolution 2615 (2021) [on delivery of humanitarian assistance in Afghanistan]"
            ),
            ("ceasefire-humanitarian", "ceasefire-humanitarian")
        );
    }

    #[test]
    fn oil_for_food_is_sanctions_not_humanitarian() {
        assert_eq!(
            kind(
                "Security Council resolution 1302 (2000) [on measures to provide for humanitarian needs of the Iraqi people]"
            ),
            ("sanctions", "sanctions")
        );
    }

    #[test]
    fn tribunals_are_investigation_accountability() {
        assert_eq!(
            kind(
                "Security Council resolution 827 (1993) [on establishment of the International Tribunal for prosecution of persons responsible for serious violations o[...]"
            ),
            ("investigation-accountability", "accountability")
        );
    }

    #[test]
    fn military_actions_against_a_state_are_condemnation() {
        assert_eq!(
            kind(
                "Security Council resolution 567 (1985) [on South Africa's military activities against Angola]"
            ),
            ("condemnation", "condemnation")
        );
    }

    #[test]
    fn procedure_and_court_elections_are_other() {
        assert_eq!(
            kind(
                "Security Council resolution 263 (1969) [on inclusion of Russian and Spanish among the working languages of the Security Council]"
            ),
            ("other", "procedure")
        );
        assert_eq!(
            kind(
                "Security Council resolution 1278 (1999) [on election to fill a vacancy in the International Court of Justice]"
            ),
            ("other", "other")
        );
    }

    #[test]
    fn an_empty_title_is_unknown() {
        assert_eq!(kind(""), ("unknown", "no-title"));
    }

    #[test]
    fn every_rule_names_a_distinct_kind_rule() {
        let names: BTreeSet<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len());
        for n in [RULE_OTHER, RULE_NO_TITLE, RULE_CURATION] {
            assert!(!names.contains(n), "{n}");
        }
    }
}

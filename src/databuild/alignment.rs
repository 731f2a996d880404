//! General Assembly agreement between member states, computed from the roll calls.
//!
//! For a window of years, two states' agreement is the share of roll calls dated in the window
//! on which both voted (yes, no or abstain) and voted alike. Pairs with fewer than
//! [`MIN_COMMON`] common votes are filled with the mean agreement of observed pairs between the
//! two states' regional groups and marked `filled`. The computation reproduces the raw
//! pairwise file's values where both define the same pair; the build reports the comparison.

use std::collections::HashMap;

use super::states::States;
use super::{Log, Raw, fmt_f};
use crate::error::{Error, Place, Result};
use crate::world::alignment::parse_window;
use crate::world::schema;
use crate::world::table::write_csv;

/// Pairs with fewer common votes than this are filled (the raw pairwise file's threshold).
pub const MIN_COMMON: u32 = 20;

/// The windows of the raw pairwise file, always built.
pub const RAW_WINDOWS: [&str; 3] = ["1946-1989", "1990-2019", "2010-2019"];

/// Votes cast in one roll call: (state index, vote 0 yes / 1 abstain / 2 no).
struct RollCall {
    year: i32,
    votes: Vec<(u16, u8)>,
}

/// Per-window counts and the comparison with the raw file, for the README.
#[derive(Debug, Clone)]
pub struct WindowSummary {
    pub window: String,
    pub roll_calls: usize,
    pub states_with_data: usize,
    pub pairs_observed: usize,
    pub pairs_filled: usize,
    /// Pairs present in the raw pairwise file for this window and compared.
    pub raw_compared: usize,
    /// Of those, pairs whose counts differ.
    pub raw_differing: usize,
    /// Example pairs that differ.
    pub raw_examples: Vec<String>,
    /// States found in every differing pair.
    pub raw_common_states: Vec<String>,
}

pub(crate) fn build(
    raw: &Raw,
    states: &States,
    extra_windows: &[String],
    log: &mut Log,
) -> Result<(String, Vec<WindowSummary>)> {
    let mut windows: Vec<String> = RAW_WINDOWS.iter().map(|w| w.to_string()).collect();
    for w in extra_windows {
        if parse_window(w).is_none() {
            return Err(Error::Usage(format!(
                "expected a window like `2000-2009`, found `{w}`"
            )));
        }
        if !windows.contains(w) {
            windows.push(w.clone());
        }
    }
    let n = states.rows.len();
    let index: HashMap<&str, u16> = states
        .rows
        .iter()
        .enumerate()
        .map(|(i, s)| (s.code.as_str(), i as u16))
        .collect();

    // Roll calls: rcid → date.
    let calls = raw.table("unga/unga_roll_calls_unvotes.csv")?;
    let (rc_id, rc_date) = (calls.col("rcid")?, calls.col("date")?);
    let mut dates: HashMap<u32, String> = HashMap::new();
    for row in calls.rows() {
        let id: u32 = row.parse(rc_id, "a roll-call id")?;
        let date = row.get(rc_date).to_string();
        if crate::world::drafts::parse_date(&date).is_none() || date.len() != 10 {
            return Err(row.error(
                rc_date,
                format!("expected a date YYYY-MM-DD, found `{date}`"),
            ));
        }
        dates.insert(id, date);
    }

    // Votes, streamed: 870k rows.
    let path = raw.path("unga/unga_votes_unvotes.csv");
    let file_name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .from_path(&path)
        .map_err(|e| Error::input(Place::file(&file_name), format!("cannot read: {e}")))?;
    let headers = reader
        .byte_headers()
        .map_err(|e| Error::input(Place::file(&file_name).at(1, 1), e.to_string()))?
        .clone();
    let col = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or_else(|| {
                Error::input(
                    Place::file(&file_name).at(1, 1).key(name),
                    format!("missing column `{name}`"),
                )
            })
    };
    let (v_rc, v_country, v_code, v_vote) = (
        col("rcid")?,
        col("country")?,
        col("country_code")?,
        col("vote")?,
    );
    let mut by_rc: HashMap<u32, RollCall> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut skipped: HashMap<String, u64> = HashMap::new();
    let mut yug_as_srb = 0u64;
    let mut mapped_by_name: HashMap<String, u64> = HashMap::new();
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            Error::input(
                Place::file(&file_name).at(e.position().map_or(0, |p| p.line()), 1),
                e.to_string(),
            )
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| std::str::from_utf8(record.get(i).unwrap_or(b"")).unwrap_or("");
        let place = |key: &str| Place::file(&file_name).at(line, 1).key(key);
        let rcid: u32 = field(v_rc).parse().map_err(|_| {
            Error::input(
                place("rcid"),
                format!("expected a roll-call id, found `{}`", field(v_rc)),
            )
        })?;
        let date = dates.get(&rcid).ok_or_else(|| {
            Error::input(
                place("rcid"),
                format!("roll call {rcid} is not in unga_roll_calls_unvotes.csv"),
            )
        })?;
        let vote = match field(v_vote) {
            "yes" => 0u8,
            "abstain" => 1,
            "no" => 2,
            other => {
                return Err(Error::input(
                    place("vote"),
                    format!("expected yes, abstain or no, found `{other}`"),
                ));
            }
        };
        let iso2 = field(v_code);
        let country = field(v_country);
        let code: Option<&str> = match (iso2, country) {
            // Defect: three delegations have no ISO2 code in the raw file.
            ("", "Federal Republic of Germany") => {
                *mapped_by_name
                    .entry("Federal Republic of Germany → DEU".into())
                    .or_default() += 1;
                Some("DEU")
            }
            ("", "Yemen Arab Republic") => {
                *mapped_by_name
                    .entry("Yemen Arab Republic → YEM".into())
                    .or_default() += 1;
                Some("YEM")
            }
            ("YU", _) if date.as_str() >= "2000-11-01" => {
                yug_as_srb += 1;
                Some("SRB")
            }
            ("RU", _) => Some("RUS"),
            ("YU" | "CS" | "DD" | "YD", _) | ("", _) => None,
            (iso2, _) => match states.iso2.get(iso2) {
                Some(iso3) => Some(iso3.as_str()),
                None => {
                    return Err(Error::input(
                        place("country_code"),
                        format!("unknown ISO2 code `{iso2}` ({country})"),
                    ));
                }
            },
        };
        let Some(idx) = code.and_then(|c| index.get(c).copied()) else {
            *skipped
                .entry(if iso2.is_empty() {
                    country.to_string()
                } else {
                    format!("{iso2} ({country})")
                })
                .or_default() += 1;
            continue;
        };
        let year: i32 = date[..4].parse().unwrap_or(0);
        let call = by_rc.entry(rcid).or_insert_with(|| RollCall {
            year,
            votes: Vec::new(),
        });
        if call.votes.iter().any(|(i, _)| *i == idx) {
            return Err(Error::input(
                place("country_code"),
                format!(
                    "two votes of {} in roll call {rcid}",
                    states.rows[idx as usize].code
                ),
            ));
        }
        call.votes.push((idx, vote));
    }
    let mut skipped: Vec<_> = skipped.into_iter().collect();
    skipped.sort();
    log.decision(&format!(
        "unga/unga_votes_unvotes.csv: votes of delegations that are not today's members are left out of the alignment ({})",
        skipped.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; ")
    ));
    let mut by_name: Vec<_> = mapped_by_name.into_iter().collect();
    by_name.sort();
    log.decision(&format!(
        "unga/unga_votes_unvotes.csv gives no ISO2 code for two delegations that today's members continue; they are mapped by name ({}), and the USSR's votes (code RU) count as Russia's",
        by_name.iter().map(|(k, v)| format!("{k}: {v} votes")).collect::<Vec<_>>().join("; ")
    ));
    log.decision(&format!(
        "unga/unga_votes_unvotes.csv codes Serbia as YU (Yugoslavia) to 2020; the {yug_as_srb} YU votes from the Federal Republic's admission on 1 November 2000 on are taken as SRB (earlier YU votes are the former Yugoslavia's and are left out)"
    ));

    let mut rcids: Vec<u32> = by_rc.keys().copied().collect();
    rcids.sort_unstable();

    // The raw pairwise file, for comparison.
    let pairwise = raw.table("unga/unga_pairwise_agreement_unvotes.csv")?;
    let (pp, pa, pb, pc, pg) = (
        pairwise.col("period")?,
        pairwise.col("country_a")?,
        pairwise.col("country_b")?,
        pairwise.col("n_common")?,
        pairwise.col("n_agree")?,
    );
    let mut raw_pairs: HashMap<(String, u16, u16), (u32, u32)> = HashMap::new();
    for row in pairwise.rows() {
        let (Some(&a), Some(&b)) = (index.get(row.get(pa)), index.get(row.get(pb))) else {
            continue;
        };
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        raw_pairs.insert(
            (row.get(pp).to_string(), a, b),
            (row.parse(pc, "a count")?, row.parse(pg, "a count")?),
        );
    }

    let mut out_rows = Vec::new();
    let mut summaries = Vec::new();
    for window in &windows {
        let (lo, hi) = parse_window(window).expect("checked");
        // Counts of pair (a, b), a < b, at a * n + b.
        let mut cnt = vec![0u32; n * n];
        let mut agr = vec![0u32; n * n];
        let mut roll_calls = 0;
        for rcid in &rcids {
            let call = &by_rc[rcid];
            if call.year < lo || call.year > hi {
                continue;
            }
            roll_calls += 1;
            let votes = &call.votes;
            for (k, &(i, vi)) in votes.iter().enumerate() {
                for &(j, vj) in &votes[k + 1..] {
                    let (a, b) = if i < j {
                        (i as usize, j as usize)
                    } else {
                        (j as usize, i as usize)
                    };
                    let u = a * n + b;
                    cnt[u] += 1;
                    if vi == vj {
                        agr[u] += 1;
                    }
                }
            }
        }
        // Group-pair means of observed pairs, for the fill.
        let groups: Vec<usize> = states
            .rows
            .iter()
            .map(|s| {
                crate::world::RegionalGroup::ALL
                    .iter()
                    .position(|g| *g == s.group)
                    .unwrap_or(0)
            })
            .collect();
        let mut sum = [[0f64; 5]; 5];
        let mut num = [[0u32; 5]; 5];
        let (mut all_sum, mut all_num) = (0f64, 0u32);
        for a in 0..n {
            for b in a + 1..n {
                let u = a * n + b;
                if cnt[u] >= MIN_COMMON {
                    let share = f64::from(agr[u]) / f64::from(cnt[u]);
                    let (g, h) = (groups[a].min(groups[b]), groups[a].max(groups[b]));
                    sum[g][h] += share;
                    num[g][h] += 1;
                    all_sum += share;
                    all_num += 1;
                }
            }
        }
        let mut observed = 0;
        let mut filled = 0;
        let mut with_data = vec![false; n];
        let mut compared = 0;
        let mut differing = 0;
        let mut examples = Vec::new();
        let mut common_states: Option<std::collections::BTreeSet<String>> = None;
        for a in 0..n {
            for b in a + 1..n {
                let u = a * n + b;
                let (c, g) = (cnt[u], agr[u]);
                let (value, is_filled) = if c >= MIN_COMMON {
                    observed += 1;
                    with_data[a] = true;
                    with_data[b] = true;
                    (f64::from(g) / f64::from(c), false)
                } else {
                    filled += 1;
                    let (gi, hi) = (groups[a].min(groups[b]), groups[a].max(groups[b]));
                    let v = if num[gi][hi] > 0 {
                        sum[gi][hi] / f64::from(num[gi][hi])
                    } else if all_num > 0 {
                        all_sum / f64::from(all_num)
                    } else {
                        return Err(Error::Runtime(format!(
                            "window {window} has no pair with {MIN_COMMON} common votes"
                        )));
                    };
                    (v, true)
                };
                if let Some(&(rc, ra)) = raw_pairs.get(&(window.clone(), a as u16, b as u16)) {
                    compared += 1;
                    if (rc, ra) != (c, g) {
                        differing += 1;
                        let pair: std::collections::BTreeSet<String> =
                            [states.rows[a].code.clone(), states.rows[b].code.clone()].into();
                        common_states = Some(match common_states.take() {
                            None => pair,
                            Some(c) => c.intersection(&pair).cloned().collect(),
                        });
                        if examples.len() < 5 {
                            examples.push(format!(
                                "{}–{}: raw {ra}/{rc}, computed {g}/{c}",
                                states.rows[a].code, states.rows[b].code
                            ));
                        }
                    }
                }
                out_rows.push(vec![
                    window.clone(),
                    states.rows[a].code.clone(),
                    states.rows[b].code.clone(),
                    c.to_string(),
                    g.to_string(),
                    fmt_f(value, 6),
                    if is_filled { "1".into() } else { "0".into() },
                ]);
            }
        }
        summaries.push(WindowSummary {
            window: window.clone(),
            roll_calls,
            states_with_data: with_data.iter().filter(|&&b| b).count(),
            pairs_observed: observed,
            pairs_filled: filled,
            raw_compared: compared,
            raw_differing: differing,
            raw_examples: examples,
            raw_common_states: common_states.unwrap_or_default().into_iter().collect(),
        });
    }
    Ok((write_csv(schema::ALIGNMENT_COLUMNS, &out_rows)?, summaries))
}

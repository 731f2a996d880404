//! The Council's adopted resolutions, S/RES/1 (January 1946) to S/RES/2721 (December 2023):
//! every member's vote and the kind of action each resolution takes.
//!
//! The table `adopted.csv` is derived by the data build from the UN Digital Library's voting
//! records; the USSR's seat is coded `RUS` (as in the veto record), the other former states
//! (`YUG`, `CSK`, `DDR`, `YMD`) keep their codes. A resolution's kind is decided from its title
//! by the data build's stated rules (`RULES` in its `adopted` step), or curated (`kind_rule` says
//! which); resolutions from 2022 on have no title in the source and are `unknown` unless curated.

use std::collections::HashSet;

use serde::Serialize;

use super::drafts::{ActionKind, parse_date};
use super::table::{CsvTable, Row, split_list};
use crate::error::{Result, did_you_mean};

/// How a member voted on an adopted resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CastVote {
    /// In favour.
    Yes,
    /// Abstained.
    Abstain,
    /// Against.
    No,
    /// Present but not voting, including every member of a resolution adopted without a vote.
    NotVoting,
}

impl CastVote {
    /// `yes`, `abstain`, `no` or `not-voting`.
    pub fn as_str(self) -> &'static str {
        match self {
            CastVote::Yes => "yes",
            CastVote::Abstain => "abstain",
            CastVote::No => "no",
            CastVote::NotVoting => "not-voting",
        }
    }
}

/// One member's vote on an adopted resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptedVote {
    /// ISO3 code of the member (`RUS` for the USSR's seat; `YUG`, `CSK`, `DDR`, `YMD` for the
    /// other former states).
    pub code: String,
    /// Its vote.
    pub vote: CastVote,
}

/// An adopted Security Council resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptedResolution {
    /// The symbol, e.g. `S/RES/1(1946)`.
    pub resolution: String,
    /// The resolution's number.
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The year of adoption.
    pub year: i32,
    /// The kind of action it takes.
    pub kind: ActionKind,
    /// The rule that decided the kind (a title rule's name, `other`, `no-title` or `curation`).
    pub kind_rule: String,
    /// The UN Library's title (empty from 2022 on in the source).
    pub title: String,
    /// Every member's vote, sorted by code.
    pub votes: Vec<AdoptedVote>,
}

impl AdoptedResolution {
    /// The vote of a member, if it sat on the Council.
    pub fn vote_of(&self, code: &str) -> Option<CastVote> {
        self.votes.iter().find(|v| v.code == code).map(|v| v.vote)
    }

    /// How many members cast `vote`.
    pub fn count(&self, vote: CastVote) -> usize {
        self.votes.iter().filter(|v| v.vote == vote).count()
    }

    /// Whether at least one member voted no or abstained.
    pub fn contested(&self) -> bool {
        self.votes
            .iter()
            .any(|v| matches!(v.vote, CastVote::No | CastVote::Abstain))
    }
}

pub(crate) fn parse(
    table: &CsvTable,
    is_code: &dyn Fn(&str) -> bool,
) -> Result<Vec<AdoptedResolution>> {
    table.expect_headers(super::schema::ADOPTED_COLUMNS)?;
    let mut out: Vec<AdoptedResolution> = Vec::with_capacity(table.records.len());
    let mut symbols = HashSet::new();
    for row in table.rows() {
        let resolution = row.get(0).trim().to_string();
        if resolution.is_empty() {
            return Err(row.error(0, "empty resolution symbol"));
        }
        if !symbols.insert(resolution.clone()) {
            return Err(row.error(0, format!("`{resolution}` is listed twice")));
        }
        let number: u32 = row.parse(1, "a resolution number")?;
        if let Some(prev) = out.last()
            && prev.number >= number
        {
            return Err(row.error(
                1,
                format!(
                    "resolutions must be in ascending order of number: {number} follows {}",
                    prev.number
                ),
            ));
        }
        let date = row.get(2).trim().to_string();
        let year = parse_date(&date)
            .filter(|_| date.len() == 10)
            .ok_or_else(|| row.error(2, format!("expected a date YYYY-MM-DD, found `{date}`")))?;
        let kind_text = row.get(3);
        let kind = ActionKind::parse(kind_text).ok_or_else(|| {
            row.error(
                3,
                format!(
                    "unknown kind `{kind_text}`{}",
                    did_you_mean(kind_text, ActionKind::ALL.iter().map(|k| k.as_str()))
                ),
            )
        })?;
        let kind_rule = row.get(4).trim().to_string();
        if kind_rule.is_empty() {
            return Err(row.error(4, "empty kind_rule: name the rule that decided the kind"));
        }
        let mut votes = Vec::new();
        let mut seen = HashSet::new();
        for (col, vote) in [
            (5, CastVote::Yes),
            (6, CastVote::Abstain),
            (7, CastVote::No),
            (8, CastVote::NotVoting),
        ] {
            for code in codes(&row, col, is_code)? {
                if !seen.insert(code.clone()) {
                    return Err(row.error(col, format!("`{code}` votes twice on {resolution}")));
                }
                votes.push(AdoptedVote { code, vote });
            }
        }
        if votes.is_empty() {
            return Err(row.error(5, format!("{resolution} has no member votes")));
        }
        votes.sort_by(|a, b| a.code.cmp(&b.code));
        out.push(AdoptedResolution {
            resolution,
            number,
            date,
            year,
            kind,
            kind_rule,
            title: row.get(9).to_string(),
            votes,
        });
    }
    Ok(out)
}

fn codes(row: &Row<'_>, col: usize, is_code: &dyn Fn(&str) -> bool) -> Result<Vec<String>> {
    let list = split_list(row.get(col));
    for c in &list {
        if !is_code(c) {
            return Err(row.error(
                col,
                format!("`{c}` is neither a member state nor a known former state"),
            ));
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "resolution,number,date,kind,kind_rule,yes,abstain,no,not_voting,title\n";

    fn parse_text(text: &str) -> Result<Vec<AdoptedResolution>> {
        let table = CsvTable::parse(text, "adopted.csv")?;
        parse(&table, &|c: &str| c.len() == 3)
    }

    #[test]
    fn a_row_parses_into_sorted_votes() {
        let res = parse_text(&format!(
            "{HEADER}S/RES/1(1946),1,1946-01-25,other,other,USA;AUS,RUS,,,title\n"
        ))
        .unwrap();
        assert_eq!(res[0].year, 1946);
        assert_eq!(res[0].votes[0].code, "AUS");
        assert_eq!(res[0].vote_of("RUS"), Some(CastVote::Abstain));
        assert!(res[0].contested());
    }

    #[test]
    fn a_bad_kind_names_line_and_key() {
        let err = parse_text(&format!(
            "{HEADER}S/RES/1(1946),1,1946-01-25,sanction,other,USA,,,,\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("adopted.csv:2:"), "{err}");
        assert!(err.contains("key `kind`"), "{err}");
        assert!(err.contains("did you mean `sanctions`"), "{err}");
    }

    #[test]
    fn a_member_voting_twice_is_an_error() {
        let err = parse_text(&format!(
            "{HEADER}S/RES/1(1946),1,1946-01-25,other,other,USA,USA,,,\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("votes twice"), "{err}");
    }
}

//! The world: UN member states, the General Assembly alignment graph, Security Council
//! membership by year, the veto record (with failed drafts and curated annotations), the
//! conflicts the drafts address and the Council's adopted resolutions with each member's vote.
//!
//! The default world is the CSV tables in `data/`, derived from public raw files by the data
//! build (`veto-sim data build`) and compiled into the binary, so `veto-sim` runs from any folder.
//! [`World::embedded`] parses them once; [`World::load`] reads the same layout from another
//! folder (`--data DIR`), and a broken file is reported with its file, line, column and key.
//! [`World::hash`] is a SHA-256 over the tables' texts, to be recorded with every result.
//!
//! ```
//! use veto_sim::world::World;
//! let world = World::embedded().unwrap();
//! assert_eq!(world.states.len(), 193);
//! assert_eq!(world.default_council().members.len(), 15);
//! let a = world.agreement("FRA", "GBR", None).unwrap();
//! assert!((a - 0.928).abs() < 0.001);
//! ```

pub mod adopted;
pub mod alignment;
pub mod conflicts;
pub mod councils;
pub mod drafts;
pub mod filter;
pub mod flows;
pub mod groups;
pub mod provenance;
pub mod schema;
pub mod states;
pub mod table;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use petgraph::graph::UnGraph;
use sha2::{Digest, Sha256};

pub use adopted::{AdoptedResolution, AdoptedVote, CastVote};
pub use alignment::{AlignEdge, AlignNode, Alignment, AlignmentGraph, Coverage, WindowChoice};
pub use conflicts::{Arrival, Conflict, ConflictYear, Destination};
pub use councils::{Council, CouncilSeat, SeatKind};
pub use drafts::{ActionKind, Annotation, Atrocity, Draft, Outcome, TallyStatus};
pub use filter::{DraftFilter, FilterArgs};
pub use flows::{HostState, PanelYear};
pub use groups::RegionalGroup;
pub use provenance::Provenance;
pub use states::State;

use crate::error::{Error, Place, Result, did_you_mean};
use table::CsvTable;

/// The embedded tables, in [`schema::TABLE_FILES`] order.
const EMBEDDED: [(&str, &str); 11] = [
    (schema::STATES_FILE, include_str!("../../data/states.csv")),
    (
        schema::ALIGNMENT_FILE,
        include_str!("../../data/alignment.csv"),
    ),
    (
        schema::COUNCILS_FILE,
        include_str!("../../data/councils.csv"),
    ),
    (schema::DRAFTS_FILE, include_str!("../../data/drafts.csv")),
    (
        schema::CONFLICTS_FILE,
        include_str!("../../data/conflicts.csv"),
    ),
    (
        schema::CONFLICT_YEARS_FILE,
        include_str!("../../data/conflict_years.csv"),
    ),
    (
        schema::DESTINATIONS_FILE,
        include_str!("../../data/conflict_destinations.csv"),
    ),
    (
        schema::FLOWS_PANEL_FILE,
        include_str!("../../data/flows_panel.csv"),
    ),
    (
        schema::HOST_STATES_FILE,
        include_str!("../../data/host_states.csv"),
    ),
    (schema::ADOPTED_FILE, include_str!("../../data/adopted.csv")),
    (
        schema::ARRIVALS_FILE,
        include_str!("../../data/conflict_arrivals.csv"),
    ),
];

/// Everything the simulator knows about the world.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// The 193 UN member states, sorted by code.
    pub states: Vec<State>,
    /// Agreement weights, one per window (the raw periods; the default is `2010-2019`).
    pub alignments: Vec<Alignment>,
    /// Security Council membership by year, ascending.
    pub councils: Vec<Council>,
    /// Vetoed and failed drafts, by date.
    pub drafts: Vec<Draft>,
    /// Conflicts linked to drafts.
    pub conflicts: Vec<Conflict>,
    /// Battle deaths and refugee outflows by origin country-year (the elasticity panel).
    pub flows_panel: Vec<PanelYear>,
    /// Every member state (indexed like `states`), then the non-member origins of conflicts:
    /// region, centroid, neighbours, past asylum effort.
    pub hosts: Vec<HostState>,
    /// The Council's adopted resolutions with each member's vote, by number (empty for a
    /// world folder built before them).
    pub adopted: Vec<AdoptedResolution>,
    index: HashMap<String, usize>,
    /// `None` for the embedded world, whose hash is computed once on first use.
    hash: Option<String>,
}

/// SHA-256 (hex) over the tables' names, lengths and texts, in [`schema::TABLE_FILES`] order.
fn hash_texts(texts: &[(&str, &str)]) -> String {
    let mut hasher = Sha256::new();
    for name in schema::TABLE_FILES {
        let text = texts
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, t)| *t);
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl World {
    /// The default world compiled into the binary, parsed once.
    ///
    /// # Errors
    /// Only if the embedded data is broken.
    pub fn embedded() -> Result<&'static World> {
        static WORLD: OnceLock<std::result::Result<World, String>> = OnceLock::new();
        WORLD
            .get_or_init(|| {
                World::from_texts(&EMBEDDED, |name| format!("<embedded data/{name}>"), true)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::Runtime(format!("the embedded world is broken: {e}")))
    }

    /// Parses the embedded tables afresh (for benchmarks and tests; use [`World::embedded`]).
    ///
    /// # Errors
    /// Only if the embedded data is broken.
    pub fn parse_embedded() -> Result<World> {
        World::from_texts(&EMBEDDED, |name| format!("<embedded data/{name}>"), true)
    }

    /// The embedded tables' texts, by file name.
    pub fn embedded_texts() -> &'static [(&'static str, &'static str)] {
        &EMBEDDED
    }

    /// Loads a world from a folder in the layout of `data/` (the CSV tables of `schema::TABLE_FILES`).
    ///
    /// # Errors
    /// A missing file (exit code 2, naming it), or a malformed one, named with its line,
    /// column and key.
    pub fn load(dir: &Path) -> Result<World> {
        let mut texts = Vec::with_capacity(schema::TABLE_FILES.len());
        for name in schema::TABLE_FILES {
            let path = dir.join(name);
            let text = match std::fs::read(&path) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                    Error::input(
                        Place::file(path.display().to_string()),
                        format!("not UTF-8: {e}"),
                    )
                })?,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && schema::OPTIONAL_FILES.contains(name) =>
                {
                    String::new()
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::input(
                        Place::file(path.display().to_string()),
                        format!(
                            "missing: a world folder must hold {} (the layout of data/)",
                            schema::TABLE_FILES.join(", ")
                        ),
                    ));
                }
                Err(e) => return Err(Error::io(&path, e)),
            };
            texts.push((*name, text));
        }
        let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
        World::from_texts(&refs, |name| dir.join(name).display().to_string(), false)
    }

    fn from_texts(
        texts: &[(&str, &str)],
        label: impl Fn(&str) -> String,
        embedded: bool,
    ) -> Result<World> {
        let text_of = |name: &str| -> &str {
            texts
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .unwrap_or("")
        };
        let table = |name: &str| CsvTable::parse(text_of(name), &label(name));
        let states = states::parse(&table(schema::STATES_FILE)?)?;
        let index: HashMap<String, usize> = states
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i))
            .collect();
        let is_state = |c: &str| index.contains_key(c);
        let is_code =
            |c: &str| index.contains_key(c) || schema::OTHER_CODES.iter().any(|(o, _)| *o == c);
        let alignments = alignment::parse(
            text_of(schema::ALIGNMENT_FILE),
            &label(schema::ALIGNMENT_FILE),
            &states,
        )?;
        let councils = councils::parse(&table(schema::COUNCILS_FILE)?, &is_state)?;
        let drafts_table = table(schema::DRAFTS_FILE)?;
        let drafts = drafts::parse(&drafts_table, &is_code)?;
        // The arrivals are optional too (an empty text: a folder built before them).
        let arrivals = match text_of(schema::ARRIVALS_FILE) {
            "" => None,
            _ => Some(table(schema::ARRIVALS_FILE)?),
        };
        let conflicts = conflicts::parse(
            &table(schema::CONFLICTS_FILE)?,
            &table(schema::CONFLICT_YEARS_FILE)?,
            &table(schema::DESTINATIONS_FILE)?,
            arrivals.as_ref(),
            &is_code,
        )?;
        // The flow tables are optional (an empty text: a folder built before them).
        let flows_panel = match text_of(schema::FLOWS_PANEL_FILE) {
            "" => Vec::new(),
            _ => flows::parse_panel(&table(schema::FLOWS_PANEL_FILE)?, &is_code)?,
        };
        let hosts = match text_of(schema::HOST_STATES_FILE) {
            "" => Vec::new(),
            _ => flows::parse_hosts(&table(schema::HOST_STATES_FILE)?, &states, &is_code)?,
        };
        let adopted = match text_of(schema::ADOPTED_FILE) {
            "" => Vec::new(),
            _ => adopted::parse(&table(schema::ADOPTED_FILE)?, &is_code)?,
        };
        // Every conflict a draft names must exist, unless the build flagged it as not curated.
        let conflict_ids: HashSet<&str> = conflicts.iter().map(|c| c.id.as_str()).collect();
        for (draft, row) in drafts.iter().zip(drafts_table.rows()) {
            if let Some(a) = &draft.annotation
                && !a.conflict_id.is_empty()
                && a.conflict_id != "unknown"
                && !conflict_ids.contains(a.conflict_id.as_str())
                && !draft.flags.iter().any(|f| f == "conflict-not-curated")
            {
                return Err(row.error(
                    27,
                    format!(
                        "unknown conflict `{}`{}",
                        a.conflict_id,
                        did_you_mean(&a.conflict_id, conflict_ids.iter().copied())
                    ),
                ));
            }
        }
        let hash = if embedded {
            None
        } else {
            Some(hash_texts(texts))
        };
        Ok(World {
            states,
            alignments,
            councils,
            drafts,
            conflicts,
            flows_panel,
            hosts,
            adopted,
            index,
            hash,
        })
    }

    /// A SHA-256 (hex) over the texts of all the world's tables: equal hashes, equal worlds.
    pub fn hash(&self) -> &str {
        static EMBEDDED_HASH: OnceLock<String> = OnceLock::new();
        match &self.hash {
            Some(h) => h,
            None => EMBEDDED_HASH.get_or_init(|| hash_texts(&EMBEDDED)),
        }
    }

    /// The member states' ISO3 codes.
    pub fn state_codes(&self) -> Vec<&str> {
        self.states.iter().map(|s| s.code.as_str()).collect()
    }

    /// The index of a state in [`World::states`].
    pub fn state_index(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// A state by code.
    pub fn state(&self, code: &str) -> Option<&State> {
        self.state_index(code).map(|i| &self.states[i])
    }

    /// A state by code (case-insensitive), or a usage error suggesting the nearest code.
    ///
    /// # Errors
    /// An unknown code (exit code 2).
    pub fn require_state(&self, code: &str) -> Result<&State> {
        let upper = code.trim().to_ascii_uppercase();
        if let Some(s) = self.state(&upper) {
            return Ok(s);
        }
        if let Some(s) = self
            .states
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(code.trim()))
        {
            return Ok(s);
        }
        let hint = match self.suggest_state(code) {
            Some(near) => format!(" (did you mean `{near}`?)"),
            None => String::new(),
        };
        Err(Error::Usage(format!("unknown state `{code}`{hint}")))
    }

    /// The code of the state nearest to `wanted`: by code for three letters (fewest edits,
    /// then the longest common prefix), by name otherwise.
    pub fn suggest_state(&self, wanted: &str) -> Option<&str> {
        let upper = wanted.trim().to_ascii_uppercase();
        if upper.chars().count() <= 3 {
            let prefix = |c: &str| {
                c.chars()
                    .zip(upper.chars())
                    .take_while(|(a, b)| a == b)
                    .count()
            };
            self.states
                .iter()
                .map(|s| {
                    (
                        strsim::damerau_levenshtein(&upper, &s.code),
                        std::cmp::Reverse(prefix(&s.code)),
                        s.code.as_str(),
                    )
                })
                .filter(|(d, _, _)| *d <= 2)
                .min()
                .map(|(_, _, c)| c)
        } else {
            crate::error::nearest(wanted, self.states.iter().map(|s| s.name.as_str()))
                .and_then(|name| self.states.iter().find(|s| s.name == name))
                .map(|s| s.code.as_str())
        }
    }

    /// Whether `code` is a member state, a former state or a territory the record may name.
    pub fn is_known_code(&self, code: &str) -> bool {
        self.index.contains_key(code) || schema::OTHER_CODES.iter().any(|(c, _)| *c == code)
    }

    /// The names of the alignment windows.
    pub fn windows(&self) -> Vec<&str> {
        self.alignments.iter().map(|a| a.window.as_str()).collect()
    }

    /// The alignment of a window (`None`: the default, `2010-2019`).
    ///
    /// # Errors
    /// An unknown window (exit code 2), listing those available.
    pub fn alignment(&self, window: Option<&str>) -> Result<&Alignment> {
        let wanted = window.unwrap_or(schema::DEFAULT_WINDOW);
        self.alignments.iter().find(|a| a.window == wanted).ok_or_else(|| {
            Error::Usage(format!(
                "no alignment window `{wanted}` in this world (available: {}; others can be computed from the roll calls with `veto-sim data build --window START-END`)",
                self.windows().join(", ")
            ))
        })
    }

    /// The petgraph alignment graph of a window, with ideal points as node attributes.
    ///
    /// # Errors
    /// An unknown window.
    pub fn alignment_graph(&self, window: Option<&str>) -> Result<AlignmentGraph> {
        Ok(self.alignment(window)?.graph(&self.states))
    }

    /// Agreement between two states in a window.
    ///
    /// # Errors
    /// An unknown state or window.
    pub fn agreement(&self, a: &str, b: &str, window: Option<&str>) -> Result<f64> {
        let i = self.require_state(a)?.code.clone();
        let j = self.require_state(b)?.code.clone();
        let (i, j) = (self.index[&i], self.index[&j]);
        Ok(self.alignment(window)?.agreement(i, j))
    }

    /// The land-border graph: states as nodes (by code), an edge per shared land border.
    pub fn border_graph(&self) -> UnGraph<String, ()> {
        let mut graph = UnGraph::new_undirected();
        let nodes: Vec<_> = self
            .states
            .iter()
            .map(|s| graph.add_node(s.code.clone()))
            .collect();
        for (i, s) in self.states.iter().enumerate() {
            for n in &s.neighbours {
                let j = self.index[n];
                if i < j {
                    graph.add_edge(nodes[i], nodes[j], ());
                }
            }
        }
        graph
    }

    /// The Council of a year.
    pub fn council(&self, year: i32) -> Option<&Council> {
        self.councils.iter().find(|c| c.year == year)
    }

    /// The years this world has a Council for, in words: `1946–2026`, or runs such as
    /// `1946–1990, 1995–2026` when years are missing. For messages about a year without one.
    pub fn council_years(&self) -> String {
        let mut years: Vec<i32> = self.councils.iter().map(|c| c.year).collect();
        years.sort_unstable();
        years.dedup();
        let mut runs: Vec<(i32, i32)> = Vec::new();
        for y in years {
            match runs.last_mut() {
                Some((_, hi)) if *hi + 1 == y => *hi = y,
                _ => runs.push((y, y)),
            }
        }
        runs.iter()
            .map(|&(lo, hi)| {
                if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The default Council: that of the latest year (2026 in the embedded world).
    ///
    /// # Panics
    /// If the world has no Council (the loader never builds one without).
    pub fn default_council(&self) -> &Council {
        self.councils
            .last()
            .expect("a world has at least one Council year")
    }

    /// A draft by its exact id.
    pub fn draft(&self, id: &str) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.id == id)
    }

    /// Drafts matching `id`: the exact id, else every draft whose symbol (before `#`) matches,
    /// case-insensitively.
    pub fn find_drafts(&self, id: &str) -> Vec<&Draft> {
        let id = id.trim();
        if let Some(d) = self.draft(id) {
            return vec![d];
        }
        let exact: Vec<&Draft> = self
            .drafts
            .iter()
            .filter(|d| d.id.eq_ignore_ascii_case(id))
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        self.drafts
            .iter()
            .filter(|d| d.base_symbol().eq_ignore_ascii_case(id))
            .collect()
    }

    /// An adopted resolution by number.
    pub fn adopted_resolution(&self, number: u32) -> Option<&AdoptedResolution> {
        self.adopted
            .binary_search_by_key(&number, |r| r.number)
            .ok()
            .map(|i| &self.adopted[i])
    }

    /// A conflict by id.
    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }
}

/// The member state whose seat a former state's code continues (`SUN` → `RUS`), if any.
pub use schema::successor;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_world_parses() {
        let world = World::embedded().unwrap();
        assert_eq!(world.states.len(), 193);
        assert_eq!(world.hash().len(), 64);
    }
}

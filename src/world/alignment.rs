//! The alignment graph: General Assembly agreement between member states.
//!
//! For each window of years, every pair of the 193 states has an agreement weight: the share
//! of roll calls in the window on which both voted (yes, no or abstain) and voted alike. Pairs
//! with fewer than 20 common votes carry a documented fill (the mean agreement between the two
//! states' regional groups) and are marked `filled`. The weights are kept as a dense matrix for
//! fast lookups; [`Alignment::graph`] builds the petgraph graph with the states' ideal points as
//! node attributes. [`WindowChoice`] says which window weighs a draft's alignment: the one of
//! its era or a fixed one.

use petgraph::graph::{NodeIndex, UnGraph};
use serde::Serialize;

use super::World;
use super::states::State;
use crate::error::Result;

/// Agreement weights over one window of years.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The window, e.g. `2010-2019`.
    pub window: String,
    n: usize,
    agreement: Vec<f64>,
    n_common: Vec<u32>,
    filled: Vec<bool>,
}

/// How much of a window rests on observed votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// States with at least one observed pair.
    pub states_with_data: usize,
    /// All states.
    pub states: usize,
    /// Pairs with at least 20 common votes.
    pub pairs_observed: usize,
    /// Pairs whose weight is a fill.
    pub pairs_filled: usize,
}

/// A node of the alignment graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignNode {
    /// The state's code.
    pub code: String,
    /// Its Bailey–Strezhnev–Voeten ideal point (latest year), if known.
    pub ideal_point: Option<f64>,
}

/// An edge of the alignment graph.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AlignEdge {
    /// Share of common votes cast alike (or the fill).
    pub agreement: f64,
    /// Roll calls on which both states voted.
    pub n_common: u32,
    /// Whether `agreement` is a fill rather than observed.
    pub filled: bool,
}

/// The alignment graph of one window: every pair of states joined by an edge.
#[derive(Debug, Clone)]
pub struct AlignmentGraph {
    /// The window the weights come from.
    pub window: String,
    /// States as nodes (in the world's state order), agreement as edge weights.
    pub graph: UnGraph<AlignNode, AlignEdge>,
}

impl AlignmentGraph {
    /// The node of a state, by code.
    pub fn node(&self, code: &str) -> Option<NodeIndex> {
        self.graph
            .node_indices()
            .find(|&i| self.graph[i].code == code)
    }
}

impl Alignment {
    fn at(&self, i: usize, j: usize) -> usize {
        i * self.n + j
    }

    /// Agreement between states `i` and `j` (indices into `World::states`); 1 for `i == j`.
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn agreement(&self, i: usize, j: usize) -> f64 {
        if i == j {
            1.0
        } else {
            self.agreement[self.at(i, j)]
        }
    }

    /// Roll calls on which both states voted.
    pub fn n_common(&self, i: usize, j: usize) -> u32 {
        self.n_common[self.at(i, j)]
    }

    /// Whether the pair's weight is a fill.
    pub fn is_filled(&self, i: usize, j: usize) -> bool {
        i != j && self.filled[self.at(i, j)]
    }

    /// The number of states.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the window has no states.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// States and pairs with observed data.
    pub fn coverage(&self) -> Coverage {
        let mut with_data = 0;
        let mut observed = 0;
        let mut filled = 0;
        for i in 0..self.n {
            if (0..self.n).any(|j| j != i && !self.is_filled(i, j)) {
                with_data += 1;
            }
            for j in i + 1..self.n {
                if self.is_filled(i, j) {
                    filled += 1;
                } else {
                    observed += 1;
                }
            }
        }
        Coverage {
            states_with_data: with_data,
            states: self.n,
            pairs_observed: observed,
            pairs_filled: filled,
        }
    }

    /// The petgraph graph over `states` (which must be the world's states, in order).
    ///
    /// # Complexity
    /// O(n²) for n states: the graph is complete.
    pub fn graph(&self, states: &[State]) -> AlignmentGraph {
        let mut graph = UnGraph::with_capacity(self.n, self.n * (self.n.saturating_sub(1)) / 2);
        let nodes: Vec<NodeIndex> = states
            .iter()
            .map(|s| {
                graph.add_node(AlignNode {
                    code: s.code.clone(),
                    ideal_point: s.ideal_point,
                })
            })
            .collect();
        for i in 0..self.n {
            for j in i + 1..self.n {
                graph.add_edge(
                    nodes[i],
                    nodes[j],
                    AlignEdge {
                        agreement: self.agreement(i, j),
                        n_common: self.n_common(i, j),
                        filled: self.is_filled(i, j),
                    },
                );
            }
        }
        AlignmentGraph {
            window: self.window.clone(),
            graph,
        }
    }
}

/// Parses `alignment.csv` into one [`Alignment`] per window, in file order; every pair of
/// states must appear exactly once per window.
///
/// The table has ~55,000 rows, so it is streamed with one reused record (no allocation per
/// row) and codes are looked up in a flat table indexed by their three letters.
///
/// # Complexity
/// O(rows + windows · n²).
pub(crate) fn parse(text: &str, file: &str, states: &[State]) -> Result<Vec<Alignment>> {
    let columns = super::schema::ALIGNMENT_COLUMNS;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let place = |line: u64, col: usize| {
        let key = columns.get(col).copied().unwrap_or("");
        crate::error::Place::file(file)
            .at(line, (col + 1) as u64)
            .key(key)
    };
    let err = |line: u64, col: usize, message: String| {
        crate::error::Error::input(place(line, col), message)
    };
    {
        let headers = reader
            .byte_headers()
            .map_err(|e| err(1, 0, format!("malformed CSV: {e}")))?;
        let found: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        if found != columns {
            return Err(err(
                1,
                0,
                format!(
                    "expected the header `{}`, found `{}`",
                    columns.join(","),
                    found.join(",")
                ),
            ));
        }
    }
    // Codes AAA..ZZZ → state index + 1 (0: not a state).
    let slot = |code: &[u8]| -> Option<usize> {
        (code.len() == 3 && code.iter().all(u8::is_ascii_uppercase)).then(|| {
            code.iter()
                .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A'))
        })
    };
    let mut index = vec![0u16; 26 * 26 * 26];
    for (i, s) in states.iter().enumerate() {
        if let Some(k) = slot(s.code.as_bytes()) {
            index[k] = (i + 1) as u16;
        }
    }
    let n = states.len();
    let mut windows: Vec<(Alignment, Vec<bool>)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut last_line = 1;
    let mut current: Option<usize> = None;
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            err(
                e.position().map_or(last_line, |p| p.line()),
                0,
                format!("malformed CSV: {e}"),
            )
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(last_line + 1, |p| p.line());
        last_line = line;
        if record.len() != columns.len() {
            return Err(err(
                line,
                0,
                format!("expected {} fields, found {}", columns.len(), record.len()),
            ));
        }
        let field = |i: usize| std::str::from_utf8(&record[i]).unwrap_or("\u{fffd}");
        let window = &record[0];
        let pos = match current {
            Some(p) if windows[p].0.window.as_bytes() == window => p,
            _ => {
                let w = field(0);
                let p = match windows.iter().position(|(a, _)| a.window == w) {
                    Some(p) => p,
                    None => {
                        if !is_window(w) {
                            return Err(err(
                                line,
                                0,
                                format!("expected a window like `2010-2019`, found `{w}`"),
                            ));
                        }
                        windows.push((
                            Alignment {
                                window: w.to_string(),
                                n,
                                agreement: vec![0.0; n * n],
                                n_common: vec![0; n * n],
                                filled: vec![false; n * n],
                            },
                            vec![false; n * n],
                        ));
                        windows.len() - 1
                    }
                };
                current = Some(p);
                p
            }
        };
        let lookup = |col: usize| -> Result<usize> {
            match slot(&record[col]).map(|k| index[k]) {
                Some(i) if i > 0 => Ok(usize::from(i) - 1),
                _ => {
                    let code = field(col);
                    Err(err(
                        line,
                        col,
                        format!(
                            "`{code}` is not a state{}",
                            crate::error::did_you_mean(
                                code,
                                states.iter().map(|s| s.code.as_str())
                            )
                        ),
                    ))
                }
            }
        };
        let a = lookup(1)?;
        let b = lookup(2)?;
        if a == b {
            return Err(err(line, 2, "a state cannot be paired with itself".into()));
        }
        let number = |col: usize, what: &str| -> Result<u32> {
            field(col).parse().map_err(|_| {
                err(
                    line,
                    col,
                    format!("expected {what}, found `{}`", field(col)),
                )
            })
        };
        let n_common = number(3, "a count of common votes")?;
        let n_agree = number(4, "a count of agreeing votes")?;
        if n_agree > n_common {
            return Err(err(
                line,
                4,
                format!("{n_agree} agreeing votes exceed {n_common} common votes"),
            ));
        }
        let agreement: f64 = field(5).parse().map_err(|_| {
            err(
                line,
                5,
                format!(
                    "expected an agreement share from 0 to 1, found `{}`",
                    field(5)
                ),
            )
        })?;
        if !(0.0..=1.0).contains(&agreement) {
            return Err(err(
                line,
                5,
                format!("agreement {agreement} is outside 0..1"),
            ));
        }
        let filled = match &record[6] {
            b"0" => false,
            b"1" => true,
            _ => {
                return Err(err(
                    line,
                    6,
                    format!("expected 0 or 1, found `{}`", field(6)),
                ));
            }
        };
        let (w, seen) = &mut windows[pos];
        let (ab, ba) = (a * n + b, b * n + a);
        if seen[ab] {
            return Err(err(
                line,
                1,
                format!(
                    "the pair {}–{} appears twice in window {}",
                    states[a].code, states[b].code, w.window
                ),
            ));
        }
        seen[ab] = true;
        seen[ba] = true;
        for k in [ab, ba] {
            w.agreement[k] = agreement;
            w.n_common[k] = n_common;
            w.filled[k] = filled;
        }
    }
    let mut out = Vec::with_capacity(windows.len());
    for (w, seen) in windows {
        for i in 0..n {
            for j in i + 1..n {
                if !seen[i * n + j] {
                    return Err(err(
                        last_line,
                        1,
                        format!(
                            "window {} has no row for the pair {}–{}",
                            w.window, states[i].code, states[j].code
                        ),
                    ));
                }
            }
        }
        out.push(w);
    }
    Ok(out)
}

/// Whether `text` is a window `YYYY-YYYY` with the first year not after the second.
pub fn is_window(text: &str) -> bool {
    parse_window(text).is_some()
}

/// The years of a window `YYYY-YYYY`.
pub fn parse_window(text: &str) -> Option<(i32, i32)> {
    let (a, b) = text.split_once('-')?;
    if a.len() != 4 || b.len() != 4 {
        return None;
    }
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    (a <= b).then_some((a, b))
}

/// Which alignment window gives the agreement weights `a_ij` of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowChoice {
    /// The window of the draft's time: `1946-1989` before 1990, `1990-2019` from 1990 to 2009,
    /// `2010-2019` from 2010 on (falling back to the default window where the world lacks one).
    Era,
    /// One window for every draft.
    Fixed(String),
}

impl WindowChoice {
    /// `era`, or a window name checked against the world.
    ///
    /// # Errors
    /// [`Error::Usage`](crate::error::Error::Usage) for a window the world does not have.
    pub fn parse(text: &str, world: &World) -> Result<WindowChoice> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("era") {
            return Ok(WindowChoice::Era);
        }
        world.alignment(Some(t))?;
        Ok(WindowChoice::Fixed(t.to_string()))
    }

    /// The window used for a draft of `year`.
    pub fn window_for(&self, year: i32, world: &World) -> String {
        match self {
            WindowChoice::Fixed(w) => w.clone(),
            WindowChoice::Era => {
                let wanted = if year < 1990 {
                    "1946-1989"
                } else if year < 2010 {
                    "1990-2019"
                } else {
                    "2010-2019"
                };
                if world.windows().contains(&wanted) {
                    wanted.to_string()
                } else {
                    super::schema::DEFAULT_WINDOW.to_string()
                }
            }
        }
    }

    /// `era` or the window's name.
    pub fn describe(&self) -> String {
        match self {
            WindowChoice::Era => {
                "era (1946-1989 before 1990, 1990-2019 to 2009, 2010-2019 from 2010)".into()
            }
            WindowChoice::Fixed(w) => w.clone(),
        }
    }
}

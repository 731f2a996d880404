//! The grid: numbering cells, their seeds, and which cells a shard runs.
//!
//! Cells are numbered like nested loops over the axes in the order the sweep file lists them,
//! the last axis varying fastest. Cell `k` runs with its own seed, drawn from
//! `ChaCha8Rng::seed_from_u64(master)` on stream `k`: it depends on the master seed and the
//! cell's number only, never on the thread, the shard or the order in which cells run.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::random::Stream;

/// The seed of cell `cell` under master seed `master`.
///
/// ```
/// use veto_sim::sweep::cell_seed;
/// assert_eq!(cell_seed(7, 3), cell_seed(7, 3));
/// assert_ne!(cell_seed(7, 3), cell_seed(7, 4));
/// assert_ne!(cell_seed(7, 3), cell_seed(8, 3));
/// ```
pub fn cell_seed(master: u64, cell: u64) -> u64 {
    let mut rng = ChaCha8Rng::seed_from_u64(master);
    rng.set_stream(Stream::SweepCell { cell }.number());
    rng.next_u64()
}

/// The value index on each axis of cell `cell`, for axes of the given lengths.
///
/// ```
/// use veto_sim::sweep::grid::indices;
/// assert_eq!(indices(&[2, 3], 0), [0, 0]);
/// assert_eq!(indices(&[2, 3], 4), [1, 1]);
/// ```
pub fn indices(lengths: &[usize], cell: u64) -> Vec<usize> {
    let mut rest = cell;
    let mut out = vec![0; lengths.len()];
    for (slot, &n) in out.iter_mut().zip(lengths).rev() {
        let n = n.max(1) as u64;
        *slot = (rest % n) as usize;
        rest /= n;
    }
    out
}

/// One shard of a sweep: the cells `k` with `k % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// The whole sweep as one shard.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Parses `I/N` (0 <= I < N), as given to `--shard`.
    ///
    /// # Errors
    /// [`Error::Usage`] (exit 2) for anything else, such as `3/2` or `0/0`.
    ///
    /// ```
    /// use veto_sim::sweep::Shard;
    /// assert_eq!(Shard::parse("1/4").unwrap(), Shard { index: 1, count: 4 });
    /// assert!(Shard::parse("3/2").is_err() && Shard::parse("0/0").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: String| {
            Error::Usage(format!(
                "--shard `{text}`: {why}; expected I/N with 0 <= I < N, e.g. 0/4 for the first of four shards"
            ))
        };
        let (i, n) = text
            .trim()
            .split_once('/')
            .ok_or_else(|| bad("no `/`".into()))?;
        let i: u64 = i
            .trim()
            .parse()
            .map_err(|_| bad(format!("`{}` is not a shard number", i.trim())))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad(format!("`{}` is not a number of shards", n.trim())))?;
        if n == 0 {
            return Err(bad("the number of shards must be at least 1".into()));
        }
        if i >= n {
            return Err(bad(format!(
                "shard {i} does not exist among {n} shards (they are numbered 0 to {})",
                n - 1
            )));
        }
        Ok(Shard { index: i, count: n })
    }

    /// Whether cell `cell` belongs to this shard.
    pub fn has(self, cell: u64) -> bool {
        cell % self.count == self.index
    }

    /// The cells of this shard among `cells`, in order.
    pub fn cells(self, cells: u64) -> impl Iterator<Item = u64> {
        (self.index..cells).step_by(self.count as usize)
    }

    /// How many of `cells` belong to this shard.
    pub fn len(self, cells: u64) -> u64 {
        if self.index >= cells {
            0
        } else {
            (cells - self.index).div_ceil(self.count)
        }
    }

    /// Whether this shard has no cell among `cells`.
    pub fn is_empty(self, cells: u64) -> bool {
        self.len(cells) == 0
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_cells() {
        for n in 1..8u64 {
            let mut all: Vec<u64> = (0..n)
                .flat_map(|i| Shard { index: i, count: n }.cells(23).collect::<Vec<_>>())
                .collect();
            for i in 0..n {
                let s = Shard { index: i, count: n };
                assert_eq!(s.len(23), s.cells(23).count() as u64);
            }
            all.sort_unstable();
            assert_eq!(all, (0..23).collect::<Vec<_>>());
        }
    }

    #[test]
    fn bad_shard_specs_are_usage_errors() {
        for bad in ["3/2", "0/0", "2/2", "a/2", "1", "-1/2"] {
            let e = Shard::parse(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn indices_count_like_nested_loops() {
        let lens = [4, 3, 5];
        let mut k = 0;
        for a in 0..4 {
            for b in 0..3 {
                for c in 0..5 {
                    assert_eq!(indices(&lens, k), [a, b, c]);
                    k += 1;
                }
            }
        }
    }
}

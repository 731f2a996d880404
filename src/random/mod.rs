//! Random numbers: the `ChaCha8Rng` word buffer ([`words`]), the normal sampler ([`normal`])
//! and the one list of random streams ([`Stream`]).
//!
//! Every simulation draws from `ChaCha8Rng::seed_from_u64(seed)` on a stream of its own work
//! unit, so a seed gives the same bytes on any number of threads. The streams of the vote
//! engine, the General Assembly, the replay, the flow estimator and the sweeps are numbered by
//! [`Stream::number`] alone, so no two purposes can meet on one stream by accident.

pub mod normal;
pub mod words;

pub use normal::{ZIGGURAT, Ziggurat, open01};
pub use words::Words;

/// The bits that mark the flow estimator's streams: no stream of the vote engine, the
/// Assembly or the replay sets them.
pub const FLOWS_TAG: u64 = (1 << 62) | (1 << 61);

/// The bit that marks the General Assembly's streams.
const ASSEMBLY_TAG: u64 = 1 << 63;

/// The bit that marks the sampled seatings of drawn-seat rules (bit 61 clear: not a flow
/// stream).
const SEATINGS_TAG: u64 = 1 << 62;

/// The bits that mark the asylum-centre model's streams.
const CENTRES_TAG: u64 = 0xCE_0000_0000_0000;

/// What a random stream is for, with the work unit it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream<'a> {
    /// Work unit `unit` of the vote engine on plan (or draft) `plan`: `plan << 32 | unit`.
    Trial {
        /// The plan's index (a draft's index in the world's record where there is one).
        plan: u64,
        /// The work unit (block of trials).
        unit: u64,
    },
    /// The General Assembly's extra votes beside the work unit whose trial stream is `trial`:
    /// `1 << 63 | trial`.
    Assembly {
        /// The number of the work unit's [`Stream::Trial`] stream.
        trial: u64,
    },
    /// A replay cell, the draft at index `draft` of the world's record under `rule`:
    /// `draft << 32 | label(rule)`, the label a 32-bit FNV-1a hash of the rule's name.
    ReplayCell {
        /// The draft's index in the world's record.
        draft: usize,
        /// The rule's name.
        rule: &'a str,
    },
    /// The flow draws every conflict shares in block `block` (elasticity, deaths ratios):
    /// `FLOWS_TAG | block`.
    FlowsPrior {
        /// The block of trials.
        block: u64,
    },
    /// The flow draws of chosen conflict `conflict` in block `block`:
    /// `FLOWS_TAG | (conflict + 1) << 32 | block`.
    FlowsConflict {
        /// The conflict's position among those estimated.
        conflict: usize,
        /// The block of trials.
        block: u64,
    },
    /// The stream that gives sweep cell `cell` its seed: `cell`.
    SweepCell {
        /// The cell's index in the grid.
        cell: u64,
    },
    /// Block `block` of the seatings sampled for rule `rule` of plan `plan` (a drawn-seat
    /// rule on the exact path): `1 << 62 | plan << 32 | rule << 24 | block`.
    Seatings {
        /// The plan's index.
        plan: u64,
        /// The rule's index in the plan.
        rule: u64,
        /// The block of seatings.
        block: u64,
    },
    /// Block `block` of the asylum-centre model's draws: `0xCE << 48 | block`.
    Centres {
        /// The block of trials.
        block: u64,
    },
}

impl Stream<'_> {
    /// The stream's number, for `ChaCha8Rng::set_stream`.
    pub fn number(&self) -> u64 {
        match *self {
            Stream::Trial { plan, unit } => (plan << 32) | unit,
            Stream::Assembly { trial } => trial | ASSEMBLY_TAG,
            Stream::ReplayCell { draft, rule } => ((draft as u64) << 32) | rule_label(rule),
            Stream::FlowsPrior { block } => FLOWS_TAG | block,
            Stream::FlowsConflict { conflict, block } => {
                FLOWS_TAG | ((conflict as u64 + 1) << 32) | block
            }
            Stream::SweepCell { cell } => cell,
            Stream::Seatings { plan, rule, block } => {
                SEATINGS_TAG | (plan << 32) | (rule << 24) | block
            }
            Stream::Centres { block } => CENTRES_TAG | block,
        }
    }
}

/// A stable 32-bit label of a rule, for the random stream of its cells (FNV-1a).
pub fn rule_label(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) & 0xffff_ffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_numbers_are_the_ones_the_results_were_made_with() {
        assert_eq!(Stream::Trial { plan: 3, unit: 5 }.number(), (3 << 32) | 5);
        assert_eq!(
            Stream::Assembly {
                trial: (3 << 32) | 5
            }
            .number(),
            (1 << 63) | (3 << 32) | 5
        );
        assert_eq!(rule_label("present"), 0xaf1a_adaf);
        assert_eq!(
            Stream::ReplayCell {
                draft: 7,
                rule: "present"
            }
            .number(),
            (7 << 32) | 0xaf1a_adaf
        );
        assert_eq!(
            Stream::FlowsPrior { block: 2 }.number(),
            0x6000_0000_0000_0002
        );
        assert_eq!(
            Stream::FlowsConflict {
                conflict: 0,
                block: 2
            }
            .number(),
            0x6000_0001_0000_0002
        );
        assert_eq!(Stream::SweepCell { cell: 11 }.number(), 11);
        assert_eq!(
            Stream::Seatings {
                plan: 3,
                rule: 5,
                block: 2
            }
            .number(),
            (1 << 62) | (3 << 32) | (5 << 24) | 2
        );
        assert_eq!(Stream::Centres { block: 4 }.number(), 0xCE_0000_0000_0004);
    }

    #[test]
    fn purposes_do_not_share_streams_on_small_indices() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..4u64 {
            for k in 0..4u64 {
                let trial = Stream::Trial { plan: i, unit: k }.number();
                for s in [
                    trial,
                    Stream::Assembly { trial }.number(),
                    Stream::FlowsPrior {
                        block: (i << 8) | k,
                    }
                    .number(),
                    Stream::FlowsConflict {
                        conflict: i as usize,
                        block: k,
                    }
                    .number(),
                    Stream::Seatings {
                        plan: i,
                        rule: k,
                        block: k,
                    }
                    .number(),
                    Stream::Centres {
                        block: (i << 8) | k,
                    }
                    .number(),
                    Stream::ReplayCell {
                        draft: i as usize,
                        rule: ["present", "g4", "restraint", "two-negatives"][k as usize],
                    }
                    .number(),
                ] {
                    assert!(seen.insert(s), "stream {s:#x} used twice");
                }
            }
        }
    }
}

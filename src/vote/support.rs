//! Latent support: each state's mean support `mu_i` for a draft, from the alignment graph.
//!
//! `mu_i = b_kind + b_align * s_i + b_sponsor * [i sponsors] - b_target * [i is a target] + m_i`
//! (`m_i` the state's own effect, 0 where the model gives none), with
//! `s_i = mean_j in sponsors a_ij - mean_k in targets a_ik` (`a_ii = 1`; a term without known
//! sponsors or targets is 0). The agreements `a_ij` are read from the edges of the petgraph
//! alignment graph of the chosen window (default 2010-2019). A member's vote then adds the
//! draft's shared shock `eta_d` and its own noise `eps_i` (see [`crate::vote`]).

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{DraftSpec, ModelParams};
use crate::world::{AlignmentGraph, World};

/// Mean latent support of every state for one draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    /// `mu_i` for every state, indexed like `World::states`.
    pub mu: Vec<f64>,
    /// The alignment score `s_i` for every state.
    pub score: Vec<f64>,
}

impl Support {
    /// Computes `mu_i` and `s_i` for every state of `world`.
    ///
    /// `graph` must be the world's alignment graph (nodes in the order of `world.states`);
    /// sponsors and targets must be member states (as [`DraftSpec`] guarantees).
    ///
    /// # Complexity
    /// O((sponsors + targets) · n) for n states: one walk over each named state's edges.
    pub fn new(
        world: &World,
        graph: &AlignmentGraph,
        params: &ModelParams,
        draft: &DraftSpec,
    ) -> Support {
        let n = world.states.len();
        let mean_agreement = |codes: &[String]| -> Vec<f64> {
            let mut sum = vec![0.0; n];
            let mut count = 0usize;
            for code in codes {
                let Some(j) = world.state_index(code) else {
                    continue;
                };
                count += 1;
                sum[j] += 1.0; // a_jj = 1
                for edge in graph.graph.edges(NodeIndex::new(j)) {
                    let other = if edge.source().index() == j {
                        edge.target()
                    } else {
                        edge.source()
                    };
                    sum[other.index()] += edge.weight().agreement;
                }
            }
            if count > 0 {
                sum.iter_mut().for_each(|s| *s /= count as f64);
            }
            sum
        };
        let with_sponsors = mean_agreement(&draft.sponsors);
        let with_targets = mean_agreement(&draft.targets);
        let base = params.intercept_of(draft.kind);
        let mut mu = Vec::with_capacity(n);
        let mut score = Vec::with_capacity(n);
        for (i, state) in world.states.iter().enumerate() {
            let s = with_sponsors[i] - with_targets[i];
            let mut m = base + params.align * s + params.member_of(&state.code);
            if draft.sponsors.contains(&state.code) {
                m += params.sponsor;
            }
            if draft.targets.contains(&state.code) {
                m -= params.target;
            }
            score.push(s);
            mu.push(m);
        }
        Support { mu, score }
    }
}

//! The vote model: how a member votes on a draft, given its alignments.
//!
//! Each member `i` of a body voting on draft `d` has a latent support
//! ```text
//! U_i = b_kind + b_align * s_i + b_sponsor * [i sponsors d] - b_target * [i is a target of d] + m_i + eta_d + eps_i
//! s_i = mean over sponsors j of a_ij  -  mean over targets k of a_ik        (a_ii = 1)
//! eta_d ~ Normal(0, sigma_draft^2), shared by every member; eps_i ~ Normal(0, 1), independent
//! ```
//! (`m_i` the member's own effect, 0 for a state the model gives none) and votes yes if `U_i > 0`, abstains if `-c_i < U_i <= 0`, votes no if `U_i <= -c_i`, with
//! `c_i = cut_permanent` on a permanent seat and `cut_elected` on any other (an ordered probit
//! with a draft-level random effect). The model has no absences: every seated member votes.
//!
//! [`params`] reads the parameters (embedded defaults in `data/model/default.yaml`, each with
//! its source), [`draft`] the drafts (by symbol from the veto record, or a YAML spec), and
//! [`support`] computes `mu_i = U_i - eta_d - eps_i` for every state from the alignment graph.
//! [`vote_probabilities`] gives a member's chances given the shared shock, the basis of the
//! exact path of the vote engine.

pub mod draft;
pub mod params;
pub mod support;

pub use draft::{DraftSpec, parse_draft_spec};
pub use params::{ModelParams, parse_params, parse_params_for};
pub use support::Support;

/// The standard normal distribution function `Phi(x)`, from [`crate::numerics`].
pub use crate::numerics::phi;

/// A member's probabilities of voting yes, abstaining and voting no, given its mean support
/// `mu`, the draft's shock `eta` and its cut-point `cut`.
///
/// ```
/// let [yes, abstain, no] = veto_sim::vote::vote_probabilities(0.0, 0.0, 1.0);
/// assert!((yes - 0.5).abs() < 1e-12);
/// assert!((yes + abstain + no - 1.0).abs() < 1e-12);
/// ```
pub fn vote_probabilities(mu: f64, eta: f64, cut: f64) -> [f64; 3] {
    let m = mu + eta;
    let yes = phi(m);
    let no = phi(-cut - m);
    [yes, (1.0 - yes - no).max(0.0), no]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_matches_reference_values() {
        assert!((phi(0.0) - 0.5).abs() < 1e-15);
        assert!((phi(1.959963984540054) - 0.975).abs() < 1e-10);
        assert!((phi(-3.0) - 0.001_349_898_031_630_1).abs() < 1e-11);
    }

    #[test]
    fn larger_cut_widens_abstention() {
        let narrow = vote_probabilities(-0.5, 0.1, 0.5);
        let wide = vote_probabilities(-0.5, 0.1, 1.5);
        assert_eq!(narrow[0], wide[0]);
        assert!(wide[1] > narrow[1] && wide[2] < narrow[2]);
    }
}

//! UN-run asylum centres in the region (`veto-sim centres`): for a year's would-be travellers
//! from an origin, where the centres would stand, how many would apply there instead of
//! travelling, who would be recognised and resettled by a distribution key, who would be
//! rejected and returned or stay, and the journeys, deaths and smugglers' fees avoided.
//!
//! - [`tables`]: the derived tables it reads (applications, decisions, resettlement,
//!   languages, armed conflict by territory), compiled into the binary.
//! - [`priors`]: the declared priors (uptake, return, deaths, fees), each with its interval
//!   and source.
//! - [`sites`]: the candidate sites, ranked by language, proximity and capacity.
//! - [`model`]: the chain from travellers to outcomes, by Monte Carlo over the priors.
//! - [`plan`]: centre plans, files that sweep uptake × protection rate × key.
//!
//! The command's front door is [`crate::api::centres`]; the resettlement plan is the
//! distribution key's ([`crate::flows::keys::allocate`]), unchanged.

pub mod model;
pub mod plan;
pub mod priors;
pub mod sites;
pub mod tables;

//! veto-sim: what would reforming the UN Security Council veto change?
//!
//! The library holds every part; the `veto-sim` binary only parses arguments, calls it and
//! maps errors to exit codes. Data flows one way: the data build ([`databuild`]) derives the
//! embedded world ([`world`]: states, alignment graph, councils, veto record, conflicts) from
//! raw public files; voting rules ([`rules`]) feed the exact power indices ([`power`]).
//! [`api`] is the front door: one function per command, returning its report; [`report`]
//! renders every result; [`cli`] is the command line.

pub mod api;
pub mod calibrate;
pub mod centres;
pub mod charts;
pub mod cli;
pub mod databuild;
pub mod engine;
pub mod error;
pub mod fit;
pub mod flows;
pub mod input;
pub mod io;
pub mod numerics;
pub mod numfmt;
pub mod output;
pub mod power;
pub mod progress;
pub mod random;
pub mod replay;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod sweep;
pub mod table;
pub mod vote;
pub mod world;
pub mod yaml;

pub use error::{Error, Result};

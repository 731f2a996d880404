//! The `veto-sim` command: parse, run the library, map errors to exit codes
//! (0 success, 1 runtime failure, 2 bad input or usage).

use std::process::ExitCode;

use clap::Parser;
use veto_sim::cli::{Cli, run};

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with code 2.
    let cli = Cli::parse();
    match run(cli).map_err(anyhow::Error::from) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            let code = error
                .downcast_ref::<veto_sim::Error>()
                .map_or(1, veto_sim::Error::exit_code);
            ExitCode::from(code as u8)
        }
    }
}

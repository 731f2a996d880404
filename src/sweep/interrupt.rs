//! What Ctrl-C on a running sweep says: the finished cells are kept, and the exact command
//! that completes the folder with `--resume`.
//!
//! Each finished cell's row is already in the folder's partial file when the signal comes
//! (rows are appended as cells finish), so the handler only has to say how to go on, then
//! end the process as an interrupt would (exit code 130).

use std::path::Path;

/// Installs the Ctrl-C handler for a sweep writing into `out`. A second installation in the
/// same process is ignored (the first handler already says the same).
pub fn say_how_to_resume(out: &Path) {
    let command = resume_command(std::env::args());
    let out = out.display().to_string();
    let _ = ctrlc::set_handler(move || {
        eprintln!(
            "\ninterrupted: the cells finished so far are kept in {out}; to complete it, run:\n  {command}"
        );
        std::process::exit(130);
    });
}

/// The command line `args` (the program first) with `--resume` added if it is missing,
/// quoted for a POSIX shell.
pub fn resume_command(args: impl IntoIterator<Item = String>) -> String {
    let mut words: Vec<String> = args.into_iter().collect();
    if !words.iter().any(|w| w == "--resume") {
        words.push("--resume".into());
    }
    words
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `word` as a shell reads it back unchanged: bare when it holds only safe characters, else in
/// single quotes.
fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,@%+".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resume_command_repeats_the_run_with_resume() {
        let args = [
            "veto-sim",
            "sweep",
            "my sweep.yaml",
            "--out",
            "o",
            "--seed",
            "3",
        ];
        assert_eq!(
            resume_command(args.map(String::from)),
            "veto-sim sweep 'my sweep.yaml' --out o --seed 3 --resume"
        );
        let again = ["veto-sim", "sweep", "s.yaml", "--resume", "--out", "o"];
        assert_eq!(
            resume_command(again.map(String::from)),
            "veto-sim sweep s.yaml --resume --out o"
        );
    }
}

//! `veto-sim completions SHELL` prints a completion script that knows the commands, and
//! `veto-sim man` prints a roff manual page.

use std::process::Command;

fn stdout(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_for_each_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for command in ["replay", "distribute", "calibrate", "completions"] {
            assert!(
                script.contains(command),
                "{shell} completions lack `{command}`"
            );
        }
        assert!(script.contains("columns"), "{shell}: options too");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"));
}

#[test]
fn man_page_is_roff_with_the_commands() {
    let page = stdout(&["man"]);
    // clap_mangen opens with two lines defining the apostrophe string, then the title.
    let title = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(title.starts_with(".TH veto-sim"), "{title}");
    assert!(page.starts_with(".TH") || page.lines().take(3).any(|l| l.starts_with(".TH")));
    for part in [
        ".SH NAME",
        ".SH SYNOPSIS",
        "replay",
        "distribute",
        "completions",
    ] {
        assert!(page.contains(part), "man page lacks `{part}`");
    }
}

//! Where results go: the one way every file the program produces is written.
//!
//! A path the user names for output can be many things, and each is treated as the user
//! means it:
//! - `-` is standard output;
//! - a symbolic link is followed, and its target is replaced (atomically, in the target's own
//!   folder), so the link stays a link;
//! - something that is not a regular file (a device such as `/dev/null` or `/dev/full`, a
//!   named pipe, `/dev/stdout`) is written through directly, as a shell redirection would;
//! - a folder is an error that says so;
//! - anything else is written to a temporary file in the same folder and renamed, so a reader
//!   never sees a half-written file.
//!
//! Errors are said once, in words, about the path the user gave (never the temporary file's).

use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::error::plain;
use crate::error::{Error, Result};
use crate::io::write_atomic;

/// How a path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Standard output (`-`).
    Stdout,
    /// Opened and written in place: devices, pipes and the like.
    Direct(PathBuf),
    /// A regular file (existing or not) replaced through a temporary file and a rename.
    Atomic(PathBuf),
}

/// Writes `bytes` to the output path `path` (see the module docs for what each kind of path
/// means).
///
/// # Errors
/// [`Error::Usage`] when `path` is a folder or sits in a folder that does not exist;
/// [`Error::Runtime`] when writing fails (no space, no permission...). Either names `path`.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    match target(path)? {
        Target::Stdout => to_stdout(bytes),
        Target::Direct(p) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(|e| cannot_write(path, &e))?;
            file.write_all(bytes)
                .and_then(|()| file.flush())
                .map_err(|e| cannot_write(path, &e))
        }
        Target::Atomic(p) => atomic(path, &p, bytes),
    }
}

/// Writes `bytes` to standard output; a closed pipe (`| head`) is not a failure.
///
/// # Errors
/// [`Error::Runtime`] when standard output cannot be written (a full disk...).
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(bytes).and_then(|()| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Runtime(format!(
            "cannot write to standard output: {}",
            plain(&e)
        ))),
        Ok(()) => Ok(()),
    }
}

/// Checks, before any work, that `path` can be written as [`write`] would write it, so that a
/// long computation does not end on a path that was never usable: a folder, a missing folder,
/// a file in the way or a folder that refuses a new file give the message the write would
/// give. Standard output, devices and pipes are not checked (opening a pipe would block).
///
/// # Errors
/// As [`write`].
pub fn check(path: &Path) -> Result<()> {
    match target(path)? {
        Target::Stdout | Target::Direct(_) => Ok(()),
        Target::Atomic(real) => {
            let folder = parent(&real);
            if !folder.is_dir() {
                return Err(cannot_write(
                    path,
                    &std::io::Error::from(std::io::ErrorKind::NotFound),
                ));
            }
            probe(folder).map_err(|e| cannot_write(path, &e))
        }
    }
}

/// Checks, before any work, that `dir` can be an output folder: [`check_folder`], and the
/// folder (or, when it is still to be made, its nearest existing parent) takes a new file.
///
/// # Errors
/// [`Error::Usage`] naming a file in the way; [`Error::Runtime`] naming `dir` when nothing
/// can be written there.
pub fn check_out_folder(dir: &Path) -> Result<()> {
    check_folder(dir)?;
    let Some(existing) = dir
        .ancestors()
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| a.is_dir())
    else {
        return Ok(());
    };
    probe(existing).map_err(|e| {
        use std::io::ErrorKind as K;
        let why = match e.kind() {
            K::PermissionDenied => format!(
                "no permission to write there (in the folder {})",
                existing.display()
            ),
            K::ReadOnlyFilesystem => "the file system is read-only".into(),
            _ => plain(&e),
        };
        Error::Runtime(format!("cannot write {}: {why}", dir.display()))
    })
}

/// Makes and removes a temporary file in `folder`: whether the write's own first step works.
fn probe(folder: &Path) -> std::io::Result<()> {
    tempfile::Builder::new()
        .prefix(".veto-sim-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map(drop)
}

/// Makes sure the output folder `dir` exists (creating it and its parents as needed).
///
/// # Errors
/// [`Error::Usage`] when `dir` (or one of its parents) is a file; [`Error::Runtime`] when it
/// cannot be created.
pub fn folder(dir: &Path) -> Result<()> {
    check_folder(dir)?;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))
}

/// Checks, before any work, that `dir` can be an output folder: it is one, or nothing is in
/// its way (no file stands at it or at one of its parents).
///
/// # Errors
/// [`Error::Usage`] naming the file in the way.
pub fn check_folder(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(Error::Usage(format!(
            "cannot write {}: it is a file, not a folder",
            dir.display()
        )));
    }
    if let Some(file) = dir.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(Error::Usage(format!(
            "cannot write {}: {} is a file, not a folder",
            dir.display(),
            file.display()
        )));
    }
    Ok(())
}

/// The error for a failure to write `path` (the path the user gave): one sentence, the
/// reason in words. A missing or wrong folder is bad input (exit 2); the rest exit 1.
pub fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    let shown = path.display();
    let folder = parent(path);
    let usage = |why: String| Error::Usage(format!("cannot write {shown}: {why}"));
    if path.is_dir() {
        return usage("it is a folder".into());
    }
    // The folder's state explains most failures better than the OS error does.
    if !folder.is_dir() {
        return match folder.ancestors().find(|a| a.is_file()) {
            Some(file) => usage(format!("{} is a file, not a folder", file.display())),
            None => usage(format!("the folder {} does not exist", folder.display())),
        };
    }
    match e.kind() {
        K::NotADirectory => usage("a part of the path is not a folder".into()),
        K::IsADirectory => usage("it is a folder".into()),
        K::PermissionDenied => Error::Runtime(format!(
            "cannot write {shown}: no permission to write there (in the folder {})",
            folder.display()
        )),
        K::StorageFull => {
            Error::Runtime(format!("cannot write {shown}: no space left on the device"))
        }
        K::ReadOnlyFilesystem => Error::Runtime(format!(
            "cannot write {shown}: the file system is read-only"
        )),
        _ => Error::Runtime(format!("cannot write {shown}: {}", plain(e))),
    }
}

/// The folder a path sits in (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Decides how `path` is written.
fn target(path: &Path) -> Result<Target> {
    if path.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    // The kernel's own files (`/dev/stdout` links to `/proc/self/fd/1`, which may name a
    // pipe or a file the shell opened, perhaps for appending) are never replaced.
    if is_system(path) {
        return Ok(Target::Direct(path.to_path_buf()));
    }
    let real = follow_links(path);
    if is_system(&real) {
        return Ok(Target::Direct(path.to_path_buf()));
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_dir() => Err(Error::Usage(format!(
            "cannot write {}: it is a folder",
            path.display()
        ))),
        Ok(m) if !m.is_file() => Ok(Target::Direct(path.to_path_buf())),
        _ => Ok(Target::Atomic(real)),
    }
}

fn is_system(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// The path a chain of symbolic links ends at (the path itself when it is not a link); a
/// dangling link gives the path it points to, so the file is created there.
fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A loop of links is left to the write, which reports it.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&current) {
                Ok(to) if to.is_absolute() => current = to,
                Ok(to) => current = parent(&current).join(to),
                Err(_) => break,
            },
            _ => break,
        }
    }
    current
}

/// Replaces the regular file `real` (which `shown` names, through links or not) with `bytes`
/// atomically, wording a failure about `shown`.
fn atomic(shown: &Path, real: &Path, bytes: &[u8]) -> Result<()> {
    if !parent(real).is_dir() {
        return Err(cannot_write(
            shown,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    write_atomic(real, bytes).map_err(|e| cannot_write(shown, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dash_is_standard_output_and_a_folder_is_refused() {
        assert_eq!(target(Path::new("-")).unwrap(), Target::Stdout);
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().ends_with(": it is a folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through_and_links_followed() {
        assert_eq!(
            target(Path::new("/dev/null")).unwrap(),
            Target::Direct("/dev/null".into())
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }

    #[test]
    fn messages_drop_the_os_number() {
        let e = std::io::Error::from_raw_os_error(16);
        assert!(!plain(&e).contains("os error"), "{}", plain(&e));
    }
}

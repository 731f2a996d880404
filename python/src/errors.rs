//! The library's errors as the Python exceptions of `veto_sim.errors`: one class per kind,
//! with the message the command line prints after `error: ` and, for bad input, where it sits.

use pyo3::prelude::*;
use veto_sim::Error;

/// The Python exception for `error`.
pub fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    match exception(py, error) {
        Ok(err) => err,
        // The package's own module failed to import: say so rather than lose the error.
        Err(import) => import,
    }
}

fn exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let classes = py.import("veto_sim.errors")?;
    let message = error.to_string();
    let instance = match error {
        Error::Input { place, .. } => classes.getattr("InputError")?.call1((
            message,
            place.file.clone(),
            place.line,
            place.column,
            place.key.clone(),
        ))?,
        Error::Usage(_) => classes.getattr("UsageError")?.call1((message,))?,
        Error::Io { path, .. } => classes
            .getattr("IoError")?
            .call1((message, path.display().to_string()))?,
        Error::Runtime(_) => classes.getattr("RuntimeFailure")?.call1((message,))?,
        // Raised as KeyboardInterrupt by the caller; only reached if the library stops itself.
        Error::Interrupted => {
            return Ok(pyo3::exceptions::PyKeyboardInterrupt::new_err(message));
        }
    };
    Ok(PyErr::from_value(instance))
}

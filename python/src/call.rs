//! Runs one library call off the Python thread: the GIL is released while it works, Python's
//! signal handlers run every [`POLL`] so Ctrl-C stops it (through
//! [`veto_sim::api::Progress::cancelled`]) and raises `KeyboardInterrupt`, and the progress it
//! reports reaches a Python callback at most once per [`POLL`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use veto_sim::api::Progress;

/// How often signals are checked and progress passed on.
const POLL: Duration = Duration::from_millis(100);

/// How long a cancelled call is given to stop at its next unit of work before it is left to
/// finish on its own (calls that report no progress cannot be stopped).
const GRACE: Duration = Duration::from_secs(2);

/// The main thread's stack size, which the library's deepest recursion is sized for.
const STACK: usize = 8 << 20;

/// The progress a call has reported, read by the polling Python thread.
pub struct Watch {
    /// The current phase and its total units (0: unknown).
    phase: Mutex<(&'static str, u64)>,
    done: AtomicU64,
    cancel: AtomicBool,
}

impl Watch {
    fn new(label: &'static str) -> Watch {
        Watch {
            phase: Mutex::new((label, 0)),
            done: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
        }
    }

    fn snapshot(&self) -> (&'static str, u64, u64) {
        let (name, total) = *self.phase.lock().unwrap_or_else(|p| p.into_inner());
        (name, self.done.load(Ordering::Relaxed), total)
    }
}

impl Progress for Watch {
    fn phase(&self, name: &'static str, total: u64) {
        *self.phase.lock().unwrap_or_else(|p| p.into_inner()) = (name, total);
        self.done.store(0, Ordering::Relaxed);
    }
    fn inc(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What the worker thread sends back: the call's result, or a panic's message.
type Outcome<T> = Result<veto_sim::Result<T>, String>;

/// Runs `work` on its own thread with the GIL released; `label` names the work while it
/// reports no phase of its own. `progress(phase, done, total)` is called from this thread
/// with the GIL held, at most once per [`POLL`] and once at the end.
///
/// # Errors
/// The library's error as a `veto_sim` exception, `KeyboardInterrupt` on Ctrl-C, a
/// `veto_sim.Error` for a panic (the interpreter never sees one), or the callback's exception.
pub fn run<T: Send + 'static>(
    py: Python<'_>,
    label: &'static str,
    progress: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&Watch) -> veto_sim::Result<T> + Send + 'static,
) -> PyResult<T> {
    let watch = Arc::new(Watch::new(label));
    let (send, receive) = mpsc::channel::<Outcome<T>>();
    let worker_watch = Arc::clone(&watch);
    std::thread::Builder::new()
        .name("veto-sim".into())
        .stack_size(STACK)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| work(&worker_watch)))
                .map_err(|payload| panic_message(payload.as_ref()));
            // The caller may have gone (interrupted): nothing is left to tell.
            let _ = send.send(outcome);
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
    // Waiting happens with the GIL released, which asks for a receiver shareable by threads.
    let receive = Mutex::new(receive);
    let wait = |limit| {
        receive
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv_timeout(limit)
    };
    let mut shown = None;
    loop {
        match py.detach(|| wait(POLL)) {
            Ok(outcome) => {
                if let Some(callback) = progress {
                    let (name, done, total) = watch.snapshot();
                    callback.call1((name, done.max(total), total))?;
                }
                return match outcome {
                    Ok(Ok(value)) => Ok(value),
                    Ok(Err(veto_sim::Error::Interrupted)) => {
                        Err(pyo3::exceptions::PyKeyboardInterrupt::new_err(()))
                    }
                    Ok(Err(error)) => Err(crate::errors::to_py(py, &error)),
                    Err(message) => Err(crate::errors::to_py(
                        py,
                        &veto_sim::Error::Runtime(format!("internal error: {message}")),
                    )),
                };
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let polled = py.check_signals().and_then(|()| {
                    let now = watch.snapshot();
                    match progress {
                        Some(callback) if shown != Some(now) => {
                            shown = Some(now);
                            callback.call1(now).map(drop)
                        }
                        _ => Ok(()),
                    }
                });
                if let Err(stop) = polled {
                    watch.cancel.store(true, Ordering::Relaxed);
                    // Wait for the engine to stop at its next unit, so the cores are free
                    // again when the exception arrives.
                    let _ = py.detach(|| wait(GRACE));
                    return Err(stop);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "the veto-sim worker thread ended without a result",
                ));
            }
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

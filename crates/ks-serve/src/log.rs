//! serve's stderr, written without ever blocking a worker.
//!
//! A log reader that stops reading (a terminal paused with Ctrl-S, a CI step that pipes
//! stderr to a process that is busy, a pipe nobody reads) fills the pipe; a worker that then
//! writes blocks, and with it every connection on that worker: about 375 failed calls of
//! ~170 bytes filled a 64 KiB pipe and stalled the whole server. So workers hand their lines
//! to one writer thread through a bounded queue, and a line that finds the queue full is
//! dropped and counted. When the writer gets through again (the pipe drains) it says how many
//! lines were lost; GET /ksdiag/requests reports the count too (header
//! `X-Ksdiag-Stderr-Dropped`, and `"stderr": "dropped"` on the calls whose line was lost).

use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

/// Lines waiting for the writer at most; more are dropped and counted.
pub const QUEUE_LINES: usize = 1024;

/// The writer's end and the counts.
struct Log {
    tx: SyncSender<String>,
    /// Dropped since the writer last reported (the writer takes it to 0).
    pending: AtomicU64,
    /// Dropped since the server started.
    total: AtomicU64,
    /// Queued and not yet written (for [`flush`] at shutdown).
    queued: AtomicU64,
}

static LOG: OnceLock<Log> = OnceLock::new();

fn log() -> &'static Log {
    LOG.get_or_init(|| {
        let (tx, rx) = sync_channel(QUEUE_LINES);
        // Without the thread (it could not start) the queue is disconnected: lines are
        // counted as dropped, never written from a worker.
        let _ = std::thread::Builder::new()
            .name("ksdiag-stderr".into())
            .spawn(move || writer(rx));
        Log {
            tx,
            pending: AtomicU64::new(0),
            total: AtomicU64::new(0),
            queued: AtomicU64::new(0),
        }
    })
}

/// The writer thread: blocks on stderr so that nobody else has to.
fn writer(rx: Receiver<String>) {
    let mut err = std::io::stderr();
    for line in rx {
        // Lost lines are reported before the first line written after them: the moment the
        // pipe drains.
        if let Some(l) = LOG.get() {
            let lost = l.pending.swap(0, Ordering::Relaxed);
            if lost > 0 {
                let _ = writeln!(
                    err,
                    "ksdiag serve: {lost} stderr line(s) dropped: stderr was not read (GET /ksdiag/requests has every call)"
                );
            }
        }
        let _ = writeln!(err, "{line}");
        if let Some(l) = LOG.get() {
            l.queued.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Queues `line` for stderr; false when it was dropped (the reader is behind).
pub fn line(line: String) -> bool {
    let l = log();
    l.queued.fetch_add(1, Ordering::Relaxed);
    match l.tx.try_send(line) {
        Ok(()) => true,
        Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
            l.queued.fetch_sub(1, Ordering::Relaxed);
            l.pending.fetch_add(1, Ordering::Relaxed);
            l.total.fetch_add(1, Ordering::Relaxed);
            false
        }
    }
}

/// Lines dropped since the server started.
pub fn dropped() -> u64 {
    LOG.get().map_or(0, |l| l.total.load(Ordering::Relaxed))
}

/// Waits (at most `limit`) for the queued lines to be written: at shutdown, so that the last
/// lines are not lost when the process exits, and never forever when nobody reads stderr.
pub fn flush(limit: std::time::Duration) {
    let Some(l) = LOG.get() else { return };
    let start = std::time::Instant::now();
    while l.queued.load(Ordering::Relaxed) > 0 && start.elapsed() < limit {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

//! Runs the user's program for `ksdiag check`: stdin in, stdout and stderr out, a time limit
//! (`wait-timeout`: SIGCHLD on Unix, the process handle on Windows, no polling), and no
//! deadlock however much either side writes. On Unix the program runs in its own process
//! group, stopped with what it started at the limit and when ksdiag is interrupted.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use wait_timeout::ChildExt;

/// At most this much of stdout or stderr is kept per run.
const KEEP: u64 = 16 << 20;

/// What one run of the program did.
pub struct Ran {
    /// `None` when it was stopped at the time limit.
    pub status: Option<ExitStatus>,
    /// What it wrote on stdout (at most 16 MiB are kept).
    pub stdout: Vec<u8>,
    /// What it wrote on stderr (at most 16 MiB are kept).
    pub stderr: Vec<u8>,
}

/// What a reader thread has read so far; `done` once the stream ended.
#[derive(Default)]
struct Sink {
    bytes: Vec<u8>,
    done: bool,
}

type Shared = Arc<(Mutex<Sink>, Condvar)>;

fn reader(mut r: impl Read + Send + 'static) -> Shared {
    let shared: Shared = Arc::default();
    let out = shared.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            let n = match r.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut sink = out.0.lock().unwrap_or_else(|e| e.into_inner());
            // Past KEEP, keep draining so the program never blocks on a full pipe.
            let room = (KEEP as usize).saturating_sub(sink.bytes.len());
            sink.bytes.extend_from_slice(&chunk[..n.min(room)]);
        }
        out.0.lock().unwrap_or_else(|e| e.into_inner()).done = true;
        out.1.notify_all();
    });
    shared
}

/// What was read by `deadline`: all of it when the stream ended in time, else what came so
/// far (a grandchild that keeps the pipe open must not hang us).
fn collect(s: Option<Shared>, deadline: Instant) -> Vec<u8> {
    let Some(s) = s else { return Vec::new() };
    let mut sink = s.0.lock().unwrap_or_else(|e| e.into_inner());
    while !sink.done {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        sink =
            s.1.wait_timeout(sink, left)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
    }
    std::mem::take(&mut sink.bytes)
}

/// Stops the program and, on Unix, every process it started (its own process group).
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The process groups of the programs running now: stopped when ksdiag is interrupted, since
/// a terminal's Ctrl-C reaches only the foreground group, ksdiag's, not theirs.
#[cfg(unix)]
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// On SIGINT or SIGTERM: stop every running program with what it started, then exit as a
/// process killed by that signal would (130, 143). Installed once, at the first run.
#[cfg(unix)]
fn stop_all_on_interrupt() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        let Ok(rt) = rt else { return };
        // The handlers are installed here, before any program starts.
        let signals = rt.block_on(async {
            use tokio::signal::unix::{SignalKind, signal};
            Some((
                signal(SignalKind::interrupt()).ok()?,
                signal(SignalKind::terminate()).ok()?,
            ))
        });
        let Some((mut int, mut term)) = signals else {
            return;
        };
        std::thread::spawn(move || {
            let code = rt.block_on(async {
                tokio::select! {
                    _ = int.recv() => 130,
                    _ = term.recv() => 143,
                }
            });
            for pgid in RUNNING.lock().unwrap_or_else(|e| e.into_inner()).iter() {
                if let Some(pid) = rustix::process::Pid::from_raw(*pgid) {
                    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
                }
            }
            std::process::exit(code);
        });
    });
}

/// A process group in [`RUNNING`] while its program runs.
#[cfg(unix)]
struct Running(i32);

#[cfg(unix)]
impl Running {
    fn new(pgid: i32) -> Running {
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).push(pgid);
        Running(pgid)
    }
}

#[cfg(unix)]
impl Drop for Running {
    fn drop(&mut self) {
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p| *p != self.0);
    }
}

/// Runs `argv` with `env` added, `stdin` written to it (then closed), for at most `limit`.
///
/// # Errors
/// The program could not be started at all (not found, not executable, `argv` empty), or
/// waiting for it failed.
pub fn run(
    argv: &[String],
    env: &[(&str, &str)],
    stdin: &[u8],
    limit: Duration,
) -> std::io::Result<Ran> {
    run_without(argv, env, &[], stdin, limit)
}

/// [`run`], with the variables `remove` taken out of the environment it inherits.
pub fn run_without(
    argv: &[String],
    env: &[(&str, &str)],
    remove: &[&str],
    stdin: &[u8],
    limit: Duration,
) -> std::io::Result<Ran> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("no command given"))?;
    let mut command = Command::new(program);
    for name in remove {
        command.env_remove(name);
    }
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so that a hung program is stopped with what it started.
    #[cfg(unix)]
    {
        stop_all_on_interrupt();
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
    }
    let mut child = command.spawn()?;
    #[cfg(unix)]
    let _running = Running::new(child.id() as i32);
    if let Some(mut w) = child.stdin.take() {
        let input = stdin.to_vec();
        // A program that does not read its input closes the pipe early: not our error.
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let out = child.stdout.take().map(reader);
    let err = child.stderr.take().map(reader);
    let status = child.wait_timeout(limit)?;
    if status.is_none() {
        stop(&mut child);
    }
    let grace = Instant::now() + Duration::from_secs(2);
    Ok(Ran {
        status,
        stdout: collect(out, grace),
        stderr: collect(err, grace),
    })
}

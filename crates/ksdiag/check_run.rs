//! Runs the user's program for `ksdiag check`: stdin in, stdout and stderr out, a time limit,
//! and no deadlock however much either side writes.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// At most this much of stdout or stderr is kept per run.
const KEEP: u64 = 16 << 20;

/// What one run of the program did.
pub struct Ran {
    /// `None` when it was stopped at the time limit.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

fn reader(mut r: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut r).take(KEEP).read_to_end(&mut buf);
        // Drain the rest so the program never blocks on a full pipe.
        let _ = std::io::copy(&mut r, &mut std::io::sink());
        let _ = tx.send(buf);
    });
    rx
}

/// Runs `argv` with `env` added, `stdin` written to it (then closed), for at most `limit`.
/// An error means the program could not be started at all.
pub fn run(
    argv: &[String],
    env: &[(&str, &str)],
    stdin: &[u8],
    limit: Duration,
) -> std::io::Result<Ran> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("no command given"))?;
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut w) = child.stdin.take() {
        let input = stdin.to_vec();
        // A program that does not read its input closes the pipe early: not our error.
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let out = child.stdout.take().map(reader);
    let err = child.stderr.take().map(reader);
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break Some(s);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    // A grandchild that keeps the pipe open must not hang us: wait a little, then give up.
    let collect = |rx: Option<mpsc::Receiver<Vec<u8>>>| {
        rx.and_then(|rx| rx.recv_timeout(Duration::from_secs(2)).ok())
            .unwrap_or_default()
    };
    Ok(Ran {
        status,
        stdout: collect(out),
        stderr: collect(err),
    })
}

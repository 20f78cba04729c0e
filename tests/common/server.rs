//! Starts `ksdiag serve` on a free port and talks raw HTTP/1.1 to it (no HTTP client crate).
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../../crates/ks-serve/tests/common/flags.rs"]
mod flags;
#[allow(unused_imports)] // each test binary uses its own subset
pub use flags::{assert_no_flag, flags_in};

/// A running `ksdiag serve`.
pub struct Server {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The bound address.
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    /// The stderr pipe while nobody reads it ([`StderrReader::Never`]).
    unread: Option<std::process::ChildStderr>,
}

/// How the test reads the server's stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StderrReader {
    /// As fast as it comes.
    Eager,
    /// 512 bytes at a time, with this pause between reads: a log reader that falls behind.
    Slow(Duration),
    /// Not at all, until [`Server::read_stderr_now`]: a pipe nobody reads.
    Never,
}

fn read_into(
    mut err: std::process::ChildStderr,
    sink: Arc<Mutex<String>>,
    pause: Option<Duration>,
) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let chunk = if pause.is_some() { 512 } else { buf.len() };
        while let Ok(n) = err.read(&mut buf[..chunk]) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(p) = pause {
                std::thread::sleep(p);
            }
        }
    });
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl Server {
    /// Starts the server with `args` (and `--port 0`), waits for its line.
    pub fn start(args: &[&str]) -> Server {
        Server::start_reading(args, StderrReader::Eager)
    }

    /// Starts the server with `args`, its stderr read as `reader` says.
    pub fn start_reading(args: &[&str], reader: StderrReader) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ksdiag serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("a line");
        let url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        let addr: SocketAddr = url.trim_start_matches("http://").parse().expect("addr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let unread = match reader {
            StderrReader::Eager => {
                read_into(err, stderr.clone(), None);
                None
            }
            StderrReader::Slow(p) => {
                read_into(err, stderr.clone(), Some(p));
                None
            }
            StderrReader::Never => Some(err),
        };
        Server {
            child: Some(child),
            url,
            addr,
            stderr,
            unread,
        }
    }

    /// Starts reading a stderr that was [`StderrReader::Never`] read.
    pub fn read_stderr_now(&mut self) {
        if let Some(err) = self.unread.take() {
            read_into(err, self.stderr.clone(), None);
        }
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Stderr once it contains `needle` (the lines are read by a thread: wait up to 10 s).
    pub fn stderr_with(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.stderr();
            if text.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Sends `raw` bytes on a new connection and reads one answer (the server closes or
    /// `Connection: close` is in `raw`).
    pub fn raw(&self, raw: &[u8]) -> Answer {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(raw).expect("write");
        read_answer(&mut BufReader::new(s)).expect("an answer")
    }

    /// A request with `Connection: close`.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let a = self.raw(&encode(method, target, &self.host(), headers, body, true));
        assert_no_flag(target, a.header("content-type"), &a.body);
        a
    }

    pub fn host(&self) -> String {
        format!("localhost:{}", self.addr.port())
    }

    pub fn post_json(&self, path: &str, json: &str) -> Answer {
        self.request(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            json.as_bytes(),
        )
    }

    pub fn get(&self, target: &str) -> Answer {
        self.request("GET", target, &[], b"")
    }

    /// SIGTERM, then waits (10 s at most).
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let start = Instant::now();
        loop {
            if let Some(st) = child.try_wait().expect("wait") {
                return st;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("ksdiag serve did not stop within 10 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL, no grace.
    pub fn kill9(mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// An HTTP/1.1 request's bytes.
pub fn encode(
    method: &str,
    target: &str,
    host: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    close: bool,
) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if close {
        out.push_str("Connection: close\r\n");
    }
    if !body.is_empty() || method == "POST" {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Reads one HTTP/1.1 answer (Content-Length or chunked) from a connection.
pub fn read_answer(r: &mut impl BufRead) -> std::io::Result<Answer> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        r.read_exact(&mut body)?;
    } else if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0u8; n + 2];
            r.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// A keep-alive connection: many requests, one after another.
pub struct Conn {
    reader: std::io::BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        Conn {
            reader: std::io::BufReader::new(s.try_clone().unwrap()),
            writer: s,
            host: format!("localhost:{}", addr.port()),
        }
    }

    pub fn send(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let raw = encode(method, target, &self.host, headers, body, false);
        self.writer.write_all(&raw).expect("write");
        read_answer(&mut self.reader).expect("an answer")
    }

    pub fn post_json(&mut self, path: &str, json: &str) -> Answer {
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            json.as_bytes(),
        )
    }
}

/// Sends `raw` on a new connection; with `close_write`, half-closes after sending. Returns
/// the answer, or `None` when the server closed without one.
pub fn send_raw(addr: SocketAddr, raw: &[u8], close_write: bool) -> Option<Answer> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    // The server may answer (and close) before reading all of a large body.
    let _ = s.write_all(raw);
    if close_write {
        let _ = s.shutdown(std::net::Shutdown::Write);
    }
    read_answer(&mut BufReader::new(s)).ok()
}

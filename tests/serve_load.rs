//! Load and crashes: 200 concurrent clients run the whole flow with --state, each with its own
//! app token; every answer belongs to its request and every acknowledged add is in the state
//! file. Then kill -9 during adds: every answered add survives a restart, and the file is
//! always whole JSON. Both with stderr to a pipe read slowly; and a pipe nobody reads never
//! stops the server.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::{Conn, Server, StderrReader};
use ks_core::digest::{HashType, token_hash};
use std::collections::HashSet;
use std::sync::{Arc, Barrier, Mutex};

const SECRET: &str = "load-test-admin-secret";

fn admin_ks(c: &mut Conn) -> String {
    let a = c.post_json(
        "/api_v3/service/session/action/start",
        &format!(r#"{{"secret":"{SECRET}","partnerId":77,"type":2,"format":1}}"#),
    );
    serde_json::from_slice(&a.body).unwrap_or_else(|_| panic!("{}", a.text()))
}

fn add_token(c: &mut Conn, admin: &str, hash: &str, description: &str) -> (String, String) {
    let a = c.post_json(
        "/api_v3/service/apptoken/action/add",
        &format!(r#"{{"ks":"{admin}","appToken":{{"objectType":"KalturaAppToken","hashType":"{hash}","description":"{description}"}},"format":1}}"#),
    );
    let v = a.json();
    assert_eq!(
        v["description"], description,
        "an add answered with another client's token: {v}"
    );
    (
        v["id"].as_str().unwrap().to_string(),
        v["token"].as_str().unwrap().to_string(),
    )
}

fn state_ids(path: &std::path::Path) -> HashSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("state file is not whole JSON ({e}): {} bytes", text.len()));
    v["app_tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// An empty folder of its own for a `--state` file; the folder and the file's path.
fn fresh_state(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("ksdiag-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    (dir, state)
}

/// A server for partner 77 keeping its state in `state`, its stderr read slowly (512 bytes
/// every 20 ms: a log reader that falls behind).
fn with_state(state: &std::path::Path) -> Server {
    Server::start_reading(
        &[
            "--partner",
            &format!("77:{SECRET}"),
            "--state",
            state.to_str().unwrap(),
        ],
        StderrReader::Slow(std::time::Duration::from_millis(20)),
    )
}

#[test]
fn two_hundred_clients_run_the_whole_flow_with_state() {
    let (dir, state) = fresh_state("load");
    let s = with_state(&state);
    let addr = s.addr;
    let acked = Arc::new(Mutex::new(Vec::new()));
    let barrier = Arc::new(Barrier::new(200));
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let (acked, barrier) = (acked.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut c = Conn::open(addr);
                barrier.wait();
                let admin = admin_ks(&mut c);
                let hash = ["MD5", "SHA1", "SHA256", "SHA512"][i % 4];
                let (id, token) = add_token(&mut c, &admin, hash, &format!("client {i}"));
                acked.lock().unwrap().push(id.clone());
                let w = c
                    .post_json(
                        "/api_v3/service/session/action/startWidgetSession",
                        r#"{"widgetId":"_77","format":1}"#,
                    )
                    .json();
                let ks = w["ks"].as_str().unwrap().to_string();
                let ht: HashType = hash.parse().unwrap();
                // A wrong hash first (SHA1 of token + KS), then the right one.
                let wrong = token_hash(HashType::Sha1, &token, &ks);
                let a = c.post_json(
                    "/api_v3/service/apptoken/action/startSession",
                    &format!(
                        r#"{{"ks":"{ks}","id":"{id}","tokenHash":"{}","format":1}}"#,
                        wrong.as_str()
                    ),
                );
                assert_eq!(a.json()["code"], "INVALID_APP_TOKEN_HASH");
                assert!(
                    a.header("x-ksdiag-diagnosis")
                        .unwrap()
                        .contains("swapped_order"),
                    "{:?}",
                    a.header("x-ksdiag-diagnosis")
                );
                let right = token_hash(ht, &ks, &token);
                let a = c.post_json(
                    "/api_v3/service/apptoken/action/startSession",
                    &format!(
                        r#"{{"ks":"{ks}","id":"{id}","tokenHash":"{}","format":1}}"#,
                        right.as_str()
                    ),
                );
                let v = a.json();
                assert_eq!(
                    v["privileges"],
                    format!("sessionid:{id},apptoken:{id}"),
                    "an answer for another request: {v}"
                );
                let got = c
                    .post_json(
                        "/api_v3/service/apptoken/action/get",
                        &format!(r#"{{"ks":"{admin}","id":"{id}","format":1}}"#),
                    )
                    .json();
                assert_eq!(got["token"], token.as_str());
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client failed");
    }
    let on_disk = state_ids(&state);
    for id in acked.lock().unwrap().iter() {
        assert!(
            on_disk.contains(id),
            "acknowledged add {id} is not in the state file"
        );
    }
    assert_eq!(acked.lock().unwrap().len(), 200);
    let feed = s.get("/ksdiag/requests").json();
    assert_eq!(
        feed.as_array().unwrap().len(),
        500,
        "the feed keeps the newest 500"
    );
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kill_9_during_adds_loses_no_acknowledged_token() {
    let (dir, state) = fresh_state("kill");
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    for round in 0..3 {
        let s = with_state(&state);
        let addr = s.addr;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let (acked, stop) = (acked.clone(), stop.clone());
                std::thread::spawn(move || {
                    let Ok(mut c) = std::panic::catch_unwind(|| Conn::open(addr)) else {
                        return;
                    };
                    // The server may be killed before this writer got its admin KS.
                    let Ok(admin) =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| admin_ks(&mut c)))
                    else {
                        return;
                    };
                    let mut n = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        // Once the server dies, reads fail: stop quietly (only answered adds count).
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            add_token(&mut c, &admin, "SHA256", &format!("r{round} w{w} n{n}"))
                        }));
                        match r {
                            Ok((id, _)) => acked.lock().unwrap().push(id),
                            Err(_) => return,
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        // Kill while adds are in flight: once a few were answered this round (a busy machine
        // may need longer than a quiet one to get there), or after 10 s at the most.
        let before = acked.lock().unwrap().len();
        let t0 = std::time::Instant::now();
        while acked.lock().unwrap().len() < before + 8
            && t0.elapsed() < std::time::Duration::from_secs(10)
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        s.kill9();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for w in writers {
            let _ = w.join();
        }
        let on_disk = state_ids(&state);
        for id in acked.lock().unwrap().iter() {
            assert!(
                on_disk.contains(id),
                "round {round}: answered add {id} lost after kill -9"
            );
        }
    }
    assert!(
        acked.lock().unwrap().len() > 10,
        "too few adds to prove anything"
    );
    // A restart reads them all back and serves them.
    let s = with_state(&state);
    let mut c = Conn::open(s.addr);
    let admin = admin_ks(&mut c);
    for id in acked.lock().unwrap().iter().take(20) {
        let v = c
            .post_json(
                "/api_v3/service/apptoken/action/get",
                &format!(r#"{{"ks":"{admin}","id":"{id}","format":1}}"#),
            )
            .json();
        assert_eq!(v["id"], id.as_str());
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(s.stop().success());
    eprintln!(
        "answered adds: {}; files in the state folder: {leftovers:?}",
        acked.lock().unwrap().len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stderr_pipe_nobody_reads_never_stops_the_server() {
    // Regression: ~375 failed calls filled the 64 KiB pipe, and every connection stalled.
    let mut s = Server::start_reading(&["--partner", &format!("77:{SECRET}")], StderrReader::Never);
    let addr = s.addr;
    let start = std::time::Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let mut c = Conn::open(addr);
                for n in 0..500 {
                    // A failed call (a stderr line of ~170 bytes) each time.
                    let a = c.post_json(
                        "/api_v3/service/apptoken/action/get",
                        &format!(r#"{{"id":"0_client{i}call{n}","format":1}}"#),
                    );
                    assert_eq!(a.json()["code"], "SERVICE_FORBIDDEN");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client failed");
    }
    // 4000 lines are far more than the pipe and the queue hold; all were answered.
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "4000 calls took {:?}",
        start.elapsed()
    );
    let feed = s.get("/ksdiag/requests");
    let dropped: u64 = feed
        .header("x-ksdiag-stderr-dropped")
        .unwrap()
        .parse()
        .unwrap();
    assert!(dropped > 2000, "dropped {dropped}");
    let items = feed.json();
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["stderr"] == "dropped"),
        "no call says its line was dropped"
    );
    // Read at last: the writer gets through and says how many were lost.
    s.read_stderr_now();
    // The queue is still full until the writer takes its first line, which it does just
    // before it reports the loss: a call made before that would find no room (and be dropped,
    // as it should). So wait for the report, then make the call.
    let _ = s.stderr_with("stderr line(s) dropped");
    let _ = s.get("/the-call-after-the-drain");
    let err = s.stderr_with("/the-call-after-the-drain");
    assert!(
        err.contains("stderr line(s) dropped: stderr was not read"),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(
        err.contains("GET /the-call-after-the-drain refused"),
        "the line after the drain is written"
    );
    assert!(s.stop().success());
}

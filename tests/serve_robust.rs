//! Bad input never crashes or hangs `ksdiag serve`: each malformed request gets a
//! Kaltura-shaped error (HTTP 200, as Kaltura answers) or a clean HTTP error, while a
//! keep-alive client keeps being served, and a client that stalls mid-headers is cut off.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::{Conn, Server, encode, send_raw};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// HTTP 200 with a KalturaAPIException in JSON, XML or PHP form.
    Kaltura,
    /// A 4xx status.
    Http,
    /// A Kaltura error, a 4xx, or the connection closed with nothing (a half-sent request).
    AnyClean,
}

fn kaltura_error(a: &common::server::Answer) -> bool {
    let t = a.text();
    a.status == 200
        && (t.contains("<error><objectType>KalturaAPIException")
            || t.contains("\"objectType\":\"KalturaAPIException\"")
            || t.contains("s:19:\"KalturaAPIException\""))
}

fn cases(host: &str) -> Vec<(&'static str, Vec<u8>, bool, Expect)> {
    let post = |path: &str, ct: &str, body: &[u8]| {
        encode("POST", path, host, &[("Content-Type", ct)], body, true)
    };
    let get = |target: &str| encode("GET", target, host, &[], b"", true);
    let ss = "/api_v3/service/apptoken/action/startSession";
    let sw = "/api_v3/service/session/action/startWidgetSession";
    let json = "application/json";
    let mut big = vec![b'x'; 1024 * 1024 + 1];
    big[0] = b'{';
    let mut chunked = format!("POST {ss} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n").into_bytes();
    for _ in 0..40 {
        chunked.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
        chunked.extend(std::iter::repeat_n(b'a', 64 * 1024));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut half = format!("POST {ss} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n").into_bytes();
    half.extend_from_slice(br#"{"ks":"abc","#);
    let nested = format!("{}{}", "{\"a\":".repeat(5000), "1");
    let random_ks = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ"; // base64 of noise
    vec![
        ("bad JSON: truncated", post(ss, json, br#"{"ks":"#), false, Expect::Kaltura),
        ("bad JSON: trailing comma", post(ss, json, br#"{"id":"0_a",}"#), false, Expect::Kaltura),
        ("bad JSON: single quotes", post(ss, json, b"{'id':'0_a'}"), false, Expect::Kaltura),
        ("JSON array body", post(ss, json, b"[1,2,3]"), false, Expect::Kaltura),
        ("JSON string body", post(ss, json, br#""hello""#), false, Expect::Kaltura),
        ("JSON nested 5000 deep", post(ss, json, format!("{nested}{}", "}".repeat(5000)).as_bytes()), false, Expect::Kaltura),
        ("wrong Content-Type text/plain", post(sw, "text/plain", br#"{"widgetId":"_1"}"#), false, Expect::Kaltura),
        ("Content-Type with charset", post(sw, "application/json; charset=utf-8", br#"{"widgetId":"_1"}"#), false, Expect::Kaltura),
        ("multipart garbage", post(sw, "multipart/form-data; boundary=x", b"--x\r\ngarbage"), false, Expect::Kaltura),
        ("unknown format 99", get(&format!("{sw}?widgetId=_1&format=99")), false, Expect::Kaltura),
        ("format letters", get(&format!("{sw}?widgetId=_1&format=json")), false, Expect::Kaltura),
        ("format negative", get(&format!("{sw}?widgetId=_1&format=-1")), false, Expect::Kaltura),
        ("missing id", post(ss, json, br#"{"tokenHash":"ab","format":1}"#), false, Expect::Kaltura),
        ("missing tokenHash", post(ss, json, br#"{"id":"0_a","format":1}"#), false, Expect::Kaltura),
        ("repeated query params", get(&format!("{ss}?id=0_a&id=0_b&tokenHash=1&tokenHash=2&format=1")), false, Expect::Kaltura),
        ("repeated JSON keys", post(ss, json, br#"{"id":"0_a","id":"0_b","tokenHash":"x","format":1}"#), false, Expect::Kaltura),
        ("1 MiB + 1 of garbage", post(ss, json, &big), false, Expect::Kaltura),
        ("2.5 MiB chunked, no length", chunked, false, Expect::Kaltura),
        ("KS of random bytes", post(ss, json, format!(r#"{{"ks":"{random_ks}","id":"0_a","tokenHash":"x","format":1}}"#).as_bytes()), false, Expect::Kaltura),
        ("KS of punctuation", post(ss, json, br#"{"ks":"!!!###$$$","id":"0_a","tokenHash":"x","format":1}"#), false, Expect::Kaltura),
        ("KS with NUL bytes", post(ss, json, br#"{"ks":"djJ8\u0000\u0000","id":"0_a","tokenHash":"x","format":1}"#), false, Expect::Kaltura),
        ("invalid UTF-8 in JSON", post(ss, json, b"{\"id\":\"\xff\xfe\",\"tokenHash\":\"x\"}"), false, Expect::Kaltura),
        ("invalid UTF-8 in a form", post(ss, "application/x-www-form-urlencoded", b"id=\xff\xfe&tokenHash=x"), false, Expect::Kaltura),
        ("invalid UTF-8 percent-encoded", get(&format!("{ss}?ks=%ff%fe%00&id=0_a&tokenHash=x")), false, Expect::Kaltura),
        ("broken percent-encoding", get(&format!("{ss}?ks=%zz%&id=%&tokenHash=%%")), false, Expect::Kaltura),
        ("unknown service", get("/api_v3/service/nosuch/action/list"), false, Expect::Kaltura),
        ("unknown action", get("/api_v3/service/apptoken/action/explode"), false, Expect::Kaltura),
        ("no service value", get("/api_v3/service"), false, Expect::Kaltura),
        ("empty action", get("/api_v3/service/apptoken/action/"), false, Expect::Kaltura),
        ("multirequest of strings", post("/api_v3/service/multirequest", json, br#"{"0":"x","1":5,"format":1}"#), false, Expect::AnyClean),
        ("multirequest of 1000 calls", post("/api_v3/service/multirequest", json, {
            let items: Vec<String> = (0..1000).map(|i| format!(r#""{i}":{{"service":"session","action":"startWidgetSession","widgetId":"_9"}}"#)).collect();
            format!("{{{},\"format\":1}}", items.join(",")).into_bytes()
        }.as_slice()), false, Expect::AnyClean),
        ("dangling result reference", post("/api_v3/service/multirequest", json, br#"{"1":{"service":"apptoken","action":"get","id":"x","ks":"{7:result:ks}"},"format":1}"#), false, Expect::AnyClean),
        ("appToken as a string", post("/api_v3/service/apptoken/action/add", json, br#"{"appToken":"x","format":1}"#), false, Expect::Kaltura),
        ("half-sent body, then EOF", half, true, Expect::AnyClean),
        ("garbage request line", b"HELLO THERE\r\n\r\n".to_vec(), false, Expect::AnyClean),
        ("header of 200 KB", encode("GET", sw, host, &[("X-Big", &"a".repeat(200_000))], b"", true), false, Expect::AnyClean),
        ("URL of 60 KB", get(&format!("{sw}?widgetId={}", "9".repeat(60_000))), false, Expect::AnyClean),
        ("Content-Length not a number", format!("POST {ss} HTTP/1.1\r\nHost: {host}\r\nContent-Length: lots\r\n\r\n").into_bytes(), false, Expect::Http),
        ("/ksdiag/diagnose not JSON", post("/ksdiag/diagnose", json, b"<xml/>"), false, Expect::Http),
        ("/ksdiag/decode of noise", post("/ksdiag/decode", json, br#"{"ks":"%%%"}"#), false, Expect::Http),
    ]
}

#[test]
fn malformed_requests_get_clean_errors_while_others_are_served() {
    let s = Server::start(&["--partner", "9:robust-admin-secret"]);
    let host = s.host();
    // A client that sends half its headers and stalls must be cut off, not served forever.
    let mut stalled = std::net::TcpStream::connect(s.addr).unwrap();
    stalled
        .write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Slow:").as_bytes())
        .unwrap();
    let stalled_at = Instant::now();
    let mut healthy = Conn::open(s.addr);
    let list = cases(&host);
    assert!(list.len() >= 30, "{} cases", list.len());
    for (name, raw, close_write, expect) in list {
        let got = send_raw(s.addr, &raw, close_write);
        match (expect, &got) {
            (Expect::Kaltura, Some(a)) => {
                assert!(kaltura_error(a), "{name}: {} {}", a.status, a.text())
            }
            (Expect::Http, Some(a)) => assert!(
                (400..500).contains(&a.status),
                "{name}: {} {}",
                a.status,
                a.text()
            ),
            (Expect::AnyClean, Some(a)) => assert!(
                a.status == 200 || (400..500).contains(&a.status),
                "{name}: {} {}",
                a.status,
                a.text()
            ),
            (Expect::AnyClean, None) => {}
            (_, None) => panic!("{name}: the connection closed without an answer"),
        }
        let ok = healthy.post_json(
            "/api_v3/service/session/action/startWidgetSession",
            r#"{"widgetId":"_9","format":1}"#,
        );
        assert!(ok.text().contains("\"ks\":"), "after {name}: {}", ok.text());
    }
    // The stalled client is disconnected within the header timeout (10 s) plus slack.
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 256];
    let n = stalled.read(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(
        n == 0 || text.starts_with("HTTP/1.1 408"),
        "stalled client got {text:?}"
    );
    assert!(
        stalled_at.elapsed() < Duration::from_secs(15),
        "cut off after {:?}",
        stalled_at.elapsed()
    );
    assert!(s.stop().success(), "exit status after SIGTERM");
}

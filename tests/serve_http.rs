//! `ksdiag serve` over HTTP: the flow, the diagnosis header, feed and stderr line, no CORS
//! without an Origin, graceful shutdown. (The Host check's answers: crates/ks-serve/tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;

const SECRET: &str = "serve-test-admin-secret";

fn field(body: &serde_json::Value, name: &str) -> String {
    body[name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        .to_string()
}

#[test]
fn the_app_token_flow_and_a_proven_wrong_hash() {
    let s = Server::start(&["--partner", &format!("4321:{SECRET}")]);
    let admin = s.post_json(
        "/api_v3/service/session/action/start",
        &format!(r#"{{"secret":"{SECRET}","partnerId":4321,"type":2,"format":1}}"#),
    );
    assert_eq!(admin.status, 200);
    assert_eq!(admin.header("content-type"), Some("application/json"));
    let admin_ks: String = serde_json::from_slice(&admin.body).unwrap();
    let token = s.post_json(
        "/api_v3/service/apptoken/action/add",
        &format!(r#"{{"ks":"{admin_ks}","appToken":{{"objectType":"KalturaAppToken","hashType":"SHA256"}},"format":1}}"#),
    ).json();
    let (id, tok) = (field(&token, "id"), field(&token, "token"));
    let widget = s
        .get("/api_v3/service/session/action/startWidgetSession?widgetId=_4321&format=1")
        .json();
    let ks = field(&widget, "ks");
    // The shell mistake: echo's newline and sha1sum for a SHA256 token.
    let wrong = ks_core::digest::digest_parts(
        ks_core::digest::HashType::Sha1,
        &[ks.as_bytes(), tok.as_bytes(), b"\n"],
    )
    .to_hex();
    let a = s.post_json(
        "/api_v3/service/apptoken/action/startSession",
        &format!(
            r#"{{"ks":"{ks}","id":"{id}","tokenHash":"{}"}}"#,
            wrong.as_str()
        ),
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/xml"));
    assert!(
        a.text().contains("<code>INVALID_APP_TOKEN_HASH</code>"),
        "{}",
        a.text()
    );
    assert_eq!(
        a.header("x-ksdiag-diagnosis"),
        Some("wrong_hash_type+whitespace")
    );
    assert!(a.header("access-control-allow-origin").is_none());
    let right = ks_core::digest::token_hash(ks_core::digest::HashType::Sha256, &ks, &tok);
    let ok = s
        .post_json(
            "/api_v3/service/apptoken/action/startSession",
            &format!(
                r#"{{"ks":"{ks}","id":"{id}","tokenHash":"{}","format":1}}"#,
                right.as_str()
            ),
        )
        .json();
    assert_eq!(ok["privileges"], format!("sessionid:{id},apptoken:{id}"));
    let feed = s.get("/ksdiag/requests").json();
    let items = feed.as_array().unwrap();
    assert_eq!(items[0]["ok"], true);
    assert_eq!(items[1]["code"], "INVALID_APP_TOKEN_HASH");
    assert_eq!(items[1]["diagnosis"]["verdict"], "explained");
    let feed_text = s.get("/ksdiag/requests").text();
    assert!(!feed_text.contains(&tok), "the token leaked into the feed");
    let err = s.stderr_with("apptoken.startSession INVALID_APP_TOKEN_HASH");
    // The causes in the CLI's words, then the codes.
    assert!(err.contains("apptoken.startSession INVALID_APP_TOKEN_HASH: the mistake is proven: the digest was made with another algorithm than the app token's hashType (used sha1, expected sha256); extra whitespace was hashed along: a trailing newline after the token [wrong_hash_type+whitespace]"), "{err}");
    assert!(!err.contains(&tok), "the token leaked on stderr");
    assert!(s.stop().success());
}

/// The signal handlers are in place before the listening line is printed: SIGTERM or SIGINT
/// sent the moment a script reads the line still stops the server with exit status 0.
#[test]
fn signal_right_after_the_listening_line_exits_0() {
    for _ in 0..3 {
        let s = Server::start(&["--partner", &format!("1:{SECRET}")]);
        assert!(s.stop().success(), "SIGTERM");
    }
    let s = Server::start(&["--partner", &format!("1:{SECRET}")]);
    let pid = s.pid().to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let start = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}/stat")).exists()
        && std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|t| !t.contains(") Z "))
        && start.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(s.stop().success(), "SIGINT");
}

/// The page's "fix as code" asks this route; a server without it left the page with words only.
#[test]
fn ksdiag_fix_gives_the_corrected_code_in_the_chosen_language() {
    let s = Server::start(&["--partner", &format!("4321:{SECRET}")]);
    let ks = "djJ8NDMyMXwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let token = "0123456789abcdef0123456789abcdef";
    // `echo "$KS$TOKEN" | sha1sum` for a SHA1 token: whitespace.
    let wrong = ks_core::digest::digest_parts(
        ks_core::digest::HashType::Sha1,
        &[ks.as_bytes(), token.as_bytes(), b"\n"],
    )
    .to_hex();
    let wrong = wrong.as_str();
    let body = format!(r#"{{"ks":"{ks}","token":"{token}","hash":"{wrong}","hash_type":"sha1"}}"#);
    let fix = s.post_json("/ksdiag/fix?lang=bash", &body);
    assert_eq!(fix.status, 200, "{}", fix.text());
    let v = fix.json();
    assert_eq!(v["lang"], "bash");
    assert_eq!(v["hash_type"], "sha1");
    let lines = v["lines"].as_array().expect("lines");
    assert!(
        lines
            .iter()
            .any(|l| l["wrote"].as_str().is_some_and(|w| w.contains("echo"))),
        "the bash line people write for `whitespace`: {v}"
    );
    assert!(
        v["code"].as_str().is_some_and(|c| c.contains("sha1sum")),
        "{v}"
    );
    assert!(
        !fix.text().contains(token),
        "the token stays out of the answer"
    );
    let unknown = s.post_json("/ksdiag/fix?lang=cobol", &body);
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.text().contains("unknown language"),
        "{}",
        unknown.text()
    );
    assert!(s.stop().success());
}

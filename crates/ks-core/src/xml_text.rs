//! The API's default XML output (`<xml><result>…</result></xml>`) read just far enough to
//! take a few leaf elements. Not an XML parser: Kaltura's responses are flat, machine-written
//! and use only the five predefined entities, which is all this reads.

/// The text of the first `<name>…</name>` element inside `within` (or the whole document).
pub(crate) fn leaf(doc: &str, within: Option<&str>, name: &str) -> Option<String> {
    let scope = match within {
        Some(parent) => inner(doc, parent)?,
        None => doc,
    };
    inner(scope, name).map(unescape)
}

fn inner<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&close)? + start;
    Some(&doc[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_leaves_and_entities() {
        let doc =
            "<xml><result><error><code>X</code><message>a &amp; b</message></error></result></xml>";
        assert_eq!(
            super::leaf(doc, Some("error"), "message").as_deref(),
            Some("a & b")
        );
        assert_eq!(super::leaf(doc, None, "code").as_deref(), Some("X"));
        assert_eq!(super::leaf(doc, None, "nope"), None);
    }
}

//! Item 8 of issue 13: the generated `send()` docs say what each operation
//! returns: an undocumented success body comes back unread, not "decoded".

/// `(doc line, return type)` of every generated `send`.
fn sends(source: &str) -> Vec<(&str, &str)> {
    let lines: Vec<&str> = source.lines().collect();
    lines
        .windows(4)
        .filter(|w| w[1].trim() == "pub async fn send(")
        .map(|w| (w[0].trim(), w[3].trim()))
        .collect()
}

#[test]
fn send_docs_say_what_comes_back() {
    let source = include_str!("../../src/generated_scopes.rs");
    let sends = sends(source);
    assert!(sends.len() > 50, "found {} send() methods", sends.len());
    let mut streamed = 0;
    for (doc, returns) in sends {
        if returns.contains("ResponseValue<ByteStream>") {
            streamed += 1;
            assert!(
                doc.contains("returns the success body unread") && !doc.contains("decodes"),
                "{doc}"
            );
        } else {
            assert!(
                doc.contains("decodes the JSON success body into") || doc.contains("no body"),
                "{doc} / {returns}"
            );
        }
    }
    assert!(streamed > 0, "no streamed operation found");
}

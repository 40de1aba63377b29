//! Redaction, applied to every recording before it is written or logged.
//!
//! Replaced, each by a placeholder (`redacted-1`, `redacted-2`, …) that is
//! the same for the same secret within a run, so twins and sequences still
//! compare:
//!
//! - the values of the `Authorization`, `Proxy-Authorization`, `Cookie` and
//!   `Set-Cookie` headers (the scheme and cookie names stay);
//! - every value the spec types as a secret, wherever the operation's
//!   schemas put it (request and response bodies, path and query
//!   parameters): the components the API's Rust crate maps to its `Secret`
//!   type (`bindings_pipeline::apis`: passwords, tokens, national ids);
//! - the values of keys named on the command line, and of every property
//!   or parameter name the API's documents give a secret type (`password`,
//!   `token`, `ssn`, …), in JSON bodies (any depth), query parameters,
//!   headers, and in bodies kept as text (`"key": "value"` and form
//!   `key=value`), so unmatched requests, undocumented statuses and cut
//!   bodies are covered too;
//! - then every other occurrence of a secret found so far in this run (of
//!   four characters or more), in any header, path, query or body string: a
//!   token a login returned is redacted where a later request sends it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use regex::Regex;
use serde_json::Value;
use workspace_tests::recording::Recording;
use workspace_tests::schema_walk::{Next, walk};
use workspace_tests::spec_docs::Matched;

use crate::api_formats::{FormatDoc, body_schema, resolve, response_for};

/// Headers whose values are always redacted.
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Shorter secrets are redacted where the spec puts them, but not searched
/// for elsewhere (a two-letter password would hit every word).
pub const MIN_SEARCHED_LEN: usize = 4;

/// The redactor of one run.
#[derive(Debug)]
pub struct Redactor {
    secret_components: Vec<String>,
    keys: Vec<String>,
    /// `"key": "value"`, `"key": 123` and form `key=value` for any of
    /// `keys`, each with whether the value sits between quotes.
    text_patterns: Vec<(Regex, bool)>,
    known: Mutex<Known>,
}

#[derive(Debug, Default)]
struct Known {
    placeholders: HashMap<String, String>,
    /// Every known secret at once, built again when one is added.
    searcher: Option<Arc<Searcher>>,
}

impl Redactor {
    /// A redactor for `api` (its secret components come from
    /// `bindings_pipeline::apis`), also redacting the values of `keys`
    /// (compared without case) and of every property or parameter name
    /// that `documents` (the API's dist documents) give a secret type.
    pub fn new(api: &str, keys: &[String], documents: &[&Value]) -> Self {
        let secret_components: Vec<String> = bindings_pipeline::apis::APIS
            .iter()
            .filter(|a| a.name == api)
            .flat_map(|a| a.replacements)
            .filter(|r| r.rust_type.ends_with("::Secret"))
            .map(|r| r.schema.to_owned())
            .collect();
        let mut all: Vec<String> = keys.iter().map(|k| k.to_ascii_lowercase()).collect();
        for document in documents {
            secret_names(document, &secret_components, &mut all);
        }
        all.sort();
        all.dedup();
        let text_patterns = if all.is_empty() {
            Vec::new()
        } else {
            let names = all
                .iter()
                .map(|k| regex::escape(k))
                .collect::<Vec<_>>()
                .join("|");
            [
                (
                    format!(r#"(?i)("(?:{names})"\s*:\s*)"((?:[^"\\]|\\.)*)""#),
                    true,
                ),
                (
                    format!(r#"(?i)("(?:{names})"\s*:\s*)(-?[0-9][0-9.eE+-]*)"#),
                    false,
                ),
                (
                    format!(r#"(?i)((?:^|[&?;\s])(?:{names})=)([^&\s;"]*)"#),
                    false,
                ),
            ]
            .iter()
            .filter_map(|(p, quoted)| Regex::new(p).ok().map(|r| (r, *quoted)))
            .collect()
        };
        Self {
            secret_components,
            keys: all,
            text_patterns,
            known: Mutex::new(Known::default()),
        }
    }

    /// The key names whose values are redacted (lower case).
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The components whose values are secrets.
    pub fn secret_components(&self) -> &[String] {
        &self.secret_components
    }

    /// The placeholder of `secret` (a new one the first time).
    pub fn placeholder(&self, secret: &str) -> String {
        if is_placeholder(secret) {
            return secret.to_owned();
        }
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let next = known.placeholders.len() + 1;
        let placeholder = known
            .placeholders
            .entry(secret.to_owned())
            .or_insert_with(|| format!("redacted-{next}"))
            .clone();
        if known.placeholders.len() == next {
            known.searcher = None;
        }
        placeholder
    }

    /// Redacts `recording` in place; `operation` is the format's document
    /// and the matched operation, when the request is one the spec has.
    pub fn redact(&self, recording: &mut Recording, operation: Option<(&FormatDoc, &Matched)>) {
        for headers in [
            &mut recording.request.headers,
            &mut recording.response.headers,
        ] {
            self.redact_headers(headers);
        }
        if let Some((doc, matched)) = operation {
            self.redact_typed(recording, doc, matched);
        }
        for body in [&mut recording.request.body, &mut recording.response.body]
            .into_iter()
            .flatten()
        {
            self.redact_keys(body);
        }
        for (name, value) in recording.request.query.iter_mut() {
            if self.keys.contains(&name.to_ascii_lowercase()) {
                self.replace_strings(value);
            }
        }
        for text in [
            &mut recording.request.body_text,
            &mut recording.response.body_text,
        ]
        .into_iter()
        .flatten()
        {
            self.redact_text(text);
        }
        self.replace_known(recording);
    }

    /// One header value as it is recorded: credentials of the sensitive
    /// headers (and of headers named like a secret key) redacted; others
    /// as they are. Applied to each value of a repeated header before they
    /// are joined (a second `Set-Cookie` is a cookie too).
    pub fn header_value(&self, name: &str, value: &str) -> String {
        let lower = name.to_ascii_lowercase();
        if !SENSITIVE_HEADERS.contains(&lower.as_str()) && !self.keys.contains(&lower) {
            return value.to_owned();
        }
        match lower.as_str() {
            "authorization" | "proxy-authorization" => match value.split_once(' ') {
                Some((scheme, credentials)) => {
                    format!("{scheme} {}", self.placeholder(credentials.trim()))
                }
                None => self.placeholder(value),
            },
            "cookie" => value
                .split(';')
                .map(|pair| self.cookie(pair.trim()))
                .collect::<Vec<_>>()
                .join("; "),
            "set-cookie" => match value.split_once(';') {
                Some((pair, attributes)) => format!("{};{attributes}", self.cookie(pair)),
                None => self.cookie(value),
            },
            _ => self.placeholder(value),
        }
    }

    /// Every string (or scalar) in `value` replaced by its placeholder.
    fn replace_strings(&self, value: &mut Value) {
        match value {
            Value::Array(items) => items.iter_mut().for_each(|v| self.replace_strings(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.replace_strings(v)),
            Value::Null => {}
            Value::String(text) => *text = self.placeholder(text),
            other => *other = Value::String(self.placeholder(&other.to_string())),
        }
    }

    /// Secret keys' values in a body kept as text (JSON cut short, a form).
    fn redact_text(&self, text: &mut String) {
        for (pattern, quoted) in &self.text_patterns {
            if pattern.is_match(text) {
                *text = pattern
                    .replace_all(text, |caps: &regex::Captures<'_>| {
                        let placeholder = self.placeholder(&caps[2]);
                        if *quoted {
                            format!("{}\"{placeholder}\"", &caps[1])
                        } else {
                            format!("{}{placeholder}", &caps[1])
                        }
                    })
                    .into_owned();
            }
        }
    }

    fn redact_headers(&self, headers: &mut BTreeMap<String, String>) {
        for (name, value) in headers.iter_mut() {
            *value = self.header_value(name, value);
        }
    }

    /// `name=value` with the value redacted.
    fn cookie(&self, pair: &str) -> String {
        match pair.split_once('=') {
            Some((name, value)) => format!("{name}={}", self.placeholder(value)),
            None => self.placeholder(pair),
        }
    }

    /// Values at places the operation's schemas type as secrets.
    fn redact_typed(&self, recording: &mut Recording, doc: &FormatDoc, matched: &Matched) {
        let secrets: Vec<&Value> = self
            .secret_components
            .iter()
            .filter_map(|name| doc.value.pointer(&format!("/components/schemas/{name}")))
            .collect();
        let is_secret = |schema: &Value| secrets.iter().any(|s| std::ptr::eq(*s, schema));
        let operation = doc.value.pointer(&matched.pointer);
        // Path and query parameters typed as secrets.
        let path_item = matched
            .pointer
            .rsplit_once('/')
            .and_then(|(item, _)| doc.value.pointer(item));
        let parameters: Vec<&Value> = [path_item, operation]
            .into_iter()
            .flatten()
            .filter_map(|node| node.get("parameters").and_then(Value::as_array))
            .flatten()
            .map(|p| resolve(&doc.value, p))
            .collect();
        for parameter in parameters {
            let schema = parameter.get("schema").map(|s| resolve(&doc.value, s));
            if !schema.is_some_and(is_secret) {
                continue;
            }
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            match parameter.get("in").and_then(Value::as_str) {
                Some("path") => {
                    let placeholder = matched.path_params.get(name).map(|v| self.placeholder(v));
                    if let Some(placeholder) = placeholder {
                        recording.request.path = replace_segment(
                            &recording.request.path,
                            &matched.template,
                            name,
                            &placeholder,
                        );
                    }
                }
                Some("query") => {
                    if let Some(value) = recording.request.query.get_mut(name) {
                        self.replace_strings(value);
                    }
                }
                _ => {}
            }
        }
        // Bodies.
        let request_schema = operation
            .and_then(|op| op.get("requestBody"))
            .map(|b| resolve(&doc.value, b))
            .and_then(body_schema);
        let response_schema = operation
            .and_then(|op| op.get("responses"))
            .and_then(|responses| response_for(&doc.value, responses, recording.response.status))
            .and_then(body_schema);
        for (body, schema) in [
            (&mut recording.request.body, request_schema),
            (&mut recording.response.body, response_schema),
        ] {
            let (Some(body), Some(schema)) = (body.as_mut(), schema) else {
                continue;
            };
            walk(&doc.value, schema, body, &mut |node, value| {
                if !is_secret(node.schema) {
                    return Next::Descend;
                }
                self.replace_strings(value);
                Next::Stop
            });
        }
    }

    /// Values of the keys named on the command line, at any depth.
    fn redact_keys(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if self.keys.contains(&key.to_ascii_lowercase()) {
                        self.replace_strings(inner);
                    } else {
                        self.redact_keys(inner);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_keys(v)),
            _ => {}
        }
    }

    /// Every known secret, replaced wherever it occurs.
    fn replace_known(&self, recording: &mut Recording) {
        let Some(searcher) = self.searcher() else {
            return;
        };
        let replace =
            |text: &str| searcher.replace(text, |found| self.placeholder(&decoded(found)));
        let mut fix = |text: &mut String| {
            if let Some(new) = replace(text) {
                *text = new;
            }
        };
        fix(&mut recording.request.path);
        for headers in [
            &mut recording.request.headers,
            &mut recording.response.headers,
        ] {
            headers.values_mut().for_each(&mut fix);
        }
        for value in recording.request.query.values_mut() {
            replace_in_json(value, &mut fix);
        }
        for body in [&mut recording.request.body, &mut recording.response.body]
            .into_iter()
            .flatten()
        {
            replace_in_json(body, &mut fix);
        }
        if let Some(text) = recording.response.body_text.as_mut() {
            fix(text);
        }
        if let Some(text) = recording.request.body_text.as_mut() {
            fix(text);
        }
    }

    /// One automaton matching every known secret of `MIN_SEARCHED_LEN` or
    /// more, as sent and percent-encoded, the longest where two overlap
    /// (Aho-Corasick: it grows with the secrets' total length, and building
    /// it again for a new secret stays cheap over a long run, unlike a
    /// regex alternation: measured in the tests).
    fn searcher(&self) -> Option<Arc<Searcher>> {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known.searcher.is_none() {
            let mut secrets: Vec<String> = known
                .placeholders
                .keys()
                .filter(|s| s.chars().count() >= MIN_SEARCHED_LEN)
                .flat_map(|s| [s.clone(), encoded(s)])
                .collect();
            secrets.sort();
            secrets.dedup();
            if secrets.is_empty() {
                return None;
            }
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&secrets);
            let searcher = built.map(Searcher::Automaton).unwrap_or_else(|_| {
                secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
                Searcher::Each(secrets)
            });
            known.searcher = Some(Arc::new(searcher));
        }
        known.searcher.clone()
    }
}

/// Every known secret, found at once.
#[derive(Debug)]
enum Searcher {
    /// One automaton, the longest match where two overlap.
    Automaton(AhoCorasick),
    /// Too many secrets for one automaton (past billions of states): each
    /// in turn, the longest first. Slow, never skipped.
    Each(Vec<String>),
}

impl Searcher {
    /// `text` with every secret replaced by `placeholder(secret)`, or
    /// `None` when it holds none.
    fn replace(&self, text: &str, placeholder: impl Fn(&str) -> String) -> Option<String> {
        match self {
            Self::Automaton(automaton) => automaton.is_match(text).then(|| {
                let mut out = String::with_capacity(text.len());
                automaton.replace_all_with(text, &mut out, |_, found, out| {
                    out.push_str(&placeholder(found));
                    true
                });
                out
            }),
            Self::Each(secrets) => {
                let mut out: Option<String> = None;
                for secret in secrets {
                    let current = out.as_deref().unwrap_or(text);
                    if current.contains(secret.as_str()) {
                        out = Some(current.replace(secret.as_str(), &placeholder(secret)));
                    }
                }
                out
            }
        }
    }
}

/// `path` with the segment that `template`'s `{name}` stands for replaced
/// (aligned from the end: the path may carry a base path the template
/// lacks).
fn replace_segment(path: &str, template: &str, name: &str, placeholder: &str) -> String {
    let wanted = format!("{{{name}}}");
    let template: Vec<&str> = template.split('/').collect();
    let mut segments: Vec<String> = path.split('/').map(str::to_owned).collect();
    let Some(offset) = segments.len().checked_sub(template.len()) else {
        return path.to_owned();
    };
    for (index, part) in template.iter().enumerate() {
        if *part == wanted {
            segments[offset + index] = placeholder.to_owned();
        }
    }
    segments.join("/")
}

/// Whether `text` is a placeholder this module wrote (`redacted-12`).
fn is_placeholder(text: &str) -> bool {
    text.strip_prefix("redacted-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Adds to `names` every property or parameter name of `document` whose
/// schema is one of the `secret` components (lower case).
fn secret_names(document: &Value, secret: &[String], names: &mut Vec<String>) {
    let is_secret = |schema: &Value| {
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .is_some_and(|name| secret.iter().any(|s| s == name))
    };
    match document {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (name, schema) in properties {
                    if is_secret(schema) {
                        names.push(name.to_ascii_lowercase());
                    }
                }
            }
            if let (Some(Value::String(name)), Some(schema)) = (map.get("name"), map.get("schema"))
                && map.contains_key("in")
                && is_secret(schema)
            {
                names.push(name.to_ascii_lowercase());
            }
            for value in map.values() {
                secret_names(value, secret, names);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secret_names(v, secret, names)),
        _ => {}
    }
}

fn replace_in_json(value: &mut Value, fix: &mut impl FnMut(&mut String)) {
    match value {
        Value::String(text) => fix(text),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_in_json(v, fix)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_in_json(v, fix)),
        _ => {}
    }
}

/// What a path or query escapes: everything but unreserved characters.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` percent-encoded as a path or query would carry it.
fn encoded(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

/// The secret a match stands for: a percent-encoded form decoded (the
/// placeholder is the one of the secret itself).
fn decoded(matched: &str) -> String {
    percent_decode_str(matched).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use workspace_tests::recording::{RecordedRequest, RecordedResponse, Source};

    fn recording(path: &str, headers: &[(&str, &str)], body: Value) -> Recording {
        Recording {
            api: None,
            description: String::new(),
            source: Source::Live,
            recorded_at: None,
            format: None,
            request: RecordedRequest {
                method: "GET".into(),
                path: path.into(),
                query: BTreeMap::new(),
                headers: headers
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
                body: None,
                body_text: None,
                body_truncated: None,
            },
            response: RecordedResponse {
                status: 200,
                headers: BTreeMap::new(),
                body: Some(body),
                body_text: None,
                body_truncated: None,
            },
        }
    }

    #[test]
    fn credentials_keep_their_scheme_and_cookies_their_names() {
        let redactor = Redactor::new("defentry", &[], &[]);
        let mut r = recording(
            "/x",
            &[
                ("Authorization", "Bearer tok-123456"),
                ("cookie", "a=1; b=two"),
                ("x-other", "kept"),
            ],
            json!({}),
        );
        r.response
            .headers
            .insert("set-cookie".into(), "sid=s3cr3t; Path=/; HttpOnly".into());
        redactor.redact(&mut r, None);
        assert_eq!(r.request.headers["Authorization"], "Bearer redacted-1");
        assert_eq!(r.request.headers["cookie"], "a=redacted-2; b=redacted-3");
        assert_eq!(r.request.headers["x-other"], "kept");
        assert_eq!(
            r.response.headers["set-cookie"],
            "sid=redacted-4; Path=/; HttpOnly"
        );
    }

    #[test]
    fn a_secret_seen_once_is_redacted_everywhere_with_the_same_placeholder() {
        let redactor = Redactor::new("defentry", &["email".to_owned()], &[]);
        let mut first = recording("/x", &[("authorization", "Bearer a/b c+d")], json!({}));
        redactor.redact(&mut first, None);
        // Later: the token appears in a path (percent-encoded), a body
        // string and a header; the keyed email anywhere in a body.
        let mut later = recording(
            "/reset/a%2Fb%20c%2Bd",
            &[("x-echo", "token=a/b c+d")],
            json!({"note": "sent a/b c+d", "user": {"Email": "j@x.io"}, "list": ["j@x.io"]}),
        );
        redactor.redact(&mut later, None);
        assert_eq!(later.request.path, "/reset/redacted-1");
        assert_eq!(later.request.headers["x-echo"], "token=redacted-1");
        let body = later.response.body.unwrap_or_default();
        assert_eq!(body["note"], "sent redacted-1");
        assert_eq!(body["user"]["Email"], "redacted-2");
        assert_eq!(
            body["list"][0], "redacted-2",
            "a known secret is found in any string"
        );
    }

    #[test]
    fn a_long_run_still_finds_every_secret_it_has_seen() {
        // A day of logins: every token is a new secret.
        let redactor = Redactor::new("defentry", &[], &[]);
        let tokens: Vec<String> = (0..20_000)
            .map(|i| format!("1|session-token-{i:06}-{}", "x".repeat(24)))
            .collect();
        for token in &tokens {
            redactor.placeholder(token);
        }
        let started = std::time::Instant::now();
        let mut r = recording(
            "/x",
            &[],
            json!({"first": tokens[0], "last": tokens[19_999], "text": format!("a {} b", tokens[7])}),
        );
        redactor.redact(&mut r, None);
        let body = r.response.body.unwrap_or_default().to_string();
        assert!(
            !body.contains("session-token"),
            "a known secret left in {body}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn the_last_resort_searcher_replaces_the_longest_secret_first() {
        let each = Searcher::Each(vec!["abcdef".into(), "abcd".into()]);
        let replaced = each.replace("x abcdef abcd y", |found| format!("<{}>", found.len()));
        assert_eq!(replaced.as_deref(), Some("x <6> <4> y"));
        assert_eq!(each.replace("nothing", |_| String::new()), None);
    }

    #[test]
    fn short_secrets_are_not_searched_for() {
        let redactor = Redactor::new("defentry", &["pin".to_owned()], &[]);
        let mut r = recording("/x", &[], json!({"pin": "12", "text": "room 12"}));
        redactor.redact(&mut r, None);
        let body = r.response.body.unwrap_or_default();
        assert_eq!(body["pin"], "redacted-1");
        assert_eq!(body["text"], "room 12");
    }

    #[test]
    fn the_secret_components_come_from_the_api_table() {
        let redactor = Redactor::new("defentry", &[], &[]);
        let mut names = redactor.secret_components().to_vec();
        names.sort();
        assert_eq!(names, ["NationalId", "Password", "SecretToken"]);
    }

    fn legacy_document() -> Value {
        let path = workspace_tests::workspace_root().join("spec/dist/defentry.legacy.json");
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    #[test]
    fn the_documents_name_the_secret_keys() {
        let document = legacy_document();
        let redactor = Redactor::new("defentry", &[], &[&document]);
        for key in ["password", "token", "ssn"] {
            assert!(
                redactor.keys().iter().any(|k| k == key),
                "{key}: {:?}",
                redactor.keys()
            );
        }
        assert!(!redactor.keys().iter().any(|k| k == "email"));
    }

    #[test]
    fn bodies_kept_as_text_lose_their_secret_keys_values() {
        let document = legacy_document();
        let redactor = Redactor::new("defentry", &[], &[&document]);
        let mut r = recording("/unknown", &[], json!(null));
        r.response.body = None;
        r.request.body_text = Some("username=u%40x.io&password=hunter22&keep=1".into());
        r.response.body_text =
            Some(r#"{"data": {"ssn": 199001011234, "token": "1|abc\"def", "name": "x"#.into());
        redactor.redact(&mut r, None);
        assert_eq!(
            r.request.body_text.as_deref(),
            Some("username=u%40x.io&password=redacted-1&keep=1")
        );
        assert_eq!(
            r.response.body_text.as_deref(),
            Some(r#"{"data": {"ssn": redacted-3, "token": "redacted-2", "name": "x"#)
        );
    }

    #[test]
    fn every_set_cookie_is_a_cookie_and_placeholders_stay_as_they_are() {
        let redactor = Redactor::new("defentry", &[], &[]);
        let first = redactor.header_value("Set-Cookie", "sid=s3cr3t; Path=/");
        let second = redactor.header_value("set-cookie", "csrf=other-secret; Path=/");
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("sid=redacted-1; Path=/", "csrf=redacted-2; Path=/")
        );
        let joined = format!("{first}, {second}");
        assert_eq!(
            redactor.header_value("set-cookie", &joined),
            joined,
            "redacting twice changes nothing"
        );
    }

    #[test]
    fn a_path_segment_is_replaced_by_its_template_position() {
        assert_eq!(
            replace_segment(
                "/base/api/v1/reset/abc/x",
                "/api/v1/reset/{token}/x",
                "token",
                "redacted-1"
            ),
            "/base/api/v1/reset/redacted-1/x"
        );
        assert_eq!(
            replace_segment("/a", "/a/{t}/b", "t", "r"),
            "/a",
            "a shorter path is left alone"
        );
    }
}

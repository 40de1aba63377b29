//! Edits of hand-written YAML text that keep every other line as written:
//! comments, flow mappings, quoting and blank lines (line endings become
//! `\n`, and the text ends in one). A node is found
//! by its keys (block mappings, by indentation); new nodes are written in
//! the spec's own style ([`emit`]): block mappings, `{$ref: '…'}` on one
//! line, short lists of scalars in flow style, long text as folded `>-`.
//!
//! The caller checks the result by parsing it (`spec_write`): an edit this
//! module cannot make safely is an error, never a guess.

use anyhow::{Result, bail};
use serde_json::Value;

/// Width folded text is wrapped to.
const WIDTH: usize = 80;

/// Keys written first, in this order (the hand-written style); the rest
/// follow in name order.
const KEY_ORDER: &[&str] = &[
    "$ref",
    "description",
    "x-provisional",
    "type",
    "format",
    "nullable",
    "allOf",
    "required",
    "properties",
    "items",
    "additionalProperties",
    "x-extensible-enum",
    "x-in-format",
    "content",
    "schema",
];

/// The lines of a YAML text, edited in place.
#[derive(Debug, Clone)]
pub struct Lines {
    lines: Vec<String>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A comment line: it belongs to no block, whatever its indentation.
fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The key of a `key:` or `key: value` line, unquoted.
fn key_of(line: &str) -> Option<String> {
    let text = line.trim_start_matches(' ');
    if text.starts_with('#') || text.starts_with("- ") {
        return None;
    }
    let (key, rest) = if let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let close = text[1..].find(quote)? + 1;
        (text[1..close].to_owned(), &text[close + 1..])
    } else {
        let colon = text
            .find(": ")
            .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
        (text[..colon].to_owned(), &text[colon..])
    };
    (rest == ":" || rest.starts_with(": ")).then_some(key)
}

impl Lines {
    /// Splits `text` into lines.
    pub fn new(text: &str) -> Self {
        Self {
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    /// The text, ending in a newline.
    pub fn text(&self) -> String {
        let mut out = self.lines.join("\n");
        out.push('\n');
        out
    }

    /// The first line after `start` at or under `indent`, ignoring blank
    /// and comment lines: where the block that starts at `start` ends.
    fn block_end(&self, start: usize, indent: usize) -> usize {
        (start + 1..self.lines.len())
            .find(|i| {
                let line = &self.lines[*i];
                !is_blank(line) && !is_comment(line) && indent_of(line) <= indent
            })
            .unwrap_or(self.lines.len())
    }

    /// The line of the node at `keys` (a path of mapping keys from the
    /// document's root), if every step is a block-mapping key.
    pub fn find(&self, keys: &[&str]) -> Option<usize> {
        let mut from = 0;
        let mut to = self.lines.len();
        let mut indent: Option<usize> = None;
        let mut found = None;
        for key in keys {
            // The children of the current node: the lines of its block
            // at the indentation of its first child.
            let child_indent = (from..to)
                .map(|i| &self.lines[i])
                .find(|l| !is_blank(l) && !l.trim_start().starts_with('#'))
                .map(|l| indent_of(l))?;
            if indent.is_some_and(|parent| child_indent <= parent) {
                return None;
            }
            let line = (from..to).find(|i| {
                let l = &self.lines[*i];
                indent_of(l) == child_indent && key_of(l).as_deref() == Some(*key)
            })?;
            found = Some(line);
            indent = Some(child_indent);
            from = line + 1;
            to = self.block_end(line, child_indent);
        }
        found
    }

    /// Replaces the value of the one-line `key: value` at `line` with
    /// `value`, written in block style under the same key.
    pub fn replace_value(&mut self, line: usize, value: &Value) -> Result<()> {
        let indent = indent_of(&self.lines[line]);
        let end = self.block_end(line, indent);
        if (line + 1..end).any(|i| !is_blank(&self.lines[i]) && !is_comment(&self.lines[i])) {
            bail!(
                "line {}: the value spans several lines; only a one-line value is replaced",
                line + 1
            );
        }
        let text = self.lines[line].trim_start();
        let Some(key_text) = key_prefix(text) else {
            bail!("line {}: not a `key: value` line", line + 1);
        };
        let mut out = Vec::new();
        emit_entry(&mut out, indent, key_text, value);
        self.lines.splice(line..=line, out);
        Ok(())
    }

    /// Adds `key: value` as the last entry of the block mapping at `line`,
    /// after its last entry's lines, with `comment` (a blank line and a
    /// `# …` line) first when given.
    pub fn append_entry(
        &mut self,
        line: usize,
        key: &str,
        value: &Value,
        comment: Option<&str>,
    ) -> Result<()> {
        let indent = indent_of(&self.lines[line]);
        let end = self.block_end(line, indent);
        // After the block's last line of content: before the blank lines
        // and the comments of what follows (a section comment).
        let mut at = end;
        while at > line + 1
            && (is_blank(&self.lines[at - 1])
                || (is_comment(&self.lines[at - 1]) && indent_of(&self.lines[at - 1]) <= indent))
        {
            at -= 1;
        }
        let child_indent = (line + 1..at)
            .map(|i| &self.lines[i])
            .find(|l| !is_blank(l) && !l.trim_start().starts_with('#'))
            .map_or(indent + 2, |l| indent_of(l));
        if at == line + 1 && !self.lines[line].trim_end().ends_with(':') {
            bail!("line {}: not a block mapping", line + 1);
        }
        let mut out = Vec::new();
        if let Some(comment) = comment {
            // A section comment, after a blank line as in the spec.
            out.push(String::new());
            out.push(format!("{}# {comment}", " ".repeat(child_indent)));
        }
        emit_entry(&mut out, child_indent, &scalar_key(key), value);
        self.lines.splice(at..at, out);
        Ok(())
    }
}

/// `key` of `key: value` as written (quotes kept).
fn key_prefix(text: &str) -> Option<&str> {
    if let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let close = text[1..].find(quote)? + 1;
        return Some(&text[..=close]);
    }
    text.find(": ").map(|colon| &text[..colon])
}

/// A plain scalar needs no quotes: it reads back as the same string.
fn plain(text: &str) -> bool {
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    !text.is_empty()
        && !reserved.contains(&text.to_ascii_lowercase().as_str())
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./ ".contains(c))
        && !text.ends_with(' ')
        && !text.contains("  ")
}

/// A string as a YAML scalar: plain when safe, single-quoted when it is
/// printable on one line, else double-quoted with JSON's escapes (valid
/// YAML: a line break or a control character survives).
fn scalar_key(text: &str) -> String {
    if plain(text) {
        text.to_owned()
    } else if text.chars().all(|c| !c.is_control()) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "''".to_owned())
    }
}

/// Whether `text` reads back the same from a folded (`>-`) block: one
/// line, single spaces between words, none at either end.
fn foldable(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| !c.is_control())
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
}

/// A scalar value on one line.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => scalar_key(text),
        Value::Null => "null".to_owned(),
        other => other.to_string(),
    }
}

/// A value written on the key's line, when it fits the style: scalars,
/// `{}`, `{$ref: '…'}`, `[]` and short lists of scalars.
fn inline(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) if map.is_empty() => Some("{}".to_owned()),
        Value::Object(map) if map.len() == 1 => map
            .get("$ref")
            .and_then(Value::as_str)
            .map(|target| format!("{{$ref: {}}}", scalar_key(target))),
        Value::Object(_) => None,
        Value::Array(items) => {
            if !items.iter().all(|i| !i.is_array() && !i.is_object()) {
                return None;
            }
            let text = format!(
                "[{}]",
                items.iter().map(scalar).collect::<Vec<_>>().join(", ")
            );
            (text.len() <= WIDTH / 2 || items.is_empty()).then_some(text)
        }
        Value::String(text) if text.len() > WIDTH / 2 && foldable(text) => None,
        other => Some(scalar(other)),
    }
}

/// Keys of `map` in the hand-written order.
fn ordered(map: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| {
        (
            KEY_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(KEY_ORDER.len()),
            (*k).clone(),
        )
    });
    keys
}

/// Writes `key: value` at `indent` (the key already written as YAML).
pub fn emit_entry(out: &mut Vec<String>, indent: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    if let Some(text) = inline(value) {
        out.push(format!("{pad}{key}: {text}"));
        return;
    }
    match value {
        Value::String(text) => {
            out.push(format!("{pad}{key}: >-"));
            out.extend(fold(text, indent + 2));
        }
        Value::Object(map) => {
            out.push(format!("{pad}{key}:"));
            // Under `properties`, keys are names (in name order), not keywords.
            let keys: Vec<&String> = if key == "properties" {
                map.keys().collect()
            } else {
                ordered(map)
            };
            for k in keys {
                emit_entry(out, indent + 2, &scalar_key(k), &map[k]);
            }
        }
        Value::Array(items) => {
            out.push(format!("{pad}{key}:"));
            for item in items {
                emit_item(out, indent + 2, item);
            }
        }
        _ => out.push(format!("{pad}{key}: {}", scalar(value))),
    }
}

/// Writes one `- item` of a block sequence at `indent`.
fn emit_item(out: &mut Vec<String>, indent: usize, item: &Value) {
    let pad = " ".repeat(indent);
    if let Some(text) = inline(item) {
        out.push(format!("{pad}- {text}"));
        return;
    }
    let Value::Object(map) = item else {
        // A long string or a nested list: one line (JSON is YAML).
        let text = match item {
            Value::String(text) => scalar_key(text),
            other => other.to_string(),
        };
        out.push(format!("{pad}- {text}"));
        return;
    };
    let mut inner = Vec::new();
    for k in ordered(map) {
        emit_entry(&mut inner, indent + 2, &scalar_key(k), &map[k]);
    }
    if let Some(first) = inner.first_mut() {
        let rest = first[indent + 2..].to_owned();
        *first = format!("{pad}- {rest}");
    }
    out.extend(inner);
}

/// `text` as the lines of a folded (`>-`) block at `indent`, wrapped at
/// [`WIDTH`]. Words are split at single spaces, which folding joins back.
fn fold(text: &str, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > WIDTH {
            lines.push(format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(format!("{pad}{line}"));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEXT: &str = "\
# a comment kept
paths:
  /a:
    get:
      responses:
        '2XX': {$ref: '#/components/responses/Undocumented'}
        '401': {$ref: '#/components/responses/Unauthenticated'}

components:
  schemas:
    # ---- a section ----
    A:
      type: object
      properties:
        id: {type: integer}

    B: {type: string}
";

    #[test]
    fn finds_nodes_by_their_keys() {
        let lines = Lines::new(TEXT);
        assert_eq!(
            lines.find(&["paths", "/a", "get", "responses", "2XX"]),
            Some(5)
        );
        assert_eq!(
            lines.find(&["components", "schemas", "A", "properties"]),
            Some(13)
        );
        assert_eq!(lines.find(&["components", "schemas", "C"]), None);
        assert_eq!(lines.find(&["paths", "/a", "post"]), None);
    }

    #[test]
    fn replaces_and_appends_in_the_files_style() -> Result<()> {
        let mut lines = Lines::new(TEXT);
        let at = lines
            .find(&["paths", "/a", "get", "responses", "2XX"])
            .ok_or_else(|| anyhow::anyhow!("not found"))?;
        lines.replace_value(
            at,
            &json!({"description": "Learned.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AResponse"}}}}),
        )?;
        let at = lines
            .find(&["components", "schemas", "A", "properties"])
            .ok_or_else(|| anyhow::anyhow!("not found"))?;
        lines.append_entry(
            at,
            "name",
            &json!({"type": "string", "nullable": true}),
            None,
        )?;
        let at = lines
            .find(&["components", "schemas"])
            .ok_or_else(|| anyhow::anyhow!("not found"))?;
        lines.append_entry(
            at,
            "AResponse",
            &json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}),
            Some("---- learned ----"),
        )?;
        insta::assert_snapshot!(lines.text());
        Ok(())
    }

    #[test]
    fn long_text_is_folded_and_odd_strings_quoted() {
        let mut out = Vec::new();
        let long = "word ".repeat(30).trim_end().to_owned();
        emit_entry(
            &mut out,
            2,
            "d",
            &json!({"description": long, "example": "2026-06-16 21:02:05", "enum": ["yes", "it's"]}),
        );
        assert!(out.iter().all(|l| l.len() <= WIDTH), "{out:#?}");
        assert!(
            out.contains(&"    example: '2026-06-16 21:02:05'".to_owned()),
            "{out:#?}"
        );
        assert!(
            out.contains(&"    enum: ['yes', 'it''s']".to_owned()),
            "{out:#?}"
        );
    }

    #[test]
    fn every_string_reads_back_as_written() -> Result<()> {
        let long = "a long value ".repeat(5);
        let strings = [
            "two\nlines",
            "  padded  ",
            "double  space",
            "tab\there",
            long.trim_end(),
            "'quoted'",
            "colon: inside",
            "# not a comment",
            "123",
            "",
        ];
        let value = json!({
            "description": strings,
            "items": strings.iter().map(|s| json!({"d": s})).collect::<Vec<_>>(),
            "nested": [[1, 2], ["x"]],
            "texts": strings.iter().map(|s| json!({"description": s})).collect::<Vec<_>>(),
        });
        let mut out = Vec::new();
        emit_entry(&mut out, 0, "root", &value);
        let text = out.join("\n");
        let back: Value = yaml_serde::from_str(&text)?;
        assert_eq!(back["root"], value, "{text}");
        Ok(())
    }

    #[test]
    fn a_one_line_value_before_a_blank_line_is_replaced() -> Result<()> {
        let mut lines = Lines::new("a:\n  b: {x: 1}\n\n  # c\nd: 2\n");
        let at = lines
            .find(&["a", "b"])
            .ok_or_else(|| anyhow::anyhow!("no b"))?;
        lines.replace_value(at, &json!({"z": [1]}))?;
        assert_eq!(lines.text(), "a:\n  b:\n    z: [1]\n\n  # c\nd: 2\n");
        Ok(())
    }
}

//! The three renderings of a list of changes: Markdown for pull requests,
//! JSON for tools, text for terminals.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::change::{Change, Direction, Kind, OperationRef, Side, Verdict};

/// A change as reviewers read it: once, with every format and operation it
/// touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct GroupKey {
    verdict: Verdict,
    wire: Verdict,
    generated: Verdict,
    api: String,
    kind: Kind,
    detail: Option<Kind>,
    direction: Direction,
    location: String,
    side: Side,
    message: String,
    note: Option<String>,
}

fn key(change: &Change) -> GroupKey {
    GroupKey {
        verdict: change.verdict,
        wire: change.wire,
        generated: change.generated,
        api: change.api.clone(),
        kind: change.kind,
        detail: change.detail,
        direction: change.direction,
        location: change.location.clone(),
        side: change.side,
        message: change.message.clone(),
        note: change.note.clone(),
    }
}

#[derive(Default)]
struct Group {
    formats: BTreeSet<Option<String>>,
    operations: BTreeSet<OperationRef>,
}

fn groups(changes: &[Change]) -> BTreeMap<GroupKey, Group> {
    let mut out: BTreeMap<GroupKey, Group> = BTreeMap::new();
    for change in changes {
        let group = out.entry(key(change)).or_default();
        group.formats.insert(change.format.clone());
        group.operations.insert(change.operation.clone());
    }
    out
}

/// What a breaking change breaks, for people.
fn breaks(wire: Verdict, generated: Verdict) -> &'static str {
    match (wire, generated) {
        (Verdict::Breaking, Verdict::Breaking) => "breaks clients on the wire and generated code",
        (Verdict::Breaking, Verdict::NonBreaking) => "breaks clients on the wire",
        (Verdict::NonBreaking, Verdict::Breaking) => {
            "breaks generated code only: the wire is compatible"
        }
        (Verdict::NonBreaking, Verdict::NonBreaking) => "breaks nothing",
    }
}

fn format_name(format: &Option<String>) -> &str {
    format.as_deref().unwrap_or("—")
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Request => "request",
        Direction::Response => "response",
        Direction::Operation => "operation",
    }
}

/// Per API and format: the breaking groups, the other groups, the operations.
type FormatSummary<'a> = (
    BTreeSet<&'a GroupKey>,
    BTreeSet<&'a GroupKey>,
    BTreeSet<&'a OperationRef>,
);

/// Operations listed in full up to this many; more go in a `<details>` block.
const OPERATIONS_INLINE: usize = 6;

/// The Markdown report stays under this many bytes, to fit a pull-request
/// comment (GitHub takes 65,536 characters): changes that do not fit are
/// counted at the end, the breaking ones first in line.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// A pull-request comment: a summary table per API and format, then the
/// breaking changes, then the others, each with the operations it touches;
/// at most [`MARKDOWN_LIMIT`] bytes.
/// `full`: where the complete report is written, named in the last line
/// of a cut report.
pub fn markdown(changes: &[Change], base: &str, head: &str, full: Option<&str>) -> String {
    markdown_within(changes, base, head, MARKDOWN_LIMIT, full)
}

/// Every change in Markdown, however long: the file beside a cut report.
pub fn markdown_full(changes: &[Change], base: &str, head: &str) -> String {
    markdown_within(changes, base, head, usize::MAX, None)
}

/// [`markdown`] within `limit` bytes: the changes that do not fit are
/// counted in a last line that says where the whole list is (`full`, the
/// complete report's path, or the commands that print every change).
pub fn markdown_within(
    changes: &[Change],
    base: &str,
    head: &str,
    limit: usize,
    full: Option<&str>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API description changes: {base} → {head}\n");
    if changes.is_empty() {
        out.push_str(
            "No change reaches a client: every operation, parameter and schema is the same.\n",
        );
        return out;
    }
    let groups = groups(changes);
    let breaking = groups
        .keys()
        .filter(|k| k.verdict == Verdict::Breaking)
        .count();
    let _ = writeln!(
        out,
        "**{breaking} breaking, {} non-breaking** (each counted once, however many formats and operations it touches)\n",
        groups.len() - breaking
    );
    summary_table(&mut out, changes, &groups);
    // (changes left out, of which breaking)
    let mut left_out = (0usize, 0usize);
    for (verdict, title) in [
        (Verdict::Breaking, "Breaking"),
        (Verdict::NonBreaking, "Non-breaking"),
    ] {
        let selected: Vec<(&GroupKey, &Group)> = groups
            .iter()
            .filter(|(k, _)| k.verdict == verdict)
            .collect();
        if selected.is_empty() {
            continue;
        }
        if left_out.0 > 0 {
            left_out.0 += selected.len();
            left_out.1 += usize::from(verdict == Verdict::Breaking) * selected.len();
            continue;
        }
        let heading = format!("\n#### {title}\n\n");
        for (index, (key, group)) in selected.iter().enumerate() {
            // The heading goes in with the first item, never alone.
            let mut item = if index == 0 {
                heading.clone()
            } else {
                String::new()
            };
            group_item(&mut item, index + 1, key, group);
            if left_out.0 > 0 || out.len() + item.len() + FOOTER_ROOM > limit {
                left_out.0 += 1;
                left_out.1 += usize::from(verdict == Verdict::Breaking);
                continue;
            }
            out.push_str(&item);
        }
    }
    if left_out.0 > 0 {
        let whole = match full {
            // Bounded: the footer must fit its room.
            Some(path) => format!(
                "the full report is `{}`",
                path.chars().take(160).collect::<String>().replace('`', "'")
            ),
            None => {
                "`cargo xtask diff --format text` (or `--format json`) lists every one".to_owned()
            }
        };
        let _ = writeln!(
            out,
            "\n**{} more changes ({} of them breaking) do not fit in this report**: {whole}.",
            left_out.0, left_out.1
        );
    }
    out
}

/// Room kept for the last line of a cut report.
const FOOTER_ROOM: usize = 300;

/// The table of changes per API and format: each group counted once per
/// format it touches.
fn summary_table(out: &mut String, changes: &[Change], groups: &BTreeMap<GroupKey, Group>) {
    out.push_str("| API | format | breaking | non-breaking | operations touched |\n|---|---|---:|---:|---:|\n");
    let mut per_format: BTreeMap<(String, Option<String>), FormatSummary<'_>> = BTreeMap::new();
    for change in changes {
        let entry = per_format
            .entry((change.api.clone(), change.format.clone()))
            .or_default();
        let group = groups.get_key_value(&key(change)).map(|(k, _)| k);
        if let Some(group) = group {
            match change.verdict {
                Verdict::Breaking => entry.0.insert(group),
                Verdict::NonBreaking => entry.1.insert(group),
            };
        }
        entry.2.insert(&change.operation);
    }
    for ((api, format), (b, n, ops)) in &per_format {
        let _ = writeln!(
            out,
            "| {api} | {} | {} | {} | {} |",
            format_name(format),
            b.len(),
            n.len(),
            ops.len()
        );
    }
}

/// One numbered item: the change, where, in which formats, and the
/// operations it touches (folded when there are many).
fn group_item(out: &mut String, number: usize, key: &GroupKey, group: &Group) {
    let kind = match key.detail {
        Some(detail) => format!("{} ({})", key.kind.name(), detail.name()),
        None => key.kind.name().to_owned(),
    };
    let _ = writeln!(
        out,
        "{number}. **{kind}** — {} ({})",
        key.message,
        direction_name(key.direction)
    );
    if key.verdict == Verdict::Breaking {
        let _ = writeln!(out, "   - {}", breaks(key.wire, key.generated));
    }
    let side = match key.side {
        Side::Base => " (base)",
        Side::Head => "",
    };
    let formats = if group.formats.iter().all(Option::is_none) {
        String::new()
    } else {
        let names: Vec<String> = group
            .formats
            .iter()
            .map(|f| format!("`{}`", format_name(f)))
            .collect();
        format!(" · formats: {}", names.join(", "))
    };
    let _ = writeln!(
        out,
        "   - at `{}`{side} · {}{formats}",
        key.location, key.api
    );
    if let Some(note) = &key.note {
        let _ = writeln!(out, "   - {note}");
    }
    let operations: Vec<String> = group
        .operations
        .iter()
        .map(|op| format!("`{}`", op.label()))
        .collect();
    if operations.len() <= OPERATIONS_INLINE {
        let _ = writeln!(out, "   - operations: {}", operations.join(", "));
    } else {
        let _ = writeln!(
            out,
            "   - <details><summary>{} operations</summary>\n\n     {}\n     </details>",
            operations.len(),
            operations.join(", ")
        );
    }
}

/// One line per change and operation.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let verdict = match (change.wire, change.generated) {
            (Verdict::Breaking, _) => "BREAKING",
            (Verdict::NonBreaking, Verdict::Breaking) => "GENERATED",
            (Verdict::NonBreaking, Verdict::NonBreaking) => "ok",
        };
        let kind = match change.detail {
            Some(detail) => format!("{}/{}", change.kind.name(), detail.name()),
            None => change.kind.name().to_owned(),
        };
        let field = change
            .field
            .as_deref()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{verdict:<8} {} {} {} {kind} {field}{}",
            change.api,
            format_name(&change.format),
            change.operation.label(),
            change.message
        );
    }
    let breaking = changes
        .iter()
        .filter(|c| c.verdict == Verdict::Breaking)
        .count();
    let wire = changes
        .iter()
        .filter(|c| c.wire == Verdict::Breaking)
        .count();
    let _ = writeln!(
        out,
        "diff: {} change record(s), {breaking} breaking ({wire} on the wire, {} for generated code only)",
        changes.len(),
        breaking - wire
    );
    out
}

/// The records as a JSON array (schema: `xtask/diff-report.schema.json`).
pub fn json(changes: &[Change]) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(changes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(index: usize, verdict: Verdict) -> Change {
        Change {
            api: "a".into(),
            format: None,
            operation: OperationRef {
                method: "GET".into(),
                path: format!("/items/{index}"),
                operation_id: Some(format!("get{index}")),
            },
            location: format!("/components/schemas/S{index}/properties/p"),
            side: Side::Base,
            field: Some("200 body.p".into()),
            kind: Kind::PropertyRemoved,
            detail: None,
            direction: Direction::Response,
            verdict,
            wire: verdict,
            generated: verdict,
            message: format!("property `p{index}` removed"),
            note: None,
        }
    }

    #[test]
    fn a_report_too_long_for_a_comment_is_cut_and_says_what_it_left_out() {
        let changes: Vec<Change> = (0..400)
            .map(|i| {
                change(
                    i,
                    if i < 300 {
                        Verdict::Breaking
                    } else {
                        Verdict::NonBreaking
                    },
                )
            })
            .collect();
        let whole = markdown_full(&changes, "b", "h");
        assert!(!whole.contains("do not fit"));
        assert_eq!(whole.matches("**property-removed**").count(), 400);
        let cut = markdown_within(&changes, "b", "h", 20_000, None);
        assert!(cut.len() <= 20_000, "{} bytes", cut.len());
        let shown = cut.matches("**property-removed**").count();
        assert!(shown > 0 && shown < 300, "{shown} shown");
        let footer = format!(
            "**{} more changes ({} of them breaking) do not fit",
            400 - shown,
            300 - shown
        );
        assert!(
            cut.contains(&footer),
            "{}",
            &cut[cut.len().saturating_sub(300)..]
        );
        assert!(cut.contains("`cargo xtask diff --format text`"));
        assert!(markdown(&changes, "b", "h", None).len() <= MARKDOWN_LIMIT);
        // With a full report written beside it, the footer names the file,
        // and a long name does not push the report over its limit.
        let named = markdown_within(&changes, "b", "h", 20_000, Some("target/diff-full.md"));
        assert!(named.contains("the full report is `target/diff-full.md`"));
        let long = "x".repeat(5_000);
        assert!(markdown_within(&changes, "b", "h", 20_000, Some(&long)).len() <= 20_000);
    }
}

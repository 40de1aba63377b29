//! The twins check of `cargo xtask interop`: in every language, the members
//! of a sibling group (one recording per format) must read equal with the
//! helpers of `clients/` applied as the README shows (the decoding scripts'
//! `twin`), and equal to what the Rust client reads (`rust_twin` of the
//! `decoded` binary); a difference fails unless an accepted entry with the
//! probe `twins` lists it (`*` does not: what the helpers exist for must
//! not be excused by the entry that points to them).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use regex::Regex;
use serde_json::Value;

use crate::interop_decoding::{Accepted, differences, pattern_of};

/// generator → sibling group → (case, the script's result) of each member.
pub(crate) type Groups<'a> = BTreeMap<&'a str, BTreeMap<String, Vec<(Value, Value)>>>;

/// Counts of the twins check of one generator.
#[derive(Debug, Default)]
pub(crate) struct TwinTally {
    pub(crate) groups: usize,
    /// Groups whose members read equal to each other (Rust aside).
    pub(crate) agree: usize,
    pub(crate) equal: usize,
    pub(crate) accepted: usize,
    pub(crate) wrong: Vec<String>,
}

/// Compares every group of every generator; counts each accepted entry
/// that explains a difference in `used`.
pub(crate) fn compare<'a>(
    twins: &Groups<'a>,
    accepted: &[(Accepted, Regex)],
    used: &mut [usize],
) -> BTreeMap<&'a str, TwinTally> {
    let mut twin_tallies: BTreeMap<&str, TwinTally> = BTreeMap::new();
    for (generator, groups) in twins {
        let tally = twin_tallies.entry(generator).or_default();
        for (group, members) in groups {
            let Some(((first, _), _)) = members.split_first() else {
                continue;
            };
            // As the Rust twins check: only where the Rust client decodes
            // (a pass-through body has no typed value to compare).
            if members.len() < 2 || members.iter().any(|(c, _)| c["rust_twin"].is_null()) {
                continue;
            }
            tally.groups += 1;
            let first_twin = members[0].1.get("twin");
            let agree = members.iter().all(|(_, result)| {
                let mut here = Vec::new();
                if let (Some(a), Some(b)) = (first_twin, result.get("twin")) {
                    differences(a, b, "", &mut here);
                    here.is_empty()
                } else {
                    false
                }
            });
            tally.agree += usize::from(agree);
            let mut found = Vec::new();
            for (case, result) in members {
                let format = case["format"].as_str().unwrap_or("?");
                let Some(twin) = result.get("twin") else {
                    found.push((case, format!("{format}: raised, no value")));
                    continue;
                };
                let mut here = Vec::new();
                differences(twin, &first["rust_twin"], "", &mut here);
                found.extend(here.into_iter().map(|p| (case, format!("{format}: {p}"))));
            }
            let mut unexplained = Vec::new();
            let mut explained = false;
            for (case, place) in found {
                let pointer = place.split_once(": ").map_or("", |(_, p)| p);
                let hit = accepted.iter().position(|(a, regex)| {
                    a.generator == *generator
                        && (a.document == "*"
                            || Some(a.document.as_str()) == case["document"].as_str())
                        && a.probe == "twins"
                        && a.covers(case["recording"].as_str().unwrap_or_default())
                        && regex.is_match(&pattern_of(pointer))
                });
                match hit {
                    Some(index) => {
                        used[index] += 1;
                        explained = true;
                    }
                    None => unexplained.push(place),
                }
            }
            if !unexplained.is_empty() {
                tally
                    .wrong
                    .push(format!("{group}: {}", unexplained.join(", ")));
            } else if explained {
                tally.accepted += 1;
            } else {
                tally.equal += 1;
            }
        }
    }
    twin_tallies
}

/// The twins table: per generator, the sibling groups compared and how
/// they read.
pub(crate) fn report(tallies: &BTreeMap<&str, TwinTally>) -> String {
    let mut out = String::from(
        "\n## Twins: sibling groups read with the helpers, equal across formats and to the Rust client\n\n\
         | generator | groups | formats agree | equal to Rust | differ, accepted | differ |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for (generator, t) in tallies {
        let _ = writeln!(
            out,
            "| {generator} | {} | {} | {} | {} | {} |",
            t.groups,
            t.agree,
            t.equal,
            t.accepted,
            t.wrong.len()
        );
    }
    for (generator, t) in tallies {
        for wrong in &t.wrong {
            let _ = writeln!(out, "\n**twins differ** {generator}: {wrong}");
        }
    }
    out
}

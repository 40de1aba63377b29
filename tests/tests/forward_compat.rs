//! Forward compatibility, measured: every recorded response with a JSON body
//! gets a field the spec does not know at every object level and an unknown
//! value for every enum; the generated client must decode all of them, keep
//! the unknown fields and values, and re-encode them unchanged.

use workspace_tests::conformance::{decode, response_schema};
use workspace_tests::mutation::{UNKNOWN_VALUE, mutate};
use workspace_tests::recording;
use workspace_tests::replay::{Outcome, Replayer};
use workspace_tests::spec_docs::Specs;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn unknown_fields_and_enum_values_never_fail_and_survive_reencoding() -> TestResult {
    let root = workspace_tests::workspace_root();
    let mut specs = Specs::new(&root);
    let replayer = Replayer::start().await;
    let (mut bodies, mut fields, mut values) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in recording::collect(&[root.join("tests/recordings")])? {
        let mut recorded = recording::load(&path)?;
        let api = recording::api_of(&path, &recorded, &specs.apis());
        let doc = specs.document(&api, recorded.format.as_deref())?;
        let Some(body) = recorded.response.body.clone() else {
            continue;
        };
        let (matched, _) = decode(&mut specs, &replayer, &api, &recorded).await?;
        let Some(pointer) = response_schema(&doc, &matched, &recorded)? else {
            continue;
        };
        let Some(schema) = doc.value.pointer(&pointer) else {
            continue;
        };
        let mutated = mutate(&doc.value, schema, &body);
        bodies += 1;
        fields += mutated.added_fields.len();
        values += mutated.replaced_values.len();
        recorded.response.body = Some(mutated.body.clone());
        let (_, outcome) = decode(&mut specs, &replayer, &api, &recorded).await?;
        let (decoded, debug) = match &outcome {
            Outcome::Success { value, debug, .. } => (value.clone(), debug.clone()),
            Outcome::ApiError {
                body: Some(body),
                error,
            } => (body.clone(), error.debug.clone()),
            other => {
                failures.push(format!("{}: decoded as {other:?}", path.display()));
                continue;
            }
        };
        for at in mutated.added_fields.iter().chain(&mutated.replaced_values) {
            if decoded.pointer(at) != mutated.body.pointer(at) {
                failures.push(format!(
                    "{}: {at} was not kept: {:?}",
                    path.display(),
                    decoded.pointer(at)
                ));
            }
        }
        let compact: String = debug.chars().filter(|c| !c.is_whitespace()).collect();
        // Every replaced value is its own `Unknown` variant.
        let unknowns = compact
            .matches(&format!("Unknown(\"{UNKNOWN_VALUE}\""))
            .count();
        if unknowns != mutated.replaced_values.len() {
            failures.push(format!(
                "{}: {} enum values replaced, {unknowns} Unknown variants: {compact}",
                path.display(),
                mutated.replaced_values.len()
            ));
        }
    }
    println!(
        "forward compatibility: {bodies} bodies, {fields} unknown fields added, {values} enum values replaced, {} failures",
        failures.len()
    );
    assert!(
        bodies >= 25 && fields >= 50 && values >= 10,
        "too few mutations to mean anything: {bodies} bodies, {fields} fields, {values} values"
    );
    assert!(failures.is_empty(), "{failures:#?}");
    Ok(())
}

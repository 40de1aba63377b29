//! `cargo xtask acceptance-learn`: the flow of README "Learning from live
//! traffic", end to end, in a scratch copy of the workspace (as
//! `acceptance-format`, whose build set-up it shares):
//!
//! 1. `simulate record`: a client session against a simulated upstream
//!    (`traffic::simulated`, shapes the spec does not document) through the
//!    recording proxy with `--twins`; the state-changing GET reached the
//!    upstream exactly as often as the client called it, and no secret is
//!    in any recording;
//! 2. the drift report of those recordings;
//! 3. `learn --out spec/defentry.yaml`;
//! 4. `diff` of the spec before and after (what a reviewer reads);
//! 5. `generate`, then `conformance --strict` over the live recordings and
//!    the workspace's own (but two body-less stand-ins for the body now
//!    learned);
//! 6. a program using the regenerated client against the simulated upstream
//!    in both formats: it compiles only if the learned fields are typed
//!    (`Timestamp`, `Flag`, dates, integers, nested structs), and checks
//!    that both formats decode to the same values;
//! 7. no secret in the learned spec, the generated code or any log.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{acceptance, conformance, diff, generate, scratch};

/// Workspace recordings of `getAlarm` that have no body because the docs
/// show none: once its body is learned, they no longer stand for it.
const STAND_INS: &[&str] = &[
    "paths/alarm-by-id.legacy.json",
    "paths/alarm-by-id.2026-06-12.json",
];

/// The program of step 6, written into the copy's `crates/defentry/examples`.
const TYPED_VALUES: &str = r#"//! Written by `cargo xtask acceptance-learn`: the regenerated client's
//! learned types, in both formats.
use defentry::types::{AccountCreate, Flag, Timestamp};
use defentry::{AppClient, Config, CrmClient, Format};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var("LEARNED_BASE_URL")?;
    let mut seen = Vec::new();
    for format in Format::ALL {
        let config = Config::new(&base)?.with_format(*format);
        let app = AppClient::with_token(&config, "t".to_owned())?;
        let alarms = app.list_alarms().send().await?.into_inner();
        let first = &alarms.data[0];
        // Typed, or this does not compile.
        let created: &Timestamp = &first.created_at;
        let closed: &Option<Timestamp> = &first.closed_at;
        let read: &Flag = &first.is_read;
        let breach: &chrono::NaiveDate = &first.breach_date;
        let records: i64 = first.source.records;
        let total: i64 = alarms.meta.total;
        let one = app.get_alarm().alarm_id(3_i64).send().await?.into_inner();
        let one_closed: &Option<Timestamp> = &one.data.closed_at;
        let closed_now = app.close_alarm().alarm_id(3_i64).send().await?.into_inner();
        let closed_at: &Timestamp = &closed_now.data.closed_at;
        // The provisional account, with the fields learned into it.
        let crm = CrmClient::with_token(&config, "t".to_owned())?;
        let body = AccountCreate::builder().email("john.doe@example.com".to_owned());
        let account = crm.create_account().body(body).send().await?.into_inner();
        let account_created: &Option<Timestamp> = &account.data.created_at;
        let verified: &Option<Flag> = &account.data.is_verified;
        let line = format!(
            "{} {:?} {} {breach} {records} {total} {:?} {} {} {:?} {:?}",
            created.0,
            closed.as_ref().map(|t| t.0),
            **read,
            one_closed.as_ref().map(|t| t.0),
            closed_at.0,
            alarms.data.len(),
            account_created.as_ref().map(|t| t.0),
            verified.map(|f| *f),
        );
        println!("{}: {line}", format.name());
        seen.push(line);
    }
    if seen.windows(2).any(|w| w[0] != w[1]) {
        return Err("the formats decoded to different values".into());
    }
    println!("typed values equal in {} formats", seen.len());
    Ok(())
}
"#;

/// A scratch copy of the workspace whose spec learned from a recorded
/// session of the simulated upstream, regenerated (steps 1 to 5).
pub struct LearnedCopy {
    /// The folder holding the copy, its cargo configuration and the logs.
    pub parent: PathBuf,
    /// The copy.
    pub copy: PathBuf,
    /// The live recordings.
    pub live: PathBuf,
    /// The output of every command run, scanned for secrets at the end.
    pub logs: PathBuf,
    /// The learned source spec.
    pub spec: PathBuf,
}

/// Steps 1 to 5 in `<temp>/<name>`: record, drift, learn, diff, generate.
pub fn learned_copy(root: &Path, name: &str) -> Result<LearnedCopy> {
    let parent = std::env::temp_dir().join(name);
    let _ = std::fs::remove_dir_all(&parent);
    let copy = parent.join("workspace");
    scratch::copy_tree(root, &copy)?;
    acceptance::write_cargo_config(root, &parent, &copy)?;
    let live = copy.join("tests/recordings/defentry/live");
    let logs = parent.join("logs");
    std::fs::create_dir_all(&logs)?;

    // 1. Record. The traffic binaries run from the workspace (built once
    // there), reading the copy's spec.
    traffic(root, "simulate", &logs, |c| {
        c.args(["record", "--out"])
            .arg(&live)
            .arg("--root")
            .arg(&copy);
    })?;
    // 2. The drift report a team reviews before learning.
    traffic(root, "drift", &logs, |c| {
        c.arg("--root").arg(&copy).arg(&live);
    })?;
    // 3. Learn into the copy's source spec.
    let spec = copy.join("spec/defentry.yaml");
    traffic(root, "learn", &logs, |c| {
        c.arg("--root")
            .arg(&copy)
            .arg("--out")
            .arg(&spec)
            .arg(&live);
    })?;
    // 4. The reviewer's diff.
    let (changes, _, _) = diff::changes(
        root,
        &diff::Request {
            base: None,
            head: None,
            files: vec![root.join("spec/defentry.yaml"), spec.clone()],
            output: diff::Output::Text,
            full_report: None,
        },
    )?;
    println!(
        "acceptance-learn: `cargo xtask diff` finds {} change(s):\n{}",
        changes.len(),
        diff::report::text(&changes)
    );
    if changes.is_empty() {
        bail!("learn changed nothing the diff reports");
    }
    // 5. Regenerate.
    generate::run(&copy, false).context("generate in the scratch copy")?;
    Ok(LearnedCopy {
        parent,
        copy,
        live,
        logs,
        spec,
    })
}

/// Runs the acceptance test; prints its time.
pub fn run(root: &Path) -> Result<()> {
    let started = Instant::now();
    let LearnedCopy {
        parent,
        copy,
        live,
        logs,
        spec,
    } = learned_copy(root, "defentry-acceptance-learn")?;
    // 5. The live recordings and the workspace's own conform, but for the
    // stand-ins that say the learned body is undocumented.
    let recordings = scratch::files(&copy.join("tests/recordings"))?;
    let checked: Vec<PathBuf> = recordings
        .iter()
        .filter(|file| !STAND_INS.iter().any(|s| file.ends_with(s)))
        .map(|file| copy.join("tests/recordings").join(file))
        .collect();
    println!(
        "acceptance-learn: conformance --strict on {} recordings ({} live; left out: {}, body-less stand-ins for the undocumented `getAlarm` body)",
        checked.len(),
        scratch::files(&live)?.len(),
        STAND_INS.join(", ")
    );
    conformance::run(&copy, true, &checked).context("conformance --strict in the scratch copy")?;
    // 6. Typed values from the regenerated client, in both formats.
    std::fs::write(
        copy.join("crates/defentry/examples/learned_values.rs"),
        TYPED_VALUES,
    )?;
    typed_values(root, &copy, &logs)?;
    // 7. No secret anywhere in what this produced.
    traffic(root, "simulate", &parent.join("scan-logs"), |c| {
        c.arg("scan")
            .arg(&spec)
            .arg(copy.join("spec/dist"))
            .arg(copy.join("crates/defentry/src"))
            .arg(&live)
            .arg(&logs);
    })?;
    let _ = std::fs::remove_dir_all(&parent);
    println!(
        "acceptance-learn: passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs a `traffic` binary from the workspace with `args`, its output shown
/// and kept under `logs` (scanned for secrets at the end).
pub(crate) fn traffic(
    root: &Path,
    bin: &str,
    logs: &Path,
    args: impl FnOnce(&mut Command),
) -> Result<()> {
    std::fs::create_dir_all(logs)?;
    let mut command = crate::cargo_run("traffic", "--bin", bin);
    command.current_dir(root);
    args(&mut command);
    println!("$ {bin} …");
    let output = command
        .output()
        .with_context(|| format!("cannot run {bin}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    let n = std::fs::read_dir(logs)?.count();
    std::fs::write(
        logs.join(format!("{n}-{bin}.log")),
        format!("{stdout}{stderr}"),
    )?;
    if !output.status.success() {
        bail!("{bin} failed ({})", output.status);
    }
    Ok(())
}

/// Step 6: the simulated upstream serves; the copy's example reads it.
fn typed_values(root: &Path, copy: &Path, logs: &Path) -> Result<()> {
    let mut server = crate::cargo_run("traffic", "--bin", "simulate")
        .arg("serve")
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start simulate serve")?;
    let result = (|| {
        let stdout = server.stdout.take().context("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("simulate serve said {line:?}"))?
            .to_owned();
        let output = crate::cargo()
            .args([
                "run",
                "--quiet",
                "--locked",
                "-p",
                "defentry",
                "--example",
                "learned_values",
            ])
            .env("LEARNED_BASE_URL", &base)
            .current_dir(copy)
            .output()
            .context("cannot run the learned_values example")?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        print!("{text}");
        std::fs::write(logs.join("learned_values.log"), &text)?;
        if !output.status.success() {
            bail!("the regenerated client's typed values: {}", output.status);
        }
        Ok(())
    })();
    // Closing stdin stops the server.
    drop(server.stdin.take());
    let _ = server.wait();
    result
}

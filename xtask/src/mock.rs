//! `cargo xtask mock [--port P] [PATH…]`: the replay mock of the `tests`
//! crate in the foreground; and a background mock for CI's quickstart run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

/// Serves `paths` (relative to the current folder; default
/// `tests/recordings`) on 127.0.0.1:`port` until Ctrl-C.
pub fn run(root: &Path, port: u16, paths: &[PathBuf]) -> Result<()> {
    let current = std::env::current_dir()?;
    let status = crate::cargo_run("workspace-tests", "--bin", "mock")
        .arg("--root")
        .arg(root)
        .args(["--port", &port.to_string()])
        .args(paths.iter().map(|p| current.join(p)))
        .current_dir(root)
        .status()?;
    if !status.success() {
        bail!("the mock exited with {status}");
    }
    Ok(())
}

/// A mock running in the background; stopped when dropped.
pub struct Background {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the mock and starts it on a free port with `tests/recordings`;
/// its log lines are forwarded, indented.
pub fn spawn(root: &Path) -> Result<Background> {
    let binary = built_executable(root, &["--package", "workspace-tests", "--bin", "mock"])?;
    let mut child = Command::new(binary)
        .arg("--root")
        .arg(root)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start the mock")?;
    let stdout = child.stdout.take().context("the mock has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().context("the mock exited before listening")??;
    let url = first
        .strip_prefix("mock: listening on ")
        .and_then(|rest| rest.split_whitespace().next())
        .with_context(|| format!("unexpected first line from the mock: {first}"))?
        .to_owned();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            println!("    mock | {line}");
        }
    });
    Ok(Background { child, url })
}

/// Builds a target and returns the path of its executable (from cargo's JSON
/// messages, so a custom target folder is respected).
fn built_executable(root: &Path, target: &[&str]) -> Result<PathBuf> {
    let output = crate::cargo()
        .args([
            "build",
            "--quiet",
            "--locked",
            "--message-format=json-render-diagnostics",
        ])
        .args(target)
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("cargo build {} failed", target.join(" "));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| message.get("executable")?.as_str().map(PathBuf::from))
        .next_back()
        .with_context(|| format!("cargo built no executable for {}", target.join(" ")))
}

/// Runs the quickstart example end to end against a fresh mock, in every
/// format of the spec.
pub fn quickstart(root: &Path) -> Result<()> {
    let source = crate::spec_source::load(root, "spec/defentry.yaml")?;
    let names: Vec<String> = crate::formats::formats(&source.doc, "defentry")?
        .into_iter()
        .filter_map(|f| f.name)
        .collect();
    let mock = spawn(root)?;
    for format in &names {
        println!(
            "$ DEFENTRY_FORMAT={format} cargo run --example quickstart (against {})",
            mock.url
        );
        let status = crate::cargo_run("defentry", "--example", "quickstart")
            .env("DEFENTRY_API_DOMAIN", &mock.url)
            .env("DEFENTRY_USERNAME", "acme-backend-integration@partner.com")
            .env("DEFENTRY_PASSWORD", "your_service_account_password")
            .env("DEFENTRY_FORMAT", format)
            .env("DEFENTRY_ALARM_ID", "7")
            .current_dir(root)
            .status()?;
        if !status.success() {
            bail!("the quickstart failed in the {format} format ({status})");
        }
    }
    Ok(())
}

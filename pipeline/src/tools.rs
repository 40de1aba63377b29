//! The pinned external tools (`tools/`): checked for, installed on first use
//! into ignored folders, reused after, and reinstalled when a pin changes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Oldest Node.js the pinned npm tools support.
const NODE_MAJOR: u32 = 20;

/// How a missing system program is installed on Debian.
struct Requirement {
    program: &'static str,
    version_args: &'static [&'static str],
    debian: &'static [&'static str],
    note: &'static str,
}

const JAVA: Requirement = Requirement {
    program: "java",
    version_args: &["-version"],
    debian: &["openjdk-17-jre-headless"],
    note: "openapi-generator-cli runs its bundled jar on it",
};
const PYTHON: Requirement = Requirement {
    program: "python3",
    version_args: &["--version"],
    debian: &["python3", "python3-venv"],
    note: "for the tools' venv",
};
const CHROMIUM: Requirement = Requirement {
    program: "chromium",
    version_args: &["--version"],
    debian: &["chromium"],
    note: "the browser test of the reference pages runs it headless",
};
const NODE: Requirement = Requirement {
    program: "node",
    version_args: &["--version"],
    debian: &[],
    note: "Node.js 20 or newer with npm (Debian 12 ships 18: install Node 20 from nodejs.org or NodeSource)",
};

fn runs(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then(|| {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        text
    })
}

/// Makes sure `requirement` is on the machine: installs its Debian packages
/// when that is possible (root with apt-get), else says how.
fn ensure(requirement: &Requirement) -> Result<()> {
    if runs(requirement.program, requirement.version_args).is_some() {
        return Ok(());
    }
    let line = format!("apt-get install -y {}", requirement.debian.join(" "));
    let can_apt = !requirement.debian.is_empty()
        && runs("apt-get", &["--version"]).is_some()
        && runs("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    if can_apt {
        println!(
            "installing {} ({}): {line}",
            requirement.program, requirement.note
        );
        let update = Command::new("apt-get").args(["update", "-q"]).status()?;
        let install = Command::new("apt-get")
            .args(["install", "-y", "-q"])
            .args(requirement.debian)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()?;
        if update.success()
            && install.success()
            && runs(requirement.program, requirement.version_args).is_some()
        {
            return Ok(());
        }
    }
    if requirement.debian.is_empty() {
        bail!("`{}` is missing: {}", requirement.program, requirement.note);
    }
    bail!(
        "`{}` is missing ({}); install it with: {line}",
        requirement.program,
        requirement.note
    )
}

fn ensure_node() -> Result<()> {
    ensure(&NODE)?;
    let version = runs("node", &["--version"]).unwrap_or_default();
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < NODE_MAJOR {
        bail!("Node.js {} is too old: {}", version.trim(), NODE.note);
    }
    if runs("npm", &["--version"]).is_none() {
        bail!("npm is missing: {}", NODE.note);
    }
    Ok(())
}

/// Reruns `install` only when `pins` changed since the last install (a copy
/// of the pin file is kept as `stamp`).
fn install_once(
    pins: &Path,
    stamp: &Path,
    what: &str,
    install: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let wanted = std::fs::read(pins).with_context(|| format!("cannot read {}", pins.display()))?;
    if std::fs::read(stamp).ok().as_deref() == Some(wanted.as_slice()) {
        return Ok(());
    }
    let started = Instant::now();
    println!("installing {what} (first use, or the pins changed)");
    install()?;
    std::fs::write(stamp, wanted)?;
    println!(
        "installed {what} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Debian's Chromium, installed when missing; its path.
pub fn chromium() -> Result<PathBuf> {
    ensure(&CHROMIUM)?;
    let output = Command::new("sh")
        .args(["-c", "command -v chromium"])
        .output()
        .context("cannot look for chromium")?;
    let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if path.is_empty() {
        bail!("chromium is installed but not on PATH");
    }
    Ok(PathBuf::from(path))
}

/// `tools/node_modules/.bin`, after `npm ci` if needed.
pub fn node_bin(root: &Path) -> Result<PathBuf> {
    ensure_node()?;
    let tools = root.join("tools");
    let modules = tools.join("node_modules");
    install_once(
        &tools.join("package-lock.json"),
        &modules.join(".installed-package-lock.json"),
        "the npm tools",
        || {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .current_dir(&tools)
                .status()
                .context("cannot run npm")?;
            if !status.success() {
                bail!("npm ci failed in tools/");
            }
            Ok(())
        },
    )?;
    Ok(modules.join(".bin"))
}

/// `tools/.venv/bin`, created from `tools/requirements.txt` if needed.
pub fn python_bin(root: &Path) -> Result<PathBuf> {
    ensure(&PYTHON)?;
    ensure(&JAVA)?;
    let tools = root.join("tools");
    let venv = tools.join(".venv");
    install_once(
        &tools.join("requirements.txt"),
        &venv.join("installed-requirements.txt"),
        "the Python tools",
        || make_venv(&venv, &tools.join("requirements.txt")),
    )?;
    Ok(venv.join("bin"))
}

/// A fresh venv at `venv` with `requirements` installed.
///
/// The venv is made without pip and pip is bootstrapped by a separate
/// `ensurepip` run whose output is kept: `python3 -m venv` alone reports only
/// "ensurepip returned non-zero exit status 1" (seen once in CI), so a failure
/// here prints what ensurepip said and the free space where the venv lives.
pub fn make_venv(venv: &Path, requirements: &Path) -> Result<()> {
    let status = Command::new("python3")
        .args(["-m", "venv", "--clear", "--without-pip"])
        .arg(venv)
        .status()
        .context("cannot run python3")?;
    if !status.success() {
        bail!(
            "python3 -m venv failed ({}): {}",
            venv.display(),
            PYTHON.note
        );
    }
    bootstrap_pip(venv)?;
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(requirements)
        .status()?;
    if !status.success() {
        bail!("pip install -r {} failed", requirements.display());
    }
    Ok(())
}

/// Installs pip into `venv` with `ensurepip`, trying twice; on failure the
/// error carries the end of ensurepip's output and the free disk space.
fn bootstrap_pip(venv: &Path) -> Result<()> {
    let mut last = None;
    for _ in 0..2 {
        let ran = run(Command::new(venv.join("bin/python")).args([
            "-m",
            "ensurepip",
            "--upgrade",
            "--default-pip",
        ]))?;
        if ran.ok {
            return Ok(());
        }
        last = Some(ran);
    }
    let said = last.map(|ran| tail(&ran.output, 20)).unwrap_or_default();
    let space = run(Command::new("df").arg("-h").arg(venv))
        .map(|ran| ran.output)
        .unwrap_or_else(|e| format!("df failed: {e}"));
    bail!(
        "ensurepip failed twice in {} ({}).\nensurepip said:\n{said}\nfree space:\n{space}",
        venv.display(),
        PYTHON.note
    )
}

/// The last `lines` non-empty lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    kept[kept.len().saturating_sub(lines)..].join("\n")
}

/// One external command's result, for the summary lines.
pub struct Ran {
    /// Whether it exited successfully.
    pub ok: bool,
    /// Its output (stdout then stderr).
    pub output: String,
    /// How long it took.
    pub elapsed: Duration,
}

/// Runs `command`, capturing its output.
pub fn run(command: &mut Command) -> Result<Ran> {
    let started = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok(Ran {
        ok: output.status.success(),
        output: text,
        elapsed: started.elapsed(),
    })
}

/// Prints one summary line per tool and document.
pub fn report(table: &mut Vec<(String, String, bool, f64)>, tool: &str, document: &str, ran: &Ran) {
    println!(
        "  {:<52} {:<28} {:<4} {:>6.1} s",
        tool,
        document,
        if ran.ok { "ok" } else { "FAIL" },
        ran.elapsed.as_secs_f64()
    );
    if !ran.ok {
        for line in ran.output.lines().filter(|l| !l.trim().is_empty()).take(40) {
            println!("      {line}");
        }
    }
    table.push((
        tool.to_owned(),
        document.to_owned(),
        ran.ok,
        ran.elapsed.as_secs_f64(),
    ));
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tail_keeps_the_last_non_empty_lines() {
        assert_eq!(tail("a\n\nb\nc\n\n", 2), "b\nc");
        assert_eq!(tail("only\n", 5), "only");
        assert_eq!(tail("", 3), "");
    }
}

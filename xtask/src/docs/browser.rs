//! The browser test of the reference pages: Debian's Chromium (installed
//! when missing), headless, a fresh profile, no network, driven by
//! `tools/docs/browser-test.mjs` (puppeteer-core, pinned in `tools/`).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::OUT;
use crate::tools;

/// Where the screenshots go.
pub const SCREENSHOTS: &str = "target/api-docs-screenshots";

/// Opens the index, switches format on one operation, checks the wire forms
/// and that nothing was requested from the network; saves screenshots.
pub fn check(root: &Path) -> Result<()> {
    tools::node_bin(root)?;
    let chromium = tools::chromium()?;
    let profile = tempfile::tempdir().context("cannot create a browser profile folder")?;
    let shots = root.join(SCREENSHOTS);
    std::fs::create_dir_all(&shots)?;
    let ran = tools::run(
        Command::new("node")
            .arg(root.join("tools/docs/browser-test.mjs"))
            .arg(&chromium)
            .arg(root.join(OUT))
            .arg(&shots)
            .arg(profile.path())
            .current_dir(root),
    )?;
    for line in ran.output.lines().filter(|l| !l.trim().is_empty()) {
        println!("  {line}");
    }
    if !ran.ok {
        bail!("the browser test failed");
    }
    println!(
        "docs browser test: ok ({:.1} s); screenshots in {SCREENSHOTS}/",
        ran.elapsed.as_secs_f64()
    );
    Ok(())
}

//! Builds, debug profile, in a scratch copy of the workspace (the working
//! tree is never touched): a clean build of `crates/defentry`, and the
//! one-field-change loop (edit the spec, regenerate, build, run the
//! defentry tests).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{Settings, median};

/// Build figures, seconds.
#[derive(Debug, Clone)]
pub struct Builds {
    /// Clean build of `crates/defentry` with its dependencies (`None`: not
    /// measured, in a quick run).
    pub cold: Option<f64>,
    /// Clean build of `crates/defentry` alone, dependencies built.
    pub crate_only: f64,
    /// The loop's parts, medians: regenerate, build, test.
    pub regenerate: f64,
    /// `cargo build -p defentry` after the change.
    pub build: f64,
    /// `cargo test -p defentry` after the build.
    pub test: f64,
    /// Median of the whole loop.
    pub total: f64,
    /// Loops measured.
    pub loops: usize,
}

struct Scratch {
    root: PathBuf,
    target_dir: PathBuf,
}

impl Scratch {
    fn cargo(&self, args: &[&str]) -> Result<f64> {
        let started = Instant::now();
        let output = crate::cargo()
            .args(args)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .current_dir(&self.root)
            .output()
            .context("cannot run cargo")?;
        let seconds = started.elapsed().as_secs_f64();
        if !output.status.success() {
            bail!(
                "cargo {} failed in the scratch workspace:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(seconds)
    }

    /// `cargo xtask generate`'s work on the scratch workspace, in this
    /// process (the release build). A user's `cargo xtask generate` runs the
    /// debug build through cargo, which is slower: the generation section
    /// measures that command (`generate --check`) in the workspace.
    fn regenerate(&self) -> Result<f64> {
        let started = Instant::now();
        crate::generate::run(&self.root, false)?;
        Ok(started.elapsed().as_secs_f64())
    }

    /// Adds one optional property to a response schema.
    fn add_field(&self, index: usize) -> Result<()> {
        let path = self.root.join("spec/defentry.yaml");
        let text = std::fs::read_to_string(&path)?;
        let anchor = "    ScanSite:\n";
        let at = text
            .find(anchor)
            .context("no ScanSite schema in the spec")?;
        let properties = text[at..]
            .find("      properties:\n")
            .map(|p| at + p + "      properties:\n".len())
            .context("ScanSite has no properties")?;
        let field = format!("        bench_probe_{index}:\n          type: string\n");
        let edited = format!("{}{field}{}", &text[..properties], &text[properties..]);
        std::fs::write(&path, edited)?;
        Ok(())
    }
}

/// Measures the builds and the loop.
pub fn measure(root: &Path, settings: &Settings) -> Result<Builds> {
    let bench = root.join("target/bench");
    // Outside the workspace: a copy nested in the original would be taken
    // for part of it by tools that look for the workspace root.
    let scratch_root = std::env::temp_dir().join("defentry-bench-workspace");
    let _ = std::fs::remove_dir_all(&scratch_root);
    crate::scratch::copy_tree(root, &scratch_root)?;
    // Never the workspace's own target folder: cargo names the artifacts of
    // workspace members by their path inside the workspace, so the copy's
    // builds would pass for the workspace's and leave its next build stale.
    // A quick run keeps its folder between runs; a full run starts empty.
    let target_dir = if settings.quick {
        bench.join("quick-target")
    } else {
        let dir = bench.join("target");
        let _ = std::fs::remove_dir_all(&dir);
        dir
    };
    let scratch = Scratch {
        root: scratch_root,
        target_dir,
    };
    let cold = if settings.quick {
        scratch.cargo(&["build", "--quiet", "-p", "defentry"])?;
        None
    } else {
        let seconds = scratch.cargo(&["build", "--quiet", "-p", "defentry"])?;
        println!("  clean build of defentry with dependencies: {seconds:.1} s");
        Some(seconds)
    };
    scratch.cargo(&["clean", "--quiet", "-p", "defentry"])?;
    let crate_only = scratch.cargo(&["build", "--quiet", "-p", "defentry"])?;
    println!("  clean build of defentry alone: {crate_only:.1} s");
    // The tests run once first, as in a developer's warm tree. A quick run
    // tests the library alone (CI runs every test elsewhere).
    let test_args: &[&str] = if settings.quick {
        &["test", "--quiet", "-p", "defentry", "--lib"]
    } else {
        &["test", "--quiet", "-p", "defentry"]
    };
    let first = scratch.cargo(test_args)?;
    println!(
        "  first `cargo {}` (not measured in the loop): {first:.1} s",
        test_args.join(" ")
    );
    let (mut regenerate, mut build, mut test, mut total) = (vec![], vec![], vec![], vec![]);
    for index in 0..settings.loops {
        scratch.add_field(index)?;
        let r = scratch.regenerate()?;
        let b = scratch.cargo(&["build", "--quiet", "-p", "defentry"])?;
        let t = scratch.cargo(test_args)?;
        println!(
            "  one-field change {}: regenerate {r:.2} s, build {b:.1} s, test {t:.1} s",
            index + 1
        );
        regenerate.push(r);
        build.push(b);
        test.push(t);
        total.push(r + b + t);
    }
    // The copy is only needed while measuring.
    let _ = std::fs::remove_dir_all(&scratch.root);
    Ok(Builds {
        cold,
        crate_only,
        regenerate: median(&regenerate),
        build: median(&build),
        test: median(&test),
        total: median(&total),
        loops: settings.loops,
    })
}

//! `cargo xtask client-helpers`: the tests of the Python and TypeScript
//! helpers in `clients/` (legacy flags, timestamps and error bodies read as
//! the Rust client reads them), against `clients/vectors.json`, which the
//! defentry crate's tests write and check.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::tools;

/// Runs both test suites; fails if either fails.
pub fn run(root: &Path) -> Result<()> {
    let python = tools::python_bin(root)?.join("python");
    let node = tools::node_bin(root)?;
    let out = root.join("target/clients-ts");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let mut table = Vec::new();
    let ran = tools::run(
        Command::new(&python)
            .args(["-m", "unittest", "discover", "-v", "-s", "clients/python"])
            .current_dir(root),
    )?;
    tools::report(&mut table, "python -m unittest", "clients/python", &ran);
    let mut ok = ran.ok;
    let compiled = tools::run(
        Command::new(node.join("tsc"))
            .args([
                "--strict",
                "--target",
                "es2020",
                "--module",
                "commonjs",
                "--types",
                "node",
                "--typeRoots",
                "tools/node_modules/@types",
                "--outDir",
                "target/clients-ts",
                "clients/typescript/defentry-formats.ts",
                "clients/typescript/defentry-formats.test.ts",
            ])
            .current_dir(root),
    )?;
    tools::report(&mut table, "tsc --strict", "clients/typescript", &compiled);
    ok &= compiled.ok;
    if compiled.ok {
        let tested = tools::run(
            Command::new("node")
                .arg("--test")
                .arg(&out)
                .env("VECTORS_DIR", root.join("clients"))
                .current_dir(root),
        )?;
        tools::report(&mut table, "node --test", "clients/typescript", &tested);
        ok &= tested.ok;
    }
    if !ok {
        bail!("the client helpers' tests failed");
    }
    Ok(())
}

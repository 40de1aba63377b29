//! `cargo xtask interop`: the dist documents fed to the generators other
//! teams use, whose output must compile or import; and the Rust client against
//! Prism's validating mock. Foreign code goes to `target/interop/` only.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::formats::Format;
use crate::tools::{self, Ran};

/// A Python package name for a dist document (`defentry.2026-06-12.json` →
/// `defentry_2026_06_12`).
fn package(document: &Path) -> String {
    let stem = document
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".json").to_owned())
        .unwrap_or_default();
    stem.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn failed(ran: Ran) -> Ran {
    Ran { ok: false, ..ran }
}

/// Runs every interop check; prints one line per tool and document.
pub fn run(root: &Path) -> Result<()> {
    let python = tools::python_bin(root)?;
    let node = tools::node_bin(root)?;
    let out = root.join("target/interop");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    std::fs::create_dir_all(&out)?;
    println!("preparing a throwaway venv for the generated Python clients");
    let venv = out.join("python-venv");
    tools::make_venv(&venv, &root.join("tools/requirements-interop.txt"))?;
    let typescript = out.join("openapi-typescript");
    std::fs::create_dir_all(&typescript)?;

    let mut table = Vec::new();
    println!("interop: tool, document, result, seconds");
    let documents: Vec<PathBuf> = crate::lint::documents(root)?
        .into_iter()
        .filter(|d| d.starts_with("spec/dist"))
        .collect();
    for document in &documents {
        let doc = document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let package = package(document);
        let here = out.join(&package);
        let spec = root.join(document);

        // openapi-generator typescript-fetch, then tsc --strict.
        let ts = here.join("typescript-fetch");
        // `npmName` makes it write package.json and tsconfig.json.
        let properties = format!("--additional-properties=supportsES6=true,npmName={package}");
        let mut ran = tools::run(
            Command::new(python.join("openapi-generator-cli"))
                .args(["generate", "-g", "typescript-fetch"])
                .arg(properties)
                .arg("-i")
                .arg(&spec)
                .arg("-o")
                .arg(&ts),
        )?;
        if ran.ok {
            let tsc = tools::run(
                Command::new(node.join("tsc"))
                    .arg("-p")
                    .arg(ts.join("tsconfig.json"))
                    .args(["--noEmit", "--strict"]),
            )?;
            ran = Ran {
                elapsed: ran.elapsed + tsc.elapsed,
                ..tsc
            };
        }
        tools::report(
            &mut table,
            "openapi-generator typescript-fetch + tsc --strict",
            &doc,
            &ran,
        );

        // openapi-generator python, then pip install into the throwaway venv and import.
        let py = here.join("python");
        let mut ran = tools::run(
            Command::new(python.join("openapi-generator-cli"))
                .args(["generate", "-g", "python"])
                .arg(format!("--additional-properties=packageName={package}"))
                .arg("-i")
                .arg(&spec)
                .arg("-o")
                .arg(&py),
        )?;
        if ran.ok {
            let install = tools::run(
                Command::new(venv.join("bin/pip"))
                    .args([
                        "install",
                        "--quiet",
                        "--no-deps",
                        "--no-build-isolation",
                        "--disable-pip-version-check",
                    ])
                    .arg(&py),
            )?;
            let import = tools::run(
                Command::new(venv.join("bin/python"))
                    .arg("-c")
                    .arg(format!("import {package}; import {package}.api"))
                    .current_dir(&out),
            )?;
            let elapsed = ran.elapsed + install.elapsed + import.elapsed;
            ran = match (install.ok, import.ok) {
                (true, true) => Ran { elapsed, ..import },
                (false, _) => failed(Ran { elapsed, ..install }),
                (_, false) => failed(Ran { elapsed, ..import }),
            };
        }
        tools::report(
            &mut table,
            "openapi-generator python + pip install + import",
            &doc,
            &ran,
        );

        // openapi-python-client, then import (its own package, no metadata).
        let opc = here.join("openapi-python-client");
        let opc_package = format!("{package}_opc");
        let mut ran = tools::run(
            Command::new(python.join("openapi-python-client"))
                .args(["generate", "--meta", "none", "--overwrite", "--path"])
                .arg(&spec)
                .arg("--output-path")
                .arg(opc.join(&opc_package))
                .env("PATH", prepend_path(&python)),
        )?;
        if ran.ok {
            let import = tools::run(
                Command::new(venv.join("bin/python"))
                    .arg("-c")
                    .arg(format!("import {opc_package}; import {opc_package}.api"))
                    .env("PYTHONPATH", &opc),
            )?;
            ran = Ran {
                elapsed: ran.elapsed + import.elapsed,
                ..import
            };
        }
        tools::report(&mut table, "openapi-python-client + import", &doc, &ran);

        // openapi-typescript: the types for the usage file below.
        let target = typescript.join(format!("{}.ts", doc.trim_end_matches(".json")));
        let ran = tools::run(
            Command::new(node.join("openapi-typescript"))
                .arg(&spec)
                .arg("-o")
                .arg(&target),
        )?;
        tools::report(&mut table, "openapi-typescript", &doc, &ran);
    }

    // The committed usage file against the generated types of every dated
    // format, each beside the header-less (legacy) one.
    std::fs::copy(
        root.join("tools/interop/usage.ts"),
        typescript.join("usage.ts"),
    )?;
    let formats = defentry_formats(root)?;
    for (dated, legacy) in usage_pairs(&formats)? {
        let ran = usage_check(&node, &typescript, &dated.dist, &legacy.dist)?;
        tools::report(
            &mut table,
            "tools/interop/usage.ts + tsc --strict",
            &format!("{} + {}", dated.dist, legacy.dist),
            &ran,
        );
    }

    // The Rust client against Prism's validating mock of the default format's document.
    let dist = default_dist(root)?;
    let ran = prism_check(root, &node, &out, &dist)?;
    tools::report(
        &mut table,
        "Rust client -> prism mock: 1 request/operation",
        &dist,
        &ran,
    );

    let failed = table.iter().filter(|(_, _, ok, _)| !ok).count();
    println!("interop: {} checks, {failed} failed", table.len());
    if failed > 0 {
        bail!("{failed} interop check(s) failed");
    }
    Ok(())
}

fn prepend_path(dir: &Path) -> String {
    match std::env::var("PATH") {
        Ok(path) => format!("{}:{path}", dir.display()),
        Err(_) => dir.display().to_string(),
    }
}

/// Prism, stopped by its PID when dropped.
struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Defentry's formats, from its spec.
fn defentry_formats(root: &Path) -> Result<Vec<Format>> {
    let source = crate::spec_source::load(root, "spec/defentry.yaml")?;
    crate::formats::formats(&source.doc, "defentry")
}

/// The dist document of Defentry's default format (the Rust client's).
fn default_dist(root: &Path) -> Result<String> {
    let formats = defentry_formats(root)?;
    Ok(crate::formats::default_format(&formats)?.dist.clone())
}

/// Every format selected by a header, with the header-less one.
fn usage_pairs(formats: &[Format]) -> Result<Vec<(&Format, &Format)>> {
    let legacy = formats
        .iter()
        .find(|f| f.header.is_none())
        .context("defentry has no format without a header")?;
    Ok(formats
        .iter()
        .filter(|f| f.header.is_some())
        .map(|dated| (dated, legacy))
        .collect())
}

/// `tsc --strict` on `usage.ts`, whose `./standardized` and `./legacy`
/// modules re-export the types openapi-typescript generated for these two
/// dist documents: usage.ts names no format.
fn usage_check(node: &Path, typescript: &Path, dated: &str, legacy: &str) -> Result<Ran> {
    for (module, dist) in [("standardized", dated), ("legacy", legacy)] {
        std::fs::write(
            typescript.join(format!("{module}.ts")),
            format!(
                "// Written by `cargo xtask interop`: the types of {dist}.\nexport type {{ components, operations }} from \"./{}\";\n",
                dist.trim_end_matches(".json")
            ),
        )?;
    }
    tools::run(
        Command::new(node.join("tsc"))
            .args([
                "--noEmit", "--strict", "--target", "es2020", "--module", "commonjs", "usage.ts",
            ])
            .current_dir(typescript),
    )
}

fn prism_check(root: &Path, node: &Path, out: &Path, dist: &str) -> Result<Ran> {
    let started = Instant::now();
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::fs::File::create(out.join("prism.log"))?;
    let mut prism = Prism(
        Command::new(node.join("prism"))
            .args([
                "mock",
                &format!("spec/dist/{dist}"),
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .current_dir(root)
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .context("cannot start prism")?,
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = prism.0.try_wait()? {
            bail!("prism exited ({status}) before listening (see target/interop/prism.log)");
        }
        if Instant::now() > deadline {
            bail!(
                "prism did not listen on 127.0.0.1:{port} within 60 s (see target/interop/prism.log)"
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let ran = tools::run(
        crate::cargo_run("workspace-tests", "--bin", "exercise")
            .arg("--root")
            .arg(root)
            .arg("--base-url")
            .arg(format!("http://127.0.0.1:{port}"))
            .current_dir(root),
    )?;
    drop(prism);
    let summary = ran
        .output
        .lines()
        .filter(|l| l.starts_with("exercise:") || l.starts_with("VIOLATION"))
        .collect::<Vec<_>>()
        .join("\n");
    println!("    {summary}");
    Ok(Ran {
        elapsed: started.elapsed(),
        ..ran
    })
}

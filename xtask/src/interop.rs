//! `cargo xtask interop`: the dist documents fed to the generators other
//! teams use, whose output must compile or import; and the Rust client against
//! Prism's validating mock; and the dfns crate against Dfns's official
//! TypeScript SDK (`dfns-parity`). Foreign code goes to `target/interop/` only.

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

/// Where the generators and their outputs live during one run.
struct Kit {
    /// `tools/.venv/bin`.
    python: PathBuf,
    /// `tools/node_modules/.bin`.
    node: PathBuf,
    /// The throwaway venv the generated Python clients are installed into.
    venv: PathBuf,
    /// `target/interop`.
    out: PathBuf,
}

/// One generator's check of one dist document.
type Check = fn(&Kit, &Document) -> Result<Ran>;

/// The per-document checks, in the order they run, with their report names.
const CHECKS: &[(&str, Check)] = &[
    (
        "openapi-generator typescript-fetch + tsc --strict",
        typescript_fetch,
    ),
    (
        "openapi-generator python + pip install + import",
        openapi_generator_python,
    ),
    ("openapi-python-client + import", openapi_python_client),
    ("openapi-typescript", openapi_typescript),
];

/// A dist document and the names derived from it.
struct Document {
    /// Its file name (`defentry.2026-06-12.json`).
    file: String,
    /// Its Python package name (`defentry_2026_06_12`).
    package: String,
    /// Its absolute path.
    spec: PathBuf,
    /// Its output folder under `target/interop`.
    here: PathBuf,
}

/// Runs every interop check; prints one line per tool and document.
pub fn run(root: &Path) -> Result<()> {
    let out = root.join("target/interop");
    let kit = Kit {
        python: tools::python_bin(root)?,
        node: tools::node_bin(root)?,
        venv: out.join("python-venv"),
        out,
    };
    if kit.out.exists() {
        std::fs::remove_dir_all(&kit.out)
            .with_context(|| format!("cannot clear {}", kit.out.display()))?;
    }
    std::fs::create_dir_all(&kit.out)?;
    println!("preparing a throwaway venv for the generated Python clients");
    tools::make_venv(&kit.venv, &root.join("tools/requirements-interop.txt"))?;
    let typescript = kit.out.join("openapi-typescript");
    std::fs::create_dir_all(&typescript)?;

    let mut table = Vec::new();
    println!("interop: tool, document, result, seconds");
    let documents: Vec<PathBuf> = crate::lint::documents(root)?
        .into_iter()
        .filter(|d| d.starts_with("spec/dist"))
        .collect();
    for document in &documents {
        let package = package(document);
        let document = Document {
            file: document
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            here: kit.out.join(&package),
            package,
            spec: root.join(document),
        };
        for (name, check) in CHECKS {
            let ran = check(&kit, &document)?;
            tools::report(&mut table, name, &document.file, &ran);
        }
    }

    // The committed usage file against the generated types of every dated
    // format, each beside the header-less (legacy) one.
    std::fs::copy(
        root.join("tools/interop/usage.ts"),
        typescript.join("usage.ts"),
    )?;
    let formats = defentry_formats(root)?;
    for (dated, legacy) in usage_pairs(&formats)? {
        let ran = usage_check(&kit.node, &typescript, &dated.dist, &legacy.dist)?;
        tools::report(
            &mut table,
            "tools/interop/usage.ts + tsc --strict",
            &format!("{} + {}", dated.dist, legacy.dist),
            &ran,
        );
    }

    // Every recording decoded by the generated clients, offline and live
    // through their operations against the replay mock, against the Rust
    // client's decoding.
    let (mock, base_url) = start_mock(root, &kit)?;
    let started = Instant::now();
    let decoding = crate::interop_decoding::run(root, &kit.venv, &kit.node, &kit.out, &base_url);
    let ran = Ran {
        ok: decoding.is_ok(),
        output: decoding.err().map(|e| format!("{e:#}")).unwrap_or_default(),
        elapsed: started.elapsed(),
    };
    tools::report(
        &mut table,
        "recordings decoded by generated clients = Rust",
        "every dist document",
        &ran,
    );

    // The README guide's examples, one per generator, run against the
    // replay mock (each fails unless both formats read the same values).
    let packages = |suffix: &str| -> Vec<PathBuf> {
        ["defentry_2026_06_12", "defentry_legacy"]
            .iter()
            .map(|p| kit.out.join(p).join(suffix))
            .collect()
    };
    for (file, path) in [
        (
            "openapi_python_client.py",
            packages("openapi-python-client"),
        ),
        ("openapi_generator_python.py", Vec::new()),
    ] {
        let ran = guide_python(root, &kit, &base_url, file, path)?;
        tools::report(
            &mut table,
            "README guide example, both formats, live vs mock",
            &format!("tools/interop/guide/{file}"),
            &ran,
        );
    }
    let ran = guide_typescript(root, &kit, &base_url)?;
    drop(mock);
    tools::report(
        &mut table,
        "README guide example + tsc --strict, both formats, live vs mock",
        "tools/interop/guide/typescript_fetch.ts",
        &ran,
    );

    // The Rust client of every format against Prism's validating mock of
    // that format's document.
    for format in &formats {
        let ran = prism_check(root, &kit.node, &kit.out, format)?;
        tools::report(
            &mut table,
            "Rust client -> prism mock: 1 request/operation",
            &format.dist,
            &ran,
        );
    }

    // The dfns crate against Dfns's official SDK (pinned in tools/package.json).
    for (check, label) in [
        (
            "signers",
            "dfns: official key signer <-> KeySigner, 4 key types",
        ),
        (
            "flows",
            "dfns: official client = Rust client, one flow per key type",
        ),
    ] {
        let ran = tools::run(
            crate::cargo_run("dfns-parity", "--bin", "dfns-parity")
                .arg("--root")
                .arg(root)
                .arg(check)
                .current_dir(root),
        )?;
        for line in ran.output.lines().filter(|l| l.starts_with("dfns-parity")) {
            println!("    {line}");
        }
        tools::report(&mut table, label, "crates/dfns", &ran);
    }

    let failed = table.iter().filter(|(_, _, ok, _)| !ok).count();
    println!("interop: {} checks, {failed} failed", table.len());
    if failed > 0 {
        bail!("{failed} interop check(s) failed");
    }
    Ok(())
}

/// openapi-generator typescript-fetch, then `tsc --strict` on its output.
fn typescript_fetch(kit: &Kit, document: &Document) -> Result<Ran> {
    let ts = document.here.join("typescript-fetch");
    // `npmName` makes it write package.json and tsconfig.json.
    let properties = format!(
        "--additional-properties=supportsES6=true,npmName={}",
        document.package
    );
    let ran = tools::run(
        Command::new(kit.python.join("openapi-generator-cli"))
            .args(["generate", "-g", "typescript-fetch"])
            .arg(properties)
            .arg("-i")
            .arg(&document.spec)
            .arg("-o")
            .arg(&ts),
    )?;
    if !ran.ok {
        return Ok(ran);
    }
    let tsc = tools::run(
        Command::new(kit.node.join("tsc"))
            .arg("-p")
            .arg(ts.join("tsconfig.json"))
            .args(["--noEmit", "--strict"]),
    )?;
    Ok(Ran {
        elapsed: ran.elapsed + tsc.elapsed,
        ..tsc
    })
}

/// openapi-generator python, then pip install into the throwaway venv and import.
fn openapi_generator_python(kit: &Kit, document: &Document) -> Result<Ran> {
    let package = &document.package;
    let py = document.here.join("python");
    let ran = tools::run(
        Command::new(kit.python.join("openapi-generator-cli"))
            .args(["generate", "-g", "python"])
            .arg(format!("--additional-properties=packageName={package}"))
            .arg("-i")
            .arg(&document.spec)
            .arg("-o")
            .arg(&py),
    )?;
    if !ran.ok {
        return Ok(ran);
    }
    let install = tools::run(
        Command::new(kit.venv.join("bin/pip"))
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
        Command::new(kit.venv.join("bin/python"))
            .arg("-c")
            .arg(format!("import {package}; import {package}.api"))
            .current_dir(&kit.out),
    )?;
    let elapsed = ran.elapsed + install.elapsed + import.elapsed;
    Ok(match (install.ok, import.ok) {
        (true, true) => Ran { elapsed, ..import },
        (false, _) => failed(Ran { elapsed, ..install }),
        (_, false) => failed(Ran { elapsed, ..import }),
    })
}

/// openapi-python-client, then import (its own package, no metadata).
fn openapi_python_client(kit: &Kit, document: &Document) -> Result<Ran> {
    let opc = document.here.join("openapi-python-client");
    let opc_package = format!("{}_opc", document.package);
    let ran = tools::run(
        Command::new(kit.python.join("openapi-python-client"))
            .args(["generate", "--meta", "none", "--overwrite", "--path"])
            .arg(&document.spec)
            .arg("--output-path")
            .arg(opc.join(&opc_package))
            .env("PATH", prepend_path(&kit.python)),
    )?;
    if !ran.ok {
        return Ok(ran);
    }
    let import = tools::run(
        Command::new(kit.venv.join("bin/python"))
            .arg("-c")
            .arg(format!("import {opc_package}; import {opc_package}.api"))
            .env("PYTHONPATH", &opc),
    )?;
    Ok(Ran {
        elapsed: ran.elapsed + import.elapsed,
        ..import
    })
}

/// openapi-typescript: the types the committed usage file imports.
fn openapi_typescript(kit: &Kit, document: &Document) -> Result<Ran> {
    let target = kit
        .out
        .join("openapi-typescript")
        .join(format!("{}.ts", document.file.trim_end_matches(".json")));
    tools::run(
        Command::new(kit.node.join("openapi-typescript"))
            .arg(&document.spec)
            .arg("-o")
            .arg(&target),
    )
}

fn prepend_path(dir: &Path) -> String {
    match std::env::var("PATH") {
        Ok(path) => format!("{}:{path}", dir.display()),
        Err(_) => dir.display().to_string(),
    }
}

/// A child process (Prism, the replay mock), killed when dropped.
struct Server(Child);

impl Drop for Server {
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

/// Starts `command` (a server on 127.0.0.1:`port`, output to `log`) and
/// waits until it listens: at most 60 s, and not past its exit.
fn serve(mut command: Command, log: &Path, port: u16, what: &str) -> Result<Server> {
    let file = std::fs::File::create(log)?;
    let mut server = Server(
        command
            .stdout(Stdio::from(file.try_clone()?))
            .stderr(Stdio::from(file))
            .spawn()
            .with_context(|| format!("cannot start {what}"))?,
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.0.try_wait()? {
            bail!(
                "{what} exited ({status}) before listening (see {})",
                log.display()
            );
        }
        if Instant::now() > deadline {
            bail!(
                "{what} did not listen on 127.0.0.1:{port} within 60 s (see {})",
                log.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// The replay mock (the `mock` binary, built and run directly so that
/// killing it stops it; its log in `target/interop/mock.live.log`) and its
/// base URL.
fn start_mock(root: &Path, kit: &Kit) -> Result<(Server, String)> {
    let built = crate::cargo()
        .args([
            "build",
            "--quiet",
            "--locked",
            "--package",
            "workspace-tests",
            "--bin",
            "mock",
            "--message-format=json",
        ])
        .current_dir(root)
        .output()
        .context("cannot build the mock")?;
    let executable = String::from_utf8_lossy(&built.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo build printed no mock executable")?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut command = Command::new(executable);
    command
        .arg("--root")
        .arg(root)
        .arg("--port")
        .arg(port.to_string());
    let mock = serve(command, &kit.out.join("mock.live.log"), port, "the mock")?;
    Ok((mock, format!("http://127.0.0.1:{port}")))
}

/// `tools/interop/guide/<file>` run against the mock at `base_url`, with
/// `clients/python` and `path` on `PYTHONPATH`.
fn guide_python(
    root: &Path,
    kit: &Kit,
    base_url: &str,
    file: &str,
    path: Vec<PathBuf>,
) -> Result<Ran> {
    let started = Instant::now();
    let path = std::env::join_paths(std::iter::once(root.join("clients/python")).chain(path))?;
    let ran = tools::run(
        Command::new(kit.venv.join("bin/python"))
            .arg(root.join("tools/interop/guide").join(file))
            .arg(base_url)
            .env("PYTHONPATH", path),
    )?;
    show_output(&ran);
    Ok(Ran {
        elapsed: started.elapsed(),
        ..ran
    })
}

/// `tools/interop/guide/typescript_fetch.ts` compiled with `tsc --strict`
/// in `target/interop/guide/` beside links to the typescript-fetch sources
/// of both defentry formats and a copy of `clients/typescript`'s helpers,
/// then run against the mock at `base_url`.
fn guide_typescript(root: &Path, kit: &Kit, base_url: &str) -> Result<Ran> {
    let started = Instant::now();
    let guide = kit.out.join("guide");
    if guide.exists() {
        std::fs::remove_dir_all(&guide)?;
    }
    std::fs::create_dir_all(&guide)?;
    std::fs::copy(
        root.join("tools/interop/guide/typescript_fetch.ts"),
        guide.join("typescript_fetch.ts"),
    )?;
    std::fs::copy(
        root.join("clients/typescript/defentry-formats.ts"),
        guide.join("defentry-formats.ts"),
    )?;
    for (link, package) in [
        ("defentry-2026-06-12", "defentry_2026_06_12"),
        ("defentry-legacy", "defentry_legacy"),
    ] {
        std::os::unix::fs::symlink(
            kit.out.join(package).join("typescript-fetch/src"),
            guide.join(link),
        )?;
    }
    let compiled = tools::run(
        Command::new(kit.node.join("tsc"))
            .args(["--strict", "--preserveSymlinks", "--target", "es2020"])
            .args(["--module", "commonjs", "--types", "node", "--typeRoots"])
            .arg(root.join("tools/node_modules/@types"))
            .arg("--rootDir")
            .arg(&guide)
            .arg("--outDir")
            .arg(guide.join("dist"))
            .arg(guide.join("typescript_fetch.ts")),
    )?;
    if !compiled.ok {
        return Ok(compiled);
    }
    let ran = tools::run(
        Command::new("node")
            .arg(guide.join("dist/typescript_fetch.js"))
            .arg(base_url),
    )?;
    show_output(&ran);
    Ok(Ran {
        elapsed: started.elapsed(),
        ..ran
    })
}

/// A guide example's output, indented under its line in the table.
fn show_output(ran: &Ran) {
    for line in ran.output.lines().take(4) {
        println!("    {line}");
    }
}

/// Prism mocking `format`'s dist document, and the `exercise` binary
/// sending it one request per operation through that format's clients plus
/// the controls Prism must flag.
fn prism_check(root: &Path, node: &Path, out: &Path, format: &Format) -> Result<Ran> {
    let started = Instant::now();
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let dist = &format.dist;
    let mut command = Command::new(node.join("prism"));
    command
        .args([
            "mock",
            &format!("spec/dist/{dist}"),
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .current_dir(root);
    let log = out.join(format!("prism.{}.log", format.label()));
    let prism = serve(command, &log, port, "prism")?;
    let ran = tools::run(
        crate::cargo_run("workspace-tests", "--bin", "exercise")
            .arg("--root")
            .arg(root)
            .arg("--base-url")
            .arg(format!("http://127.0.0.1:{port}"))
            .arg("--format")
            .arg(format.label())
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

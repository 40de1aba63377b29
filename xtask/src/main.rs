//! `cargo xtask <command>`: see `cargo xtask --help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project commands of the Defentry bindings workspace.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Project every spec into spec/dist/ and regenerate every client crate.
    Generate {
        /// Write nothing; fail with a diff if any committed output is stale.
        #[arg(long)]
        check: bool,
    },
    /// Check recordings against the spec and the generated clients.
    Conformance {
        /// Also check that decoding is lossless and the spec knows every field.
        #[arg(long)]
        strict: bool,
        /// Instead, report per operation where the recordings and the spec
        /// disagree (the drift to review before learning or regenerating).
        #[arg(long)]
        drift: bool,
        /// The drift report's rendering: `markdown` or `json`.
        #[arg(long, default_value = "markdown")]
        format: String,
        /// The API whose recordings the drift report reads.
        #[arg(long, default_value = "defentry")]
        api: String,
        /// Build the checker optimized (a release build of the test crate
        /// first, then about 4x the recordings per second: for large corpora).
        #[arg(long)]
        release: bool,
        /// Recording files or folders (default: tests/recordings).
        paths: Vec<PathBuf>,
    },
    /// Serve recordings as a mock of the API on 127.0.0.1 until Ctrl-C.
    Mock {
        /// Port (0: any free port).
        #[arg(long, default_value_t = 4010)]
        port: u16,
        /// Recording files or folders (default: tests/recordings).
        paths: Vec<PathBuf>,
    },
    /// Record live traffic: a reverse proxy to the real API that writes each
    /// exchange as a recording, secrets redacted, until Ctrl-C or SIGTERM.
    Record(xtask::traffic::Args),
    /// Turn the API's exchanges in a HAR 1.2 file (devtools, mitmproxy,
    /// Postman, Charles) into recordings, redacted as `record` redacts.
    ImportHar(xtask::traffic::HarArgs),
    /// Infer the response bodies the spec does not document from
    /// recordings (both formats unified); prints what it learned.
    Learn(xtask::traffic::LearnArgs),
    /// What changes for clients between two revisions of the specs (or two files).
    Diff {
        /// The old revision (default: the merge base with main).
        #[arg(long)]
        base: Option<String>,
        /// The new revision (default: the working tree).
        #[arg(long)]
        head: Option<String>,
        /// The rendering.
        #[arg(long, value_enum, default_value = "markdown")]
        format: xtask::diff::Output,
        /// Exit with 1 when a change breaks: `wire` (existing clients),
        /// `generated` (code generated from the spec) or `breaking` (either).
        /// 2 means the input could not be compared; 0 otherwise.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Also write the complete Markdown report to this file (the
        /// printed Markdown is cut at 60,000 bytes to fit a PR comment).
        #[arg(long)]
        full_report: Option<PathBuf>,
        /// Two spec files (base, head) instead of revisions.
        files: Vec<PathBuf>,
    },
    /// `redocly diff` next to ours on the diff corpus; checks the committed table.
    DiffRedocly {
        /// Rewrite xtask/tests/diff_corpus/REDOCLY.md instead of checking it.
        #[arg(long)]
        write: bool,
    },
    /// The corpus's `generated` verdicts checked by compiling the Rust
    /// clients of both sides; checks the committed table.
    DiffGenerated {
        /// Rewrite xtask/tests/diff_corpus/GENERATED.md instead of checking it.
        #[arg(long)]
        write: bool,
    },
    /// Measure generation, the build loop and decoding; write BENCHMARKS.md.
    Bench {
        /// Smoke run: every step at small sizes, nothing written or asserted.
        #[arg(long)]
        quick: bool,
    },
    /// Static HTML reference of every dist document in target/api-docs/.
    Docs {
        /// Also run the browser test (Chromium, headless).
        #[arg(long)]
        check_in_browser: bool,
    },
    /// The pinned external linters on every source and dist document.
    Lint,
    /// The tests of the Python and TypeScript helpers in clients/.
    ClientHelpers,
    /// Other-language generators on every dist document, and the Rust client against Prism.
    Interop,
    /// A new response format is data: add one in a scratch copy (spec and
    /// recordings only), then generate, test and check conformance.
    AcceptanceFormat,
    /// Learning from live traffic, end to end in a scratch copy: record a
    /// simulated upstream through the proxy, learn, diff, regenerate,
    /// conformance --strict, typed values from the regenerated client.
    AcceptanceLearn,
    /// Everything CI runs, in order, with one summary.
    Ci,
}

/// What makes `diff` fail.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// A change that breaks clients on the wire or generated code.
    Breaking,
    /// A change that breaks clients on the wire.
    Wire,
    /// A change that breaks code generated from the spec.
    Generated,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match cli.root.map_or_else(xtask::workspace_root, Ok) {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Generate { check } => xtask::generate::run(&root, check),
        Command::Conformance {
            drift: true,
            format,
            api,
            paths,
            ..
        } => xtask::traffic::drift(&root, &api, &format, &paths),
        Command::Conformance {
            strict,
            release,
            paths,
            ..
        } => xtask::conformance::run_built(&root, strict, release, &paths),
        Command::Mock { port, paths } => xtask::mock::run(&root, port, &paths),
        Command::Record(args) => xtask::traffic::run(&root, &args),
        Command::ImportHar(args) => xtask::traffic::import_har(&root, &args),
        Command::Learn(args) => xtask::traffic::learn(&root, &args),
        Command::Diff {
            base,
            head,
            format,
            fail_on,
            full_report,
            files,
        } => {
            let request = xtask::diff::Request {
                base,
                head,
                files,
                output: format,
                full_report,
            };
            // 0: nothing breaks (or no --fail-on); 1: breaking changes with
            // --fail-on; 2: the input could not be compared.
            match xtask::diff::run(&root, &request) {
                Ok(breaks) => {
                    let failed = match fail_on {
                        None => None,
                        Some(FailOn::Breaking) => {
                            (breaks.wire || breaks.generated).then_some("breaking")
                        }
                        Some(FailOn::Wire) => breaks.wire.then_some("wire"),
                        Some(FailOn::Generated) => breaks.generated.then_some("generated"),
                    };
                    if let Some(which) = failed {
                        eprintln!("diff: breaking changes (--fail-on {which})");
                        return ExitCode::FAILURE;
                    }
                    Ok(())
                }
                Err(error) => {
                    eprintln!("error: {error:#}");
                    return ExitCode::from(2);
                }
            }
        }
        Command::DiffRedocly { write } => xtask::diff::redocly::run(&root, write),
        Command::DiffGenerated { write } => xtask::diff::generated_proof::run(&root, write),
        Command::ClientHelpers => xtask::client_helpers::run(&root),
        Command::Bench { quick } => xtask::bench::run(&root, quick),
        Command::Docs { check_in_browser } => xtask::docs::run(&root, check_in_browser),
        Command::Lint => xtask::lint::run(&root),
        Command::Interop => xtask::interop::run(&root),
        Command::AcceptanceFormat => xtask::acceptance::run(&root),
        Command::AcceptanceLearn => xtask::acceptance_learn::run(&root),
        Command::Ci => xtask::ci::run(&root),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

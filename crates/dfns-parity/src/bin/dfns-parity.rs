//! `dfns-parity [--root DIR] signers|flows`: the dfns crate against Dfns's
//! official TypeScript SDK (see the library docs). Needs `node` on `PATH`
//! and `tools/node_modules` installed (`cargo xtask interop` does both).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check the dfns crate against Dfns's official TypeScript SDK.
#[derive(Parser)]
#[command(name = "dfns-parity")]
struct Cli {
    /// Workspace root (default: the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    check: Check,
}

#[derive(Subcommand)]
enum Check {
    /// Both key signers sign the same challenge with the same keys.
    Signers,
    /// Both clients run the same flow against a verifying loopback server.
    Flows,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    let paths = dfns_parity::Paths::new(&root);
    let (name, result) = match cli.check {
        Check::Signers => ("signers", dfns_parity::signers(&paths)),
        Check::Flows => ("flows", dfns_parity::flows(&paths).await),
    };
    match result {
        Ok(lines) => {
            for line in lines {
                println!("dfns-parity {name}: {line}");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("dfns-parity {name}: FAILED\n{problems}");
            ExitCode::FAILURE
        }
    }
}

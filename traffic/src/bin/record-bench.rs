//! `record-bench [--quick]`: what the recording proxy costs on loopback, as
//! JSON on stdout (run by `cargo xtask bench`; see `traffic::bench`).

use std::process::ExitCode;

use traffic::bench::{Sizes, measure};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick {
        Sizes {
            calls: 200,
            stream_bytes: 64 << 20,
        }
    } else {
        Sizes {
            calls: 5000,
            stream_bytes: 1 << 30,
        }
    };
    match measure(&workspace_tests::workspace_root(), sizes).await {
        Ok(result) => {
            println!("{result}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("record-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

//! The dfns crate checked against Dfns's official TypeScript SDK
//! (`@dfns/sdk`, `@dfns/sdk-keysigner`, pinned in `tools/package.json`),
//! behind `cargo xtask interop`:
//!
//! - [`signers`]: the official key signer and [`dfns::KeySigner`] sign the
//!   same challenge with the same keys (every key type): the clientData
//!   bytes are identical, and each side's signature verifies with the other
//!   side's verifier (Node's crypto, RustCrypto);
//! - [`flows`]: the official client and the Rust client run the same flow
//!   ([`flow`]) against a [`server::DfnsServer`] each, which verifies every
//!   signature and user action; both must pass, and the two servers' logs
//!   must match request for request.

pub mod flow;
pub mod server;
pub mod verify;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// The key types, by the file names of their test keys in
/// `crates/dfns/tests/keys/` (`NAME.pkcs8.pem`, `NAME.public.pem`).
pub const KEYS: &[&str] = &["ed25519", "p256", "secp256k1", "rsa"];

/// The credential id both sides use.
const CRED_ID: &str = "cr-parity";

/// Where the keys and the Node scripts are.
pub struct Paths {
    /// `crates/dfns/tests/keys`.
    pub keys: PathBuf,
    /// `tools/interop/dfns`.
    pub scripts: PathBuf,
}

impl Paths {
    /// The paths in the workspace at `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            keys: root.join("crates/dfns/tests/keys"),
            scripts: root.join("tools/interop/dfns"),
        }
    }

    fn key(&self, name: &str, kind: &str) -> Result<String, String> {
        let path = self.keys.join(format!("{name}.{kind}.pem"));
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Runs `node SCRIPT ARGS…` and parses its stdout as JSON.
fn node(script: &Path, args: &[&str]) -> Result<Value, String> {
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("{}: {e}", script.display()))
}

/// The signer check; one line per key type, `Err` with every mismatch.
pub fn signers(paths: &Paths) -> Result<Vec<String>, String> {
    use dfns::Signer as _;
    let challenge = URL_SAFE_NO_PAD.encode("parity-challenge");
    let client_data = dfns::signer::client_data(&challenge);
    let mut keys = Vec::new();
    for name in KEYS {
        let private = paths.key(name, "pkcs8")?;
        let signer = dfns::KeySigner::from_pem(CRED_ID, &private).map_err(|e| e.to_string())?;
        let signature = signer.sign(client_data.as_bytes())?;
        keys.push(json!({
            "name": name, "privatePem": private, "publicPem": paths.key(name, "public")?,
            "rust": {"clientData": URL_SAFE_NO_PAD.encode(&client_data), "signature": URL_SAFE_NO_PAD.encode(signature)}
        }));
    }
    let input = json!({"challenge": challenge, "credId": CRED_ID, "keys": keys});
    let file = std::env::temp_dir().join(format!("dfns-parity-{}.json", std::process::id()));
    std::fs::write(&file, input.to_string()).map_err(|e| e.to_string())?;
    let answers = node(
        &paths.scripts.join("signers.js"),
        &[&file.display().to_string()],
    );
    let _ = std::fs::remove_file(&file);
    let answers = answers?;
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for name in KEYS {
        let answer = answers
            .as_array()
            .and_then(|a| a.iter().find(|r| r["name"] == *name))
            .ok_or(format!("{name}: no answer from the official signer"))?;
        if let Some(error) = answer.get("error") {
            problems.push(format!("{name}: the official signer failed: {error}"));
            continue;
        }
        let official_data = answer["clientData"].as_str().unwrap_or_default();
        let same_data = official_data == URL_SAFE_NO_PAD.encode(&client_data);
        let official_signature = URL_SAFE_NO_PAD
            .decode(answer["signature"].as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let rust_verifies_official = verify::verify(
            &paths.key(name, "public")?,
            client_data.as_bytes(),
            &official_signature,
        );
        let official_verifies_rust = answer["rustVerifies"] == true;
        lines.push(format!(
            "{name}: clientData {}, official signature verified by RustCrypto: {}, crate signature verified by Node: {}",
            if same_data { "identical" } else { "DIFFERENT" },
            rust_verifies_official.as_ref().map_or_else(|e| format!("NO ({e})"), |()| "yes".to_owned()),
            if official_verifies_rust { "yes" } else { "NO" }
        ));
        if !same_data || rust_verifies_official.is_err() || !official_verifies_rust {
            problems.push(lines.last().cloned().unwrap_or_default());
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems.join("\n"))
    }
}

/// The flow check, once per key type; one line per key type, `Err` with
/// the first difference of each.
pub async fn flows(paths: &Paths) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for name in KEYS {
        let private_file = paths.keys.join(format!("{name}.pkcs8.pem"));
        let private = paths.key(name, "pkcs8")?;
        let public = paths.key(name, "public")?;
        let rust_server = server::DfnsServer::start(CRED_ID, &public).await;
        let rust = flow::run(&rust_server.uri(), CRED_ID, &private)
            .await
            .map_err(|e| format!("{name}: the Rust flow failed: {e}"));
        let ts_server = server::DfnsServer::start(CRED_ID, &public).await;
        let uri = ts_server.uri();
        let file = private_file.display().to_string();
        let ts = tokio::task::spawn_blocking({
            let script = paths.scripts.join("flow.js");
            move || {
                node(
                    &script,
                    &[
                        &uri,
                        CRED_ID,
                        &file,
                        server::ORG_ID,
                        server::USERNAME,
                        flow::PUBLIC_KEY,
                    ],
                )
            }
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{name}: the official flow failed: {e}"));
        let (rust, ts) = match (rust, ts) {
            (Ok(rust), Ok(ts)) => (rust, ts),
            (rust, ts) => {
                problems.extend(rust.err());
                problems.extend(ts.err());
                continue;
            }
        };
        let ts: Vec<String> = ts
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let (rust_log, ts_log) = (rust_server.log(), ts_server.log());
        let difference = if rust != ts {
            Some(format!("steps differ: Rust {rust:?}, official {ts:?}"))
        } else {
            compare_logs(&rust_log, &ts_log)
        };
        match difference {
            None => lines.push(format!(
                "{name}: {} steps, {} requests, every one the same (Rust client = official SDK)",
                rust.len(),
                rust_log.len()
            )),
            Some(difference) => problems.push(format!("{name}: {difference}")),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems.join("\n"))
    }
}

/// The first difference between two servers' logs, if any.
pub fn compare_logs(rust: &[server::Logged], official: &[server::Logged]) -> Option<String> {
    for (index, (r, o)) in rust.iter().zip(official).enumerate() {
        if r != o {
            return Some(format!(
                "request {} differs:\n  Rust:     {r:?}\n  official: {o:?}",
                index + 1
            ));
        }
    }
    (rust.len() != official.len()).then(|| {
        format!(
            "{} requests from the Rust client, {} from the official SDK",
            rust.len(),
            official.len()
        )
    })
}

//! The APIs this workspace carries, and how each one is generated.
//!
//! This table is the one declarative place for per-API generator settings:
//! a new API is one more entry here plus its `spec/<name>.yaml` (and its
//! crate; the README's "Adding an API" lists every step).

use progenitor::TypeImpl;

/// One API: its source document and the Rust crate generated from it.
#[derive(Debug)]
pub struct Api {
    /// Short name: `spec/<name>.yaml`, `spec/dist/<name>[.<format>].json`.
    pub name: &'static str,
    /// Crate folder (relative to the workspace root) that receives `src/generated*.rs`.
    pub crate_dir: &'static str,
    /// The crate's name as a Rust identifier (`defentry`).
    pub crate_ident: &'static str,
    /// Component schemas replaced by hand-written Rust types.
    pub replacements: &'static [Replacement],
    /// Rust type that progenitor keeps inside the generated `Client`.
    pub inner_type: &'static str,
    /// Scope-typed clients: the hand-written client type that exposes the
    /// operations of each security scheme. Empty: no scoped clients.
    pub scoped_clients: &'static [ScopedClient],
    /// The hand-written client type of operations without security (`security: []`).
    pub public_client: Option<&'static str>,
    /// Hand-written function that decodes an error response received outside
    /// a call, `fn(u16, &HeaderMap, serde_json::Value) -> Option<Error>`
    /// (conformance decodes with it the answers to requests the typed client
    /// refuses to send). `None`: those answers stay undecoded.
    pub error_response: Option<&'static str>,
}

/// Operations of one security scheme, exposed on one client type.
#[derive(Debug)]
pub struct ScopedClient {
    /// Security scheme name (`crmToken`).
    pub scheme: &'static str,
    /// Rust type (`CrmClient`), defined by hand in the crate root.
    pub client: &'static str,
    /// How the docs name the scope.
    pub label: &'static str,
}

/// A component schema that the generated code refers to by a hand-written type.
#[derive(Debug)]
pub struct Replacement {
    /// Name under `components/schemas`.
    pub schema: &'static str,
    /// Rust path of the hand-written type.
    pub rust_type: &'static str,
    /// Traits the hand-written type implements that typify may rely on.
    pub impls: &'static [TypeImpl],
}

/// Every API, in generation order.
pub const APIS: &[Api] = &[
    Api {
        name: "defentry",
        crate_dir: "crates/defentry",
        crate_ident: "defentry",
        inner_type: "crate::state::ClientState",
        scoped_clients: &[
            ScopedClient {
                scheme: "crmToken",
                client: "CrmClient",
                label: "CRM token",
            },
            ScopedClient {
                scheme: "appToken",
                client: "AppClient",
                label: "app token",
            },
        ],
        public_client: Some("PublicClient"),
        error_response: Some("crate::Error::from_error_response"),
        replacements: &[
            Replacement {
                schema: "Timestamp",
                rust_type: "crate::types::Timestamp",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
            Replacement {
                schema: "Flag",
                rust_type: "crate::types::Flag",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
            Replacement {
                schema: "ResourceId",
                rust_type: "crate::types::ResourceId",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
            Replacement {
                schema: "Password",
                rust_type: "crate::types::Secret",
                impls: &[],
            },
            Replacement {
                schema: "SecretToken",
                rust_type: "crate::types::Secret",
                impls: &[],
            },
            Replacement {
                schema: "NationalId",
                rust_type: "crate::types::Secret",
                impls: &[],
            },
            Replacement {
                schema: "ErrorEnvelope",
                rust_type: "crate::types::ApiErrorBody",
                impls: &[],
            },
        ],
    },
    Api {
        name: "crmcom",
        crate_dir: "crates/crmcom",
        crate_ident: "crmcom",
        inner_type: "crate::state::ClientState",
        scoped_clients: &[ScopedClient {
            scheme: "webApiKey",
            client: "CrmcomClient",
            label: "Web API key",
        }],
        public_client: Some("CrmcomClient"),
        error_response: None,
        replacements: &[
            Replacement {
                schema: "Password",
                rust_type: "crate::types::Secret",
                impls: &[],
            },
            Replacement {
                schema: "Token",
                rust_type: "crate::types::Secret",
                impls: &[],
            },
        ],
    },
    Api {
        name: "dfns",
        crate_dir: "crates/dfns",
        crate_ident: "dfns",
        inner_type: "crate::state::ClientState",
        scoped_clients: &[
            ScopedClient {
                scheme: "bearerToken",
                client: "DfnsClient",
                label: "bearer token",
            },
            ScopedClient {
                scheme: "userAction",
                client: "DfnsClient",
                label: "user action",
            },
        ],
        public_client: Some("DfnsClient"),
        error_response: None,
        replacements: &[Replacement {
            schema: "Secret",
            rust_type: "crate::types::Secret",
            impls: &[],
        }],
    },
];

impl Api {
    /// Path of the hand-maintained source, relative to the workspace root.
    pub fn source_path(&self) -> String {
        format!("spec/{}.yaml", self.name)
    }
}

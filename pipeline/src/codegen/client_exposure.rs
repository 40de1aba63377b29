//! Which hand-written client exposes an operation: the one rule behind the
//! scoped clients (`scopes_codegen`) and the conformance dispatch
//! (`dispatch_codegen`).
//!
//! `security` lists alternatives; the schemes of one requirement object are
//! all needed. Each scheme the operation names puts it on that scheme's
//! scoped client (`pipeline/src/apis.rs`); an operation naming none (`[]`, or
//! only `{}`) is on the public client.

use anyhow::{Context, Result};
use serde_json::Value;

use crate::apis::Api;

/// The clients of one operation.
#[derive(Debug, PartialEq)]
pub struct Exposure {
    /// Every scheme the operation names, in order of first mention.
    pub schemes: Vec<String>,
    /// The client types that expose it, in scheme order, each once; never empty.
    pub clients: Vec<&'static str>,
    /// How the docs name its scope (`CRM token or app token`, `no token`).
    pub scope: String,
}

/// The clients of operation `id` with this `security` value.
pub fn exposure(api: &Api, id: &str, security: Option<&Value>) -> Result<Exposure> {
    let security = security.and_then(Value::as_array).with_context(|| {
        format!("{id}: every operation must state its security (the scoped clients follow it)")
    })?;
    let requirements: Vec<Vec<&str>> = security
        .iter()
        .map(|r| {
            r.as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .collect();
    let mut schemes: Vec<String> = Vec::new();
    let mut clients = Vec::new();
    for scheme in requirements.iter().flatten() {
        if schemes.iter().any(|s| s == scheme) {
            continue;
        }
        schemes.push((*scheme).to_owned());
        let scoped = api
            .scoped_clients
            .iter()
            .find(|s| s.scheme == *scheme)
            .with_context(|| {
                format!(
                    "{id}: security scheme `{scheme}` has no scoped client in pipeline/src/apis.rs"
                )
            })?;
        if !clients.contains(&scoped.client) {
            clients.push(scoped.client);
        }
    }
    if schemes.is_empty() {
        let public = api.public_client.with_context(|| {
            format!("{id}: an operation without security needs a public client")
        })?;
        clients.push(public);
    }
    Ok(Exposure {
        schemes,
        clients,
        scope: scope(api, &requirements),
    })
}

/// `A and B or C`: the labels of each requirement's schemes.
fn scope(api: &Api, requirements: &[Vec<&str>]) -> String {
    let labels: Vec<String> = requirements
        .iter()
        .map(|requirement| {
            let named: Vec<&str> = requirement
                .iter()
                .filter_map(|scheme| {
                    api.scoped_clients
                        .iter()
                        .find(|s| s.scheme == *scheme)
                        .map(|s| s.label)
                })
                .collect();
            named.join(" and ")
        })
        .filter(|label| !label.is_empty())
        .collect();
    if labels.is_empty() {
        "no token".to_owned()
    } else {
        labels.join(" or ")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::apis::ScopedClient;
    use serde_json::json;

    /// Two token scopes and a public client, as Defentry's.
    pub(crate) const API: Api = Api {
        name: "t",
        crate_dir: "crates/t",
        crate_ident: "t",
        replacements: &[],
        inner_type: "()",
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
            ScopedClient {
                scheme: "userAction",
                client: "AppClient",
                label: "user action",
            },
        ],
        public_client: Some("PublicClient"),
        error_response: None,
    };

    fn of(api: &Api, security: Value) -> Result<(Vec<&'static str>, String)> {
        let exposure = exposure(api, "op", Some(&security))?;
        Ok((exposure.clients, exposure.scope))
    }

    #[test]
    fn each_scheme_names_its_client_and_no_scheme_the_public_one() -> Result<()> {
        assert_eq!(
            of(&API, json!([]))?,
            (vec!["PublicClient"], "no token".into())
        );
        assert_eq!(
            of(&API, json!([{}]))?,
            (vec!["PublicClient"], "no token".into())
        );
        assert_eq!(
            of(&API, json!([{"crmToken": []}]))?,
            (vec!["CrmClient"], "CRM token".into())
        );
        // Alternatives: every client, in order of mention.
        assert_eq!(
            of(&API, json!([{"appToken": []}, {"crmToken": []}]))?,
            (
                vec!["AppClient", "CrmClient"],
                "app token or CRM token".into()
            )
        );
        // Both needed: each scheme's client, each client once.
        assert_eq!(
            of(&API, json!([{"appToken": [], "userAction": []}]))?,
            (vec!["AppClient"], "app token and user action".into())
        );
        // Optional token: the scheme's client only (the public one has no such method).
        assert_eq!(
            of(&API, json!([{}, {"crmToken": []}]))?,
            (vec!["CrmClient"], "CRM token".into())
        );
        let schemes = exposure(
            &API,
            "op",
            Some(&json!([{"crmToken": []}, {"crmToken": [], "appToken": []}])),
        )?
        .schemes;
        assert_eq!(schemes, ["crmToken", "appToken"]);
        Ok(())
    }

    #[test]
    fn missing_security_unknown_schemes_and_no_public_client_are_errors() {
        let error = |api: &Api, security: Option<Value>| {
            exposure(api, "op", security.as_ref())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(error(&API, None).starts_with("op: every operation must state its security"));
        assert_eq!(
            error(&API, Some(json!([{"apiKey": []}]))),
            "op: security scheme `apiKey` has no scoped client in pipeline/src/apis.rs"
        );
        let private = Api {
            public_client: None,
            ..API
        };
        assert_eq!(
            error(&private, Some(json!([]))),
            "op: an operation without security needs a public client"
        );
    }
}

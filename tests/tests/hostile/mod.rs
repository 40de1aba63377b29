//! The hostile server and the tests that use it (one module per item).

mod bodies;
mod display;
mod headers;
mod redirects;
mod relogin;
mod secrets;
mod server;
mod transport;

/// Every test's result.
type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Both Defentry formats.
const FORMATS: [defentry::Format; 2] = [defentry::Format::Standardized, defentry::Format::Legacy];

/// The CRM.COM base path.
const CRMCOM_BASE: &str = "/crmapi/rest/v2";

/// An `OK` CRM.COM envelope with `data`.
fn crmcom_ok(data: serde_json::Value) -> server::Reply {
    server::Reply::json(
        200,
        &serde_json::json!({"status": {"code": "OK", "message": "", "description": ""}, "data": data}),
    )
}

/// A CRM.COM config for `server`.
fn crmcom_config(server: &server::Hostile) -> Result<crmcom::Config, crmcom::Error> {
    crmcom::Config::new(&format!("{}{CRMCOM_BASE}", server.url))
}

/// A Web API key credential.
fn crmcom_key() -> crmcom::Credentials {
    crmcom::Credentials::WebApiKey {
        key: "KEY-0123456789abcdef".into(),
        unit: None,
    }
}

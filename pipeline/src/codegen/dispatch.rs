//! The conformance dispatch table: for every operation, the call through the
//! public scoped client of its scope, so a recording is decoded exactly as a
//! user's code decodes it (same types, same status routing, same errors).
//!
//! Written to `tests/src/generated_dispatch_<api>.rs`; the names follow
//! progenitor's (`sanitize` in progenitor-impl), and any drift is a compile
//! error there. [`apis_file`] writes `tests/src/generated_apis.rs`, the glue
//! that picks an API's table by name, so that the tests never name an API.

use anyhow::{Result, bail};
use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::model::node::Node;

use crate::apis::Api;
use crate::codegen::client_exposure::exposure;
use crate::model::openapi_walk::{Operation, operations, parameters, resolve, schema_ref_name};
use crate::outputs::Output;

/// The dispatch file of one API.
pub fn generate(api: &Api, doc: &Value, header: &str) -> Result<Output> {
    let krate = ident(api.crate_ident)?;
    let mut arms = Vec::new();
    let mut functions = Vec::new();
    let mut ids = Vec::new();
    for op in operations(doc) {
        let Some(id) = op.value.str_at("operationId") else {
            bail!("{}: no operationId", op.pointer);
        };
        ids.push(id.to_owned());
        let (arm, function) = arm(api, doc, &op, id, &krate)?;
        arms.push(arm);
        functions.push(function);
    }
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    // One client of each type; a type that also serves operations without a
    // token is built without one.
    let mut types: Vec<&str> = Vec::new();
    for client in api
        .scoped_clients
        .iter()
        .map(|s| s.client)
        .chain(api.public_client)
    {
        if !types.contains(&client) {
            types.push(client);
        }
    }
    for client in types {
        let field = ident(&sanitize(client, Case::Snake))?;
        let ty = ident(client)?;
        let init = if Some(client) == api.public_client {
            quote! { #krate::#ty::new(config) }
        } else {
            quote! { #krate::#ty::with_token(config, "conformance-token") }
        };
        fields.push(quote! { pub #field: #krate::#ty, });
        inits.push(quote! { #field: #init.map_err(|e| e.to_string())?, });
    }
    let tokens = quote! {
        #[allow(unused_imports)]
        use crate::replay::{Call, Outcome, body, param, raw, typed, unit};

        /// Every operationId of the spec, in path order.
        pub const OPERATIONS: &[&str] = &[ #( #ids ),* ];

        /// One client of each scope.
        pub struct Clients {
            #( #fields )*
        }

        /// Clients of every scope for `config`, with a placeholder token.
        pub fn clients(config: &#krate::Config) -> ::std::result::Result<Clients, String> {
            Ok(Clients { #( #inits )* })
        }

        /// Calls the operation a recording belongs to through the client of
        /// its scope, with the recording's parameters and body. Each operation
        /// runs in a boxed future of its own: one frame holding every
        /// operation's future would overflow a test thread's stack.
        pub async fn dispatch(clients: &Clients, call: &Call) -> ::std::result::Result<Outcome, String> {
            let operation: ::std::pin::Pin<Box<dyn ::std::future::Future<Output = ::std::result::Result<Outcome, String>> + '_>> =
                match call.operation_id.as_str() {
                    #( #arms )*
                    other => return Err(format!("operation `{other}` is not in the generated client")),
                };
            operation.await
        }

        #( #functions )*
    };
    let file: syn::File = syn::parse2(tokens)?;
    Ok(Output::new(
        format!("tests/src/generated_dispatch_{}.rs", api.name),
        format!("{header}{}", prettyplease::unparse(&file)),
    ))
}

/// The per-API replay glue of every API: the dispatch modules, each API's
/// operations, its replay (config from a base URL and a format name, its
/// clients, the dispatch) and its decoding of an error response outside a
/// call. Each API comes with whether its crate has a generated `Format`
/// (several `x-formats`): only then does its replay choose a format.
pub fn apis_file(apis: &[(&Api, bool)]) -> Result<Output> {
    let mut modules = Vec::new();
    let mut operation_arms = Vec::new();
    let mut dispatch_arms = Vec::new();
    let mut error_arms = Vec::new();
    for &(api, has_format) in apis {
        let arms = api_arms(api, has_format)?;
        modules.push(arms.module);
        operation_arms.push(arms.operations);
        dispatch_arms.push(arms.dispatch);
        error_arms.extend(arms.error);
    }
    let tokens = quote! {
        #![allow(unused_imports)]

        use crate::replay::{Call, IntoOutcome, Outcome};

        #( #modules )*

        /// Every operationId of `api`'s spec, in path order (`None`: no such API).
        pub fn operations(api: &str) -> Option<&'static [&'static str]> {
            match api {
                #( #operation_arms )*
                _ => None,
            }
        }

        /// Calls `call` with `api`'s client of its scope, for the server at
        /// `base_url` (the API's base path included), in the format named
        /// `format_name` (an `x-formats` name) for an API with several.
        pub async fn dispatch(
            api: &str,
            base_url: &str,
            format_name: Option<&str>,
            call: &Call,
        ) -> ::std::result::Result<Outcome, String> {
            match api {
                #( #dispatch_arms )*
                other => Err(format!("no generated client for api `{other}`")),
            }
        }

        /// `api`'s error for an error response received outside a call, for
        /// an API whose crate decodes one (`error_response` in
        /// `pipeline/src/apis.rs`); `None` otherwise, or when `body` is not
        /// an error body.
        #[allow(clippy::match_single_binding)]
        pub fn decode_error(
            api: &str,
            status: u16,
            headers: &::reqwest::header::HeaderMap,
            body: ::serde_json::Value,
        ) -> Option<Outcome> {
            match api {
                #( #error_arms )*
                _ => {
                    let _ = (status, headers, body);
                    None
                }
            }
        }
    };
    let file: syn::File = syn::parse2(tokens)?;
    Ok(Output::new(
        "tests/src/generated_apis.rs",
        format!(
            "// @generated by `cargo xtask generate` from pipeline/src/apis.rs.\n// Do not edit: change pipeline/src/apis.rs or the generator (pipeline/), then regenerate.\n\n{}",
            prettyplease::unparse(&file)
        ),
    ))
}

/// One API's parts of `generated_apis.rs`.
struct ApiArms {
    /// The `mod` item of its dispatch file.
    module: TokenStream,
    /// Its arm in `operations`.
    operations: TokenStream,
    /// Its arm in `dispatch`: the config (with the format, when the crate
    /// has several), the clients, the call.
    dispatch: TokenStream,
    /// Its arm in `decode_error`, when its crate decodes error responses.
    error: Option<TokenStream>,
}

fn api_arms(api: &Api, has_format: bool) -> Result<ApiArms> {
    let name = api.name;
    let krate = ident(api.crate_ident)?;
    let module = ident(&format!("dispatch_{}", sanitize(name, Case::Snake)))?;
    let file = format!("generated_dispatch_{name}.rs");
    let doc = format!(" The conformance dispatch of `{name}`.");
    let module_decl = quote! {
        #[doc = #doc]
        #[rustfmt::skip]
        #[allow(clippy::all)]
        #[path = #file]
        pub(crate) mod #module;
    };
    let operations = quote! { #name => Some(#module::OPERATIONS), };
    let config = if has_format {
        let unknown = format!("the {name} client has no format {{format_name:?}}");
        quote! {
            let format = format_name
                .and_then(::#krate::Format::from_name)
                .ok_or_else(|| format!(#unknown))?;
            let config = ::#krate::Config::new(base_url)
                .map_err(|e| e.to_string())?
                .with_format(format);
        }
    } else {
        quote! {
            let config = ::#krate::Config::new(base_url).map_err(|e| e.to_string())?;
        }
    };
    let dispatch = quote! {
        #name => {
            #config
            let clients = #module::clients(&config)?;
            #module::dispatch(&clients, call).await
        }
    };
    let mut error = None;
    if let Some(function) = api.error_response {
        let path: syn::Path =
            syn::parse_str(&function.replacen("crate::", &format!("{}::", api.crate_ident), 1))?;
        error = Some(quote! {
            #name => ::#path(status, headers, body).map(IntoOutcome::into_outcome),
        });
    }
    Ok(ApiArms {
        module: module_decl,
        operations,
        dispatch,
        error,
    })
}

/// The match arm of an operation, and the function it calls.
fn arm(
    api: &Api,
    doc: &Value,
    op: &Operation<'_>,
    id: &str,
    krate: &Ident,
) -> Result<(TokenStream, TokenStream)> {
    let method = ident(&sanitize(id, Case::Snake))?;
    // The first client of the operation's scope (all of them expose it).
    let exposure = exposure(api, id, op.value.get("security"))?;
    let Some(client) = exposure.clients.first() else {
        bail!("{id}: no client in pipeline/src/apis.rs serves its security");
    };
    let field = ident(&sanitize(client, Case::Snake))?;
    let mut setters = Vec::new();
    for (parameter, at) in parameters(doc, op) {
        let name = parameter.str_at("name").unwrap_or_default();
        let setter = ident(&sanitize(name, Case::Snake))?;
        let rust_type = rust_type(api, krate, parameter.get("schema"), &at)?;
        setters.push(quote! { let request = request.#setter(param::<#rust_type>(call, #name)?); });
    }
    if let Some(request_body) = op.value.get("requestBody") {
        let (request_body, at) = resolve(doc, request_body, &format!("{}/requestBody", op.pointer));
        let schema = request_body
            .obj_at("content")
            .and_then(|content| content.values().next())
            .and_then(|media| media.get("schema"));
        let body_type = match schema.and_then(schema_ref_name) {
            Some(_) => rust_type(api, krate, schema, &at)?,
            None => {
                let name = ident(&sanitize(&format!("{id}-body"), Case::Pascal))?;
                quote! { #krate::types::#name }
            }
        };
        if request_body.get("required") == Some(&Value::Bool(true)) {
            setters.push(quote! { let request = request.body(body::<#body_type>(call)?); });
        } else {
            // An optional body: sent when the recording has one.
            setters.push(quote! {
                let request = match &call.body {
                    Some(_) => request.body(body::<#body_type>(call)?),
                    None => request,
                };
            });
        }
    }
    let decode = match success_kind(doc, op) {
        SuccessKind::Json => quote! { typed(request.send().await).await },
        SuccessKind::Raw => quote! { raw(request.send().await).await },
        SuccessKind::None => quote! { unit(request.send().await).await },
    };
    let function = ident(&format!("call_{}", sanitize(id, Case::Snake)))?;
    // An operation without parameters or body never reads the call.
    let call = if setters.is_empty() {
        quote! { _call }
    } else {
        quote! { call }
    };
    Ok((
        quote! { #id => Box::pin(#function(clients, call)), },
        quote! {
            async fn #function(clients: &Clients, #call: &Call) -> ::std::result::Result<Outcome, String> {
                let request = clients.#field.#method();
                #( #setters )*
                Ok(#decode)
            }
        },
    ))
}

enum SuccessKind {
    Json,
    Raw,
    None,
}

/// What progenitor returns on success (the limit checks ensure there is one kind).
fn success_kind(doc: &Value, op: &Operation<'_>) -> SuccessKind {
    let responses = op.value.obj_at("responses");
    for (status, response) in responses.into_iter().flatten() {
        if !status.starts_with('2') {
            continue;
        }
        let (response, _) = resolve(doc, response, "");
        let Some(content) = response.obj_at("content").filter(|c| !c.is_empty()) else {
            return SuccessKind::None;
        };
        return if content
            .keys()
            .any(|m| m == "application/json" || m.starts_with("application/json;"))
        {
            SuccessKind::Json
        } else {
            SuccessKind::Raw
        };
    }
    // Progenitor makes up a raw 2XX when none is declared.
    SuccessKind::Raw
}

/// The Rust type of a parameter or body schema in the generated crate.
fn rust_type(api: &Api, krate: &Ident, schema: Option<&Value>, at: &str) -> Result<TokenStream> {
    let Some(schema) = schema else {
        bail!("{at}: no schema");
    };
    if let Some(name) = schema_ref_name(schema) {
        if let Some(replacement) = api.replacements.iter().find(|r| r.schema == name) {
            let path: syn::Path = syn::parse_str(&replacement.rust_type.replacen(
                "crate::",
                &format!("{}::", api.crate_ident),
                1,
            ))?;
            return Ok(quote! { #path });
        }
        let name = ident(&sanitize(name, Case::Pascal))?;
        return Ok(quote! { #krate::types::#name });
    }
    let kind = schema.str_at("type").unwrap_or_default();
    let format = schema.str_at("format").unwrap_or_default();
    Ok(match (kind, format) {
        ("integer", "int32") => quote! { i32 },
        ("integer", _) => quote! { i64 },
        ("number", _) => quote! { f64 },
        ("boolean", _) => quote! { bool },
        ("string", "") => quote! { ::std::string::String },
        _ => bail!(
            "{at}: the conformance dispatch cannot name the type of an inline `{kind}` schema; use a component"
        ),
    })
}

/// Case of a generated name.
#[derive(Clone, Copy)]
pub enum Case {
    /// `TypeName`.
    Pascal,
    /// `method_name`.
    Snake,
}

/// Progenitor's identifier rule: case conversion, then a valid Rust identifier.
pub fn sanitize(input: &str, case: Case) -> String {
    let cleaned: String = input
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let convert = |s: &str| match case {
        Case::Pascal => s.to_pascal_case(),
        Case::Snake => s.to_snake_case(),
    };
    let mut out = convert(&cleaned);
    match out.chars().next() {
        None => out = convert("x"),
        Some(c) if c.is_alphabetic() || c == '_' => {}
        Some(_) => out = format!("_{out}"),
    }
    if syn::parse_str::<Ident>(&out).is_err() {
        out.push('_');
    }
    out
}

fn ident(name: &str) -> Result<Ident> {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ok(Ident::new(name, Span::call_site())),
        Err(_) => bail!("`{name}` is not a Rust identifier"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glue_asks_for_a_format_and_decodes_errors_only_where_the_entry_says() -> Result<()> {
        let apis: Vec<(&Api, bool)> = crate::apis::APIS
            .iter()
            .map(|api| (api, api.name == "defentry"))
            .collect();
        let glue = apis_file(&apis)?.contents;
        assert!(
            glue.contains("#[path = \"generated_dispatch_crmcom.rs\"]"),
            "{glue}"
        );
        assert_eq!(glue.matches("Format::from_name").count(), 1, "{glue}");
        assert!(glue.contains("::defentry::Format::from_name"), "{glue}");
        assert_eq!(glue.matches("::from_error_response(").count(), 1, "{glue}");
        assert!(
            glue.contains("::defentry::Error::from_error_response("),
            "{glue}"
        );
        Ok(())
    }

    #[test]
    fn names_follow_progenitor() {
        assert_eq!(sanitize("crmLogin", Case::Snake), "crm_login");
        assert_eq!(sanitize("emailId", Case::Snake), "email_id");
        assert_eq!(sanitize("account_id", Case::Snake), "account_id");
        assert_eq!(sanitize("type", Case::Snake), "type_");
        assert_eq!(sanitize("X-API-Version", Case::Snake), "x_api_version");
        assert_eq!(
            sanitize("createSsoToken-body", Case::Pascal),
            "CreateSsoTokenBody"
        );
        assert_eq!(sanitize("2fa", Case::Snake), "_2fa");
    }
}

//! Scope-typed clients: for every operation, a request type that wraps
//! progenitor's builder (same setters, read from progenitor's own output, so
//! they cannot drift) and whose `send` returns the crate's one error type; the
//! methods that create them on the client of each scope; and a table of the
//! operations for the hooks (method, state-changing, streamed success).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use crate::model::node::Node;

use crate::apis::Api;
use crate::codegen::client_exposure::exposure;
use crate::codegen::dispatch::{Case, sanitize};
use crate::model::openapi_walk::{Operation, operations, parameters, reachable_schemas, resolve};

/// What the spec says of one operation.
struct OperationDoc {
    id: String,
    method: String,
    path: String,
    doc: String,
    clients: Vec<Ident>,
    state_changing: bool,
    schemes: Vec<String>,
    /// A success body may carry a secret (it reaches a schema the crate maps
    /// to its redacting `Secret` type).
    secret_success: bool,
    setter_docs: BTreeMap<String, String>,
    /// The request body is optional and undocumented: the scoped method
    /// starts from an empty object, since progenitor makes every body
    /// required.
    optional_body: bool,
}

/// The schema of optional request bodies the scoped methods start empty.
const UNDOCUMENTED_BODY: &str = "#/components/schemas/UndocumentedRequestBody";

/// The `generated_scopes.rs` items, or `None` when the API has no scoped clients.
pub fn tokens(api: &Api, doc: &Value, client: &syn::File) -> Result<Option<TokenStream>> {
    if api.scoped_clients.is_empty() && api.public_client.is_none() {
        return Ok(None);
    }
    let builders = builder_impls(client)?;
    let mut wrappers = Vec::new();
    let mut methods: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    let mut table = Vec::new();
    for op in describe(api, doc)? {
        let struct_name = sanitize(&op.id, Case::Pascal);
        let method_name = sanitize(&op.id, Case::Snake);
        let builder = builders.get(&struct_name).with_context(|| {
            format!(
                "progenitor generated no builder `{struct_name}` for {}",
                op.id
            )
        })?;
        let (tokens, streamed) = wrapper(&struct_name, &op, builder)?;
        wrappers.push(tokens);
        let method = ident(&method_name);
        let ty = ident(&struct_name);
        let doc = &op.doc;
        let start = if op.optional_body {
            quote! { self.raw().#method().body(::serde_json::Map::new()) }
        } else {
            quote! { self.raw().#method() }
        };
        for client in &op.clients {
            methods.entry(client.to_string()).or_default().push(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> requests::#ty<'_> {
                    requests::#ty(#start)
                }
            });
        }
        let (method, state_changing, schemes) =
            (op.method.to_uppercase(), op.state_changing, &op.schemes);
        table.push(quote! {
            OperationMeta { id: #method_name, method: #method, state_changing: #state_changing, streamed_success: #streamed, schemes: &[ #( #schemes ),* ] },
        });
    }
    let impls = methods.iter().map(|(client, methods)| {
        let client = ident(client);
        quote! {
            impl crate::#client {
                #( #methods )*
            }
        }
    });
    Ok(Some(quote! {
        /// Request types: one per operation, created by the client of its scope.
        /// Set parameters and the body, then `send()`.
        pub mod requests {
            #[allow(unused_imports)]
            use crate::types;
            #[allow(unused_imports)]
            use crate::{ByteStream, ResponseValue};
            #( #wrappers )*
        }

        #( #impls )*

        /// What the hooks need to know of an operation (each crate reads
        /// the fields it needs).
        #[derive(Clone, Copy, Debug)]
        #[allow(dead_code)]
        pub(crate) struct OperationMeta {
            /// progenitor's operation id (snake case).
            pub id: &'static str,
            /// HTTP method, upper case.
            pub method: &'static str,
            /// Every security scheme the operation names (`[]`: no token).
            pub schemes: &'static [&'static str],
            /// A `GET` that changes state (`x-state-changing`).
            pub state_changing: bool,
            /// The success body is undocumented and returned unread (a
            /// `ByteStream` the caller streams): the hooks do not buffer it.
            pub streamed_success: bool,
        }

        /// Every operation, by progenitor's operation id.
        pub(crate) const OPERATIONS: &[OperationMeta] = &[ #( #table )* ];
    }))
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// What the spec says of every operation.
fn describe(api: &Api, doc: &Value) -> Result<Vec<OperationDoc>> {
    operations(doc)
        .iter()
        .map(|op| describe_one(api, doc, op))
        .collect()
}

fn describe_one(api: &Api, doc: &Value, op: &Operation<'_>) -> Result<OperationDoc> {
    let id = op
        .value
        .str_at("operationId")
        .with_context(|| format!("{}: no operationId", op.pointer))?;
    let exposure = exposure(api, id, op.value.get("security"))?;
    let state_changing = op.value.get("x-state-changing") == Some(&Value::Bool(true));
    let optional_body = has_optional_body(doc, op);
    Ok(OperationDoc {
        doc: doc_text(op, id, &exposure.scope, state_changing, optional_body),
        clients: exposure.clients.iter().map(|c| ident(c)).collect(),
        schemes: exposure.schemes,
        secret_success: secret_success(api, doc, op),
        id: id.to_owned(),
        method: op.method.to_owned(),
        path: op.path.to_owned(),
        state_changing,
        setter_docs: setter_docs(doc, op),
        optional_body,
    })
}

/// The doc comment of an operation's method: summary, route, scope, notes.
fn doc_text(
    op: &Operation<'_>,
    id: &str,
    scope: &str,
    state_changing: bool,
    optional_body: bool,
) -> String {
    let text = |key: &str| op.value.str_at(key).unwrap_or_default().trim().to_owned();
    let mut doc_text = format!(
        "{}\n\n`{} {}` (`{id}`; {scope}).",
        text("summary"),
        op.method.to_uppercase(),
        op.path
    );
    if !text("description").is_empty() {
        doc_text.push_str(&format!("\n\n{}", text("description")));
    }
    if state_changing {
        doc_text.push_str("\n\nNever retried by the retry policy: this GET changes state.");
    }
    if optional_body {
        doc_text.push_str("\n\nThe body is optional: without `.body(…)` the request sends `{}`.");
    }
    doc_text
}

/// The `$ref` of the JSON request body, when there is a body.
fn body_ref<'a>(doc: &'a Value, op: &Operation<'a>) -> Option<(&'a Value, Option<&'a str>)> {
    let (body, _) = resolve(doc, op.value.get("requestBody")?, "");
    let schema = body
        .pointer("/content/application~1json/schema/$ref")
        .and_then(Value::as_str);
    Some((body, schema))
}

/// An optional, undocumented request body (the scoped method sends `{}`).
fn has_optional_body(doc: &Value, op: &Operation<'_>) -> bool {
    body_ref(doc, op).is_some_and(|(body, schema)| {
        body.get("required") != Some(&Value::Bool(true)) && schema == Some(UNDOCUMENTED_BODY)
    })
}

/// Setter name → its doc: every parameter, and the body setters.
fn setter_docs(doc: &Value, op: &Operation<'_>) -> BTreeMap<String, String> {
    let mut setter_docs = BTreeMap::new();
    for (parameter, _) in parameters(doc, op) {
        let name = parameter.str_at("name").unwrap_or_default();
        let location = parameter.str_at("in").unwrap_or_default();
        let description = parameter.str_at("description").unwrap_or_default();
        setter_docs.insert(
            sanitize(name, Case::Snake),
            format!("Sets the {location} parameter `{name}`. {description}")
                .trim()
                .to_owned(),
        );
    }
    if let Some((_, schema)) = body_ref(doc, op) {
        let name = schema
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("the body");
        setter_docs.insert("body".into(), format!("Sets the request body (`{name}`)."));
        setter_docs.insert(
            "body_map".into(),
            format!("Edits the request body (`{name}`) with its builder."),
        );
    }
    setter_docs
}

/// A success body reaches a schema the crate maps to its redacting `Secret`.
fn secret_success(api: &Api, doc: &Value, op: &Operation<'_>) -> bool {
    let secret_schemas: Vec<&str> = api
        .replacements
        .iter()
        .filter(|r| r.rust_type.ends_with("::Secret"))
        .map(|r| r.schema)
        .collect();
    let success_roots: Vec<(&Value, String)> = op
        .value
        .obj_at("responses")
        .into_iter()
        .flatten()
        .filter(|(status, _)| status.starts_with('2'))
        .flat_map(|(_, response)| resolve(doc, response, "").0.obj_at("content"))
        .flat_map(|content| content.values())
        .filter_map(|media| media.get("schema").map(|schema| (schema, String::new())))
        .collect();
    reachable_schemas(doc, &success_roots)
        .iter()
        .any(|name| secret_schemas.contains(&name.as_str()))
}

/// progenitor's `builder` module: struct name → its inherent methods.
fn builder_impls(file: &syn::File) -> Result<BTreeMap<String, Vec<syn::ImplItemFn>>> {
    let module = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref(),
            _ => None,
        })
        .context(
            "progenitor's output has no `builder` module (the Builder interface style is required)",
        )?;
    let mut out = BTreeMap::new();
    for item in &module.1 {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(path) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = path.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let fns = block
            .items
            .iter()
            .filter_map(|i| match i {
                syn::ImplItem::Fn(f) => Some(f),
                _ => None,
            })
            .cloned()
            .collect();
        out.insert(name, fns);
    }
    Ok(out)
}

/// The request type of one operation, and whether its success body is a
/// `ByteStream` (returned unread).
fn wrapper(
    struct_name: &str,
    op: &OperationDoc,
    builder: &[syn::ImplItemFn],
) -> Result<(TokenStream, bool)> {
    let name = ident(struct_name);
    let mut methods = Vec::new();
    let mut success = None;
    for function in builder {
        let fn_name = function.sig.ident.to_string();
        match fn_name.as_str() {
            "new" => continue,
            "send" => {
                success = Some(
                    success_type(&function.sig.output)
                        .with_context(|| format!("{}: send", op.id))?,
                )
            }
            _ => methods.push(setter(function, op)?),
        }
    }
    let success =
        success.with_context(|| format!("{}: progenitor's builder has no send()", op.id))?;
    let secret_success = op.secret_success;
    let doc = format!(
        "Request of `{}`: {}",
        op.id,
        op.doc.lines().next().unwrap_or_default()
    );
    let streamed = matches!(&success, syn::Type::Path(path)
        if path.path.segments.last().is_some_and(|s| s.ident == "ByteStream"));
    let empty = matches!(&success, syn::Type::Tuple(tuple) if tuple.elems.is_empty());
    let returns = if streamed {
        "returns the success body unread: the docs do not describe it (stream it, or read it with `read_json`, which applies the body size limit)".to_owned()
    } else if empty {
        "returns the status and headers (the success has no body)".to_owned()
    } else {
        format!(
            "decodes the JSON success body into `{}`",
            success.to_token_stream().to_string().replace(' ', "")
        )
    };
    let send_doc = format!(
        "Sends `{} {}` and {returns}.",
        op.method.to_uppercase(),
        op.path
    );
    let tokens = quote! {
        #[doc = #doc]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name<'a>(pub(crate) crate::generated::builder::#name<'a>);

        impl<'a> #name<'a> {
            #( #methods )*

            #[doc = #send_doc]
            pub async fn send(self) -> ::std::result::Result<ResponseValue<#success>, crate::Error> {
                crate::call::send(self.0.send(), #secret_success).await
            }
        }
    };
    Ok((tokens, streamed))
}

/// `Result<ResponseValue<T>, Error<…>>` → `T`.
fn success_type(output: &syn::ReturnType) -> Result<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        bail!("no return type")
    };
    let argument = |ty: &syn::Type, index: usize| -> Option<syn::Type> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
            return None;
        };
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .nth(index)
    };
    let response_value = argument(ty, 0).context("not Result<ResponseValue<T>, _>")?;
    argument(&response_value, 0).context("not ResponseValue<T>")
}

/// A setter that forwards to progenitor's, with the same signature.
fn setter(function: &syn::ImplItemFn, op: &OperationDoc) -> Result<TokenStream> {
    let mut sig = function.sig.clone();
    let mut args = Vec::new();
    for input in sig.inputs.iter_mut() {
        match input {
            syn::FnArg::Receiver(receiver) => receiver.mutability = None,
            syn::FnArg::Typed(typed) => match typed.pat.as_ref() {
                syn::Pat::Ident(pat) => args.push(pat.ident.clone()),
                other => bail!(
                    "{}: unexpected parameter pattern {}",
                    op.id,
                    other.to_token_stream()
                ),
            },
        }
    }
    let name = &sig.ident;
    let doc = op
        .setter_docs
        .get(&name.to_string())
        .cloned()
        .unwrap_or_else(|| format!("Sets `{name}`."));
    Ok(quote! {
        #[doc = #doc]
        pub #sig {
            Self(self.0.#name(#( #args ),*))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::client_exposure::tests::API;
    use serde_json::json;

    fn op(id: &str, security: Value) -> Value {
        json!({"operationId": id, "summary": "S", "security": security, "responses": {}})
    }

    /// `operationId` → (clients, doc) of a document with these operations
    /// (each on its own path).
    fn described(ops: &[Value]) -> Result<BTreeMap<String, (Vec<String>, String)>> {
        let paths: serde_json::Map<String, Value> = ops
            .iter()
            .enumerate()
            .map(|(index, op)| (format!("/p{index}"), json!({"get": op})))
            .collect();
        let doc = json!({"openapi": "3.0.3", "paths": paths});
        Ok(describe(&API, &doc)?
            .into_iter()
            .map(|op| {
                let clients = op.clients.iter().map(Ident::to_string).collect();
                (op.id, (clients, op.doc))
            })
            .collect())
    }

    #[test]
    fn each_operation_goes_to_the_clients_of_its_schemes_only() -> Result<()> {
        let ops = described(&[
            op("open", json!([])),
            op("crm", json!([{"crmToken": []}])),
            op("app", json!([{"appToken": []}])),
            op("either", json!([{"appToken": []}, {"crmToken": []}])),
            op("both", json!([{"crmToken": [], "appToken": []}])),
        ])?;
        let clients = |id: &str| ops[id].0.clone();
        assert_eq!(clients("open"), ["PublicClient"]);
        assert_eq!(clients("crm"), ["CrmClient"]);
        assert_eq!(clients("app"), ["AppClient"]);
        assert_eq!(clients("either"), ["AppClient", "CrmClient"]);
        assert_eq!(clients("both"), ["AppClient", "CrmClient"]);
        Ok(())
    }

    #[test]
    fn the_doc_names_the_route_and_the_scope() -> Result<()> {
        let mut closing = op("close", json!([{"crmToken": []}, {"appToken": []}]));
        closing["x-state-changing"] = json!(true);
        let ops = described(&[
            op("open", json!([])),
            closing,
            op("both", json!([{"crmToken": [], "appToken": []}])),
        ])?;
        assert_eq!(ops["open"].1, "S\n\n`GET /p0` (`open`; no token).");
        assert_eq!(
            ops["close"].1,
            "S\n\n`GET /p1` (`close`; CRM token or app token).\n\nNever retried by the retry policy: this GET changes state."
        );
        assert_eq!(
            ops["both"].1,
            "S\n\n`GET /p2` (`both`; app token and CRM token)."
        );
        Ok(())
    }

    #[test]
    fn missing_security_and_unknown_schemes_are_errors() {
        let error = |op: Value| {
            described(&[op])
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let mut silent = op("silent", json!([]));
        if let Some(object) = silent.as_object_mut() {
            object.remove("security");
        }
        let message = error(silent);
        assert!(
            message.contains("silent: every operation must state its security"),
            "{message}"
        );
        assert_eq!(
            error(op("odd", json!([{"apiKey": []}]))),
            "odd: security scheme `apiKey` has no scoped client in pipeline/src/apis.rs"
        );
    }

    #[test]
    fn methods_are_generated_on_the_client_of_each_scope() -> Result<()> {
        let builder: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> Open<'a> {
                    pub fn new(client: &'a super::Client) -> Self { todo!() }
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo!() }
                }
                impl<'a> Crm<'a> {
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo!() }
                }
            }
        };
        let doc = json!({"paths": {
            "/open": {"get": op("open", json!([]))},
            "/crm": {"get": op("crm", json!([{"crmToken": []}]))}
        }});
        let tokens = tokens(&API, &doc, &builder)?.context("scoped clients")?;
        let file: syn::File = syn::parse2(tokens)?;
        let methods = |client: &str| -> Vec<String> {
            file.items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Impl(block)
                        if block.self_ty.to_token_stream().to_string()
                            == format!("crate :: {client}") =>
                    {
                        Some(block.items.iter().filter_map(|i| match i {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        }))
                    }
                    _ => None,
                })
                .flatten()
                .collect()
        };
        assert_eq!(methods("PublicClient"), ["open"]);
        assert_eq!(methods("CrmClient"), ["crm"]);
        assert!(methods("AppClient").is_empty());
        Ok(())
    }
}

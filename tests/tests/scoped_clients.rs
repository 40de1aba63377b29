//! The scoped clients of `defentry` expose exactly the routes their token may
//! call, checked against the scopes transcribed by hand in
//! `tests/fixtures/reference-endpoints.txt`, independently of the generator:
//! the methods are read from the generated source with `syn`, and each is
//! mapped to its route through progenitor's own `Client` (whose docs name the
//! method and path it sends).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// (METHOD, path) of a route.
type Route = (String, String);

/// The scoped client types and the scope each stands for.
const CLIENTS: &[(&str, &str)] = &[
    ("PublicClient", "none"),
    ("CrmClient", "crm"),
    ("AppClient", "app"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn parse(relative: &str) -> Result<syn::File, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(root().join(relative))?;
    Ok(syn::parse_file(&text).map_err(|e| format!("{relative}: {e}"))?)
}

/// Every route the reference documents → the clients that may call it.
fn reference() -> Result<BTreeMap<Route, BTreeSet<String>>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/reference-endpoints.txt"))?;
    let mut out = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let [method, path, scope] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            return Err(format!("bad fixture line: {line}").into());
        };
        let clients: BTreeSet<String> = scope
            .split('+')
            .map(|scope| {
                CLIENTS
                    .iter()
                    .find(|(_, s)| *s == scope)
                    .map(|(client, _)| (*client).to_owned())
                    .ok_or(format!("bad scope `{scope}` in: {line}"))
            })
            .collect::<Result<_, _>>()?;
        out.insert((method.to_owned(), path.to_owned()), clients);
    }
    Ok(out)
}

/// The text of an item's `///` docs.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The last segment of an impl block's type (`crate::CrmClient` → `CrmClient`).
fn impl_type(block: &syn::ItemImpl) -> Option<String> {
    match block.self_ty.as_ref() {
        syn::Type::Path(path) if block.trait_.is_none() => {
            path.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    }
}

fn methods_of<'a>(
    file: &'a syn::File,
    type_name: &'a str,
) -> impl Iterator<Item = &'a syn::ImplItemFn> + 'a {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if impl_type(block).as_deref() == Some(type_name) => {
                Some(&block.items)
            }
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function),
            _ => None,
        })
}

/// progenitor's `Client` methods → the route each sends (its docs say
/// "Sends a `GET` request to `/api/v1/alarms`").
fn raw_routes() -> Result<BTreeMap<String, Route>, Box<dyn std::error::Error>> {
    let file = parse("crates/defentry/src/generated.rs")?;
    let mut out = BTreeMap::new();
    for function in methods_of(&file, "Client") {
        let docs = doc_text(&function.attrs);
        let Some(rest) = docs.split("Sends a `").nth(1) else {
            continue;
        };
        let mut quoted = rest.split('`');
        let (Some(method), Some(_), Some(path)) = (quoted.next(), quoted.next(), quoted.next())
        else {
            return Err(format!("{}: unreadable docs {docs:?}", function.sig.ident).into());
        };
        out.insert(
            function.sig.ident.to_string(),
            (method.to_owned(), path.to_owned()),
        );
    }
    Ok(out)
}

/// The `Client` method a scoped method forwards to: its body is
/// `requests::X(self.raw().method())`, possibly with builder calls after the
/// method (`self.raw().method().body(…)` for an optional body).
fn forwards_to(function: &syn::ImplItemFn) -> Option<String> {
    let [syn::Stmt::Expr(syn::Expr::Call(call), None)] = &function.block.stmts[..] else {
        return None;
    };
    let [syn::Expr::MethodCall(outer)] = &call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let mut current = outer;
    loop {
        match current.receiver.as_ref() {
            syn::Expr::MethodCall(receiver) if receiver.method == "raw" => {
                return Some(current.method.to_string());
            }
            syn::Expr::MethodCall(receiver) => current = receiver,
            _ => return None,
        }
    }
}

/// Every route of the generated scoped clients → the clients that expose it.
fn exposed() -> Result<BTreeMap<Route, BTreeSet<String>>, Box<dyn std::error::Error>> {
    let raw = raw_routes()?;
    let file = parse("crates/defentry/src/generated_scopes.rs")?;
    let mut out: BTreeMap<Route, BTreeSet<String>> = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some(client) = impl_type(block) else {
            continue;
        };
        if !CLIENTS.iter().any(|(name, _)| *name == client) {
            return Err(format!("generated methods on an unknown client `{client}`").into());
        }
        for function in methods_of(&file, &client) {
            let name = function.sig.ident.to_string();
            let target = forwards_to(function)
                .ok_or(format!("{client}::{name} does not forward to a raw method"))?;
            assert_eq!(target, name, "{client}::{name} forwards to another method");
            let route = raw
                .get(&target)
                .ok_or(format!("{client}::{name}: progenitor has no `{target}`"))?;
            out.entry(route.clone()).or_default().insert(client.clone());
        }
    }
    Ok(out)
}

#[test]
fn every_route_is_on_exactly_the_clients_of_its_scopes() -> TestResult {
    let expected = reference()?;
    assert_eq!(expected.len(), 91, "the reference documents 91 routes");
    let exposed = exposed()?;
    let mut wrong = Vec::new();
    for (route, clients) in &expected {
        let on = exposed.get(route).cloned().unwrap_or_default();
        for missing in clients.difference(&on) {
            wrong.push(format!("{route:?} is missing from {missing}"));
        }
        for extra in on.difference(clients) {
            wrong.push(format!(
                "{route:?} is on {extra}, whose token may not call it"
            ));
        }
    }
    for route in exposed.keys().filter(|r| !expected.contains_key(*r)) {
        wrong.push(format!("{route:?} is not in the reference"));
    }
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    Ok(())
}

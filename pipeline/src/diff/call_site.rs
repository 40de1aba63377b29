//! A call site written against a generated Rust client: code that uses its
//! whole public surface the way callers do, so that compiling it against
//! the client generated from another revision shows whether that
//! revision breaks code written for this one.
//!
//! From progenitor's output (builder interface) it writes, for each
//! operation, a function that calls it with every setter (arguments of the
//! old setter types) and binds `send()`'s result to the old result type;
//! for each struct of `types`, a function that reads every field as its old
//! type; for each enum, an exhaustive `match`; for every other public type,
//! a function that names it. The call site lives beside the client, as
//! `super::g`.
//!
//! Not covered: the inner value of a tuple struct and the contents of an
//! enum variant are not typed (`(..)`), and types are not built with struct
//! literals (every type has a builder; with literals any added field would
//! break). A change only these would show passes as compiling.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Fields, FnArg, ImplItem, Item, ReturnType, Type, WherePredicate};

/// One operation: the `Client` method, its setters and `send`'s result.
struct Operation {
    method: String,
    builder: String,
    setters: Vec<(String, String)>,
    result: Option<String>,
}

/// Prefixes bare names of `types` items with `types::` (inside `types`,
/// progenitor refers to its siblings by bare name).
struct Qualify<'a>(&'a BTreeSet<String>);

impl VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, path);
        if path.qself.is_none()
            && path.path.leading_colon.is_none()
            && path.path.segments.len() == 1
            && path
                .path
                .segments
                .first()
                .is_some_and(|s| self.0.contains(&s.ident.to_string()))
        {
            let qualified: syn::Path = syn::parse_quote!(types::#path);
            path.path = qualified;
        }
    }
}

fn tokens(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

/// The module `name` at the top of `file`.
fn module<'f>(file: &'f syn::File, name: &str) -> Option<&'f [Item]> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.as_slice()),
        _ => None,
    })
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// `T` of a setter `fn name<V>(mut self, value: V) -> Self where V: TryInto<T>`.
fn setter_type(method: &syn::ImplItemFn) -> Option<Type> {
    let predicates = &method.sig.generics.where_clause.as_ref()?.predicates;
    predicates.iter().find_map(|predicate| match predicate {
        WherePredicate::Type(bound) => bound.bounds.iter().find_map(|b| match b {
            syn::TypeParamBound::Trait(t) => {
                let last = t.path.segments.last()?;
                if last.ident != "TryInto" {
                    return None;
                }
                match &last.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        args.args.iter().find_map(|a| match a {
                            syn::GenericArgument::Type(ty) => Some(ty.clone()),
                            _ => None,
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        }),
        _ => None,
    })
}

fn operations(file: &syn::File, qualify: &mut Qualify<'_>) -> Vec<Operation> {
    let mut out = Vec::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        if tokens(&block.self_ty) != "Client" || block.trait_.is_some() {
            continue;
        }
        for member in &block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            if !is_public(&method.vis)
                || !matches!(method.sig.inputs.first(), Some(FnArg::Receiver(_)))
            {
                continue;
            }
            let ReturnType::Type(_, ty) = &method.sig.output else {
                continue;
            };
            let Type::Path(path) = ty.as_ref() else {
                continue;
            };
            let Some(last) = path.path.segments.last() else {
                continue;
            };
            out.push(Operation {
                method: method.sig.ident.to_string(),
                builder: last.ident.to_string(),
                setters: Vec::new(),
                result: None,
            });
        }
    }
    let Some(builders) = module(file, "builder") else {
        return out;
    };
    for item in builders {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let Type::Path(path) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = path.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let Some(op) = out.iter_mut().find(|op| op.builder == name) else {
            continue;
        };
        for member in &block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            if !is_public(&method.vis) {
                continue;
            }
            if method.sig.ident == "send" {
                if let ReturnType::Type(_, ty) = &method.sig.output {
                    op.result = Some(tokens(ty));
                }
            } else if let Some(mut ty) = setter_type(method) {
                qualify.visit_type_mut(&mut ty);
                op.setters.push((method.sig.ident.to_string(), tokens(&ty)));
            }
        }
    }
    out
}

/// The call site for the client in `generated` (progenitor's output).
pub fn call_site(generated: &str) -> Result<String> {
    let file: syn::File =
        syn::parse_str(generated).context("the generated client does not parse")?;
    let types = module(&file, "types").unwrap_or(&[]);
    let names: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if is_public(&s.vis) => Some(s.ident.to_string()),
            Item::Enum(e) if is_public(&e.vis) => Some(e.ident.to_string()),
            Item::Type(t) if is_public(&t.vis) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut qualify = Qualify(&names);
    let mut out = String::from(
        "#![allow(unused, non_snake_case, clippy::all)]\n\
         use super::g::{builder, types, ByteStream, Client, Error, ResponseValue};\n\n",
    );
    for op in operations(&file, &mut qualify) {
        let parameters: Vec<String> = op
            .setters
            .iter()
            .enumerate()
            .map(|(i, (_, ty))| format!("a{i}: {ty}"))
            .collect();
        let calls: String = op
            .setters
            .iter()
            .enumerate()
            .map(|(i, (setter, _))| format!(".{setter}(a{i})"))
            .collect();
        let binding = op
            .result
            .as_ref()
            .map_or(String::new(), |result| format!(": {result}"));
        let _ = writeln!(
            out,
            "pub async fn call_{}(c: &Client, {}) {{\n    let r{binding} = c.{}(){calls}.send().await;\n}}\n",
            op.method,
            parameters.join(", "),
            op.method
        );
    }
    for item in types {
        match item {
            Item::Struct(s) if is_public(&s.vis) => {
                let name = &s.ident;
                match &s.fields {
                    Fields::Named(fields) => {
                        let mut pattern = Vec::new();
                        let mut reads = String::new();
                        for (i, field) in fields.named.iter().enumerate() {
                            if !is_public(&field.vis) {
                                continue;
                            }
                            let Some(ident) = &field.ident else { continue };
                            let mut ty = field.ty.clone();
                            qualify.visit_type_mut(&mut ty);
                            pattern.push(format!("{}: f{i}", tokens(ident)));
                            let _ = writeln!(reads, "    let _: {} = f{i};", tokens(&ty));
                        }
                        pattern.push("..".to_owned());
                        let _ = writeln!(
                            out,
                            "pub fn read_{name}(v: types::{name}) {{\n    let types::{name} {{ {} }} = v;\n{reads}}}\n",
                            pattern.join(", ")
                        );
                    }
                    _ => {
                        let _ = writeln!(out, "pub fn name_{name}(_: types::{name}) {{}}\n");
                    }
                }
            }
            Item::Enum(e) if is_public(&e.vis) => {
                let name = &e.ident;
                let arms: String = e
                    .variants
                    .iter()
                    .map(|v| {
                        let rest = match &v.fields {
                            Fields::Named(_) => " { .. }",
                            Fields::Unnamed(_) => "(..)",
                            Fields::Unit => "",
                        };
                        format!("        types::{name}::{}{rest} => {{}}\n", v.ident)
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "pub fn match_{name}(v: types::{name}) {{\n    match v {{\n{arms}    }}\n}}\n"
                );
            }
            Item::Type(t) if is_public(&t.vis) => {
                let _ = writeln!(out, "pub fn name_{}(_: types::{}) {{}}\n", t.ident, t.ident);
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::call_site;

    /// The shape of progenitor's output, reduced to what the call site reads.
    const CLIENT: &str = r#"
pub mod types {
    pub struct Item { pub id: i64, pub status: Option<Status>, hidden: i64 }
    pub enum Status { Open, Closed(String), Other { why: String } }
    pub struct Name(String);
}
pub struct Client;
impl Client {
    pub fn new(baseurl: &str) -> Self { Client }
    pub fn get_item(&self) -> builder::GetItem<'_> { todo!() }
}
pub mod builder {
    pub struct GetItem<'a> { client: &'a super::Client }
    impl<'a> GetItem<'a> {
        pub fn item_id<V>(mut self, value: V) -> Self where V: std::convert::TryInto<i64> { self }
        pub fn body_map<F>(mut self, f: F) -> Self where F: FnOnce(u8) -> u8 { self }
        pub async fn send(self) -> Result<ResponseValue<types::Item>, Error<()>> { todo!() }
    }
}
"#;

    #[test]
    fn the_call_site_uses_every_operation_setter_field_and_variant() {
        let site = call_site(CLIENT).expect("a call site");
        assert!(
            site.contains("pub async fn call_get_item(c: &Client, a0: i64)"),
            "{site}"
        );
        assert!(
            site.contains("c.get_item().item_id(a0).send().await"),
            "{site}"
        );
        assert!(
            site.contains("Result < ResponseValue < types :: Item > , Error < () > >"),
            "{site}"
        );
        assert!(!site.contains("body_map"), "{site}");
        assert!(!site.contains("call_new"), "{site}");
        // Public fields only, with bare sibling names qualified.
        assert!(site.contains("let _: i64 = f0;"), "{site}");
        assert!(
            site.contains("let _: Option < types :: Status > = f1;"),
            "{site}"
        );
        assert!(!site.contains("hidden"), "{site}");
        assert!(site.contains("types::Status::Open => {}"), "{site}");
        assert!(site.contains("types::Status::Closed(..) => {}"), "{site}");
        assert!(site.contains("types::Status::Other { .. } => {}"), "{site}");
        assert!(
            site.contains("pub fn name_Name(_: types::Name) {}"),
            "{site}"
        );
    }
}

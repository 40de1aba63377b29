//! Code for open enums: the known values as variants plus `Unknown(String)`,
//! so a value the server adds later never fails a response and is sent back
//! unchanged. (typify's enums are closed: typify#862.)

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::codegen::rust_profile::OpenEnum;

/// The Rust items of every open enum.
pub fn tokens(enums: &[OpenEnum]) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for open in enums {
        out.extend(one(open)?);
    }
    Ok(out)
}

/// The variant name of a wire value (`SCAN_NOT_STARTED` → `ScanNotStarted`).
pub fn variant_name(value: &str) -> String {
    let camel = value.to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) || camel.is_empty() {
        format!("V{camel}")
    } else {
        camel
    }
}

fn one(open: &OpenEnum) -> Result<TokenStream> {
    let name = ident(&open.name)?;
    let variants = variants(open)?;
    let doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}` values.", open.name));
    let doc = format!(
        "{doc}\n\nOpen enum: a value this crate does not know arrives as [`{}::Unknown`].",
        open.name
    );
    let variant_docs = variants.iter().map(|(_, value)| format!("`{value}`"));
    let variant_idents: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
    let values: Vec<&str> = variants.iter().map(|(_, value)| *value).collect();
    let serde = serde_impls(&name);
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variant_idents, )*
            /// A value the spec does not list; kept as received and sent back unchanged.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [&'static str] = &[ #( #values ),* ];

            /// The value as it goes over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variant_idents => #values, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variant_idents, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serde
    })
}

/// The variant of every value, refusing values that would collide with
/// each other or with the `Unknown` fallback.
fn variants(open: &OpenEnum) -> Result<Vec<(Ident, &str)>> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut variants = Vec::new();
    for value in &open.values {
        let variant = variant_name(value);
        if variant == "Unknown" {
            bail!(
                "enum {}: value `{value}` would collide with the Unknown(String) fallback",
                open.name
            );
        }
        if let Some(other) = seen.insert(variant.clone(), value) {
            bail!(
                "enum {}: values `{other}` and `{value}` both become variant {variant}",
                open.name
            );
        }
        variants.push((ident(&variant)?, value.as_str()));
    }
    Ok(variants)
}

/// Serialize as the wire string; deserialize any string, unknown ones
/// into `Unknown`.
fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // A visitor, not `String`: a known value allocates nothing.
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                        Ok(#name::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<#name, E> {
                        Ok(#name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    }
}

fn ident(name: &str) -> Result<Ident> {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ok(Ident::new(name, Span::call_site())),
        Err(_) => bail!("`{name}` is not a valid Rust identifier"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_are_pascal_case_and_valid_identifiers() {
        assert_eq!(variant_name("SCAN_NOT_STARTED"), "ScanNotStarted");
        assert_eq!(variant_name("POA_SENT_TO_SITE"), "PoaSentToSite");
        assert_eq!(variant_name("2026-06-12"), "V20260612");
        assert_eq!(variant_name("key.get"), "KeyGet");
    }

    #[test]
    fn colliding_values_are_an_error() {
        let open = OpenEnum {
            name: "E".into(),
            description: None,
            values: vec!["A_B".into(), "a-b".into()],
        };
        let err = tokens(&[open])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("both become variant AB"), "{err}");
        let open = OpenEnum {
            name: "E".into(),
            description: None,
            values: vec!["UNKNOWN".into()],
        };
        let err = tokens(&[open])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("collide with the Unknown"), "{err}");
    }

    #[test]
    fn generated_code_parses() -> Result<()> {
        let open = OpenEnum {
            name: "Status".into(),
            description: Some("S.".into()),
            values: vec!["ON".into(), "OFF".into()],
        };
        let file: syn::File = syn::parse2(tokens(&[open])?)?;
        let text = prettyplease::unparse(&file);
        assert!(text.contains("pub enum Status"));
        assert!(text.contains("Unknown(::std::string::String)"));
        Ok(())
    }
}

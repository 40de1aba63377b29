//! The two response formats, chosen per client.

use crate::generated_formats::API_VERSION;

/// The response format the server answers in; the same Rust types come back
/// either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Sends `X-API-Version: 2026-06-12`: RFC 3339 datetimes, JSON booleans,
    /// one error envelope, 429 for throttling. The default.
    #[default]
    Standardized,
    /// Sends no `X-API-Version` header: legacy datetimes and `1`/`0` flags,
    /// four error shapes, 409 for throttling. For integrations not yet migrated.
    Legacy,
}

impl Format {
    /// The `X-API-Version` value this format sends, if any.
    pub fn api_version(self) -> Option<&'static str> {
        match self {
            Self::Standardized => Some(API_VERSION),
            Self::Legacy => None,
        }
    }

    /// The format named `name` in the spec's x-formats (`legacy`, `2026-06-12`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "legacy" => Some(Self::Legacy),
            API_VERSION => Some(Self::Standardized),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_those_of_x_formats() {
        assert_eq!(Format::from_name("legacy"), Some(Format::Legacy));
        assert_eq!(Format::from_name("2026-06-12"), Some(Format::Standardized));
        assert_eq!(Format::from_name("2027-01-15"), None);
    }
}

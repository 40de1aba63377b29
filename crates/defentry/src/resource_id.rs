//! [`ResourceId`]: the id of an account, alarm, watched item or site, whether
//! the server sends it as a JSON number or as a string.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of a resource (`account_id`, `alarmId`, `emailId`, …).
///
/// The docs show no id value, so the spec lets an id be a JSON integer or a
/// string; this type accepts both, re-encodes each as it came (`42` stays a
/// number, `"a1"` a string) and writes either into a path as text. Build one
/// from an integer or a string, and pass a received id by reference where a
/// request wants one (`.account_id(&account.data.id)`): no clone, no `.0`.
///
/// ```
/// use defentry::types::ResourceId;
///
/// let id: ResourceId = serde_json::from_str("42")?;
/// assert_eq!(id, 42);
/// assert_eq!(id.to_string(), "42");
/// let text: ResourceId = serde_json::from_str(r#""acc_7f3""#)?;
/// assert_eq!(text.as_str(), Some("acc_7f3"));
/// assert_eq!(serde_json::to_string(&text)?, r#""acc_7f3""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(Repr);

/// How the id arrived.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Repr {
    /// A JSON integer (`i128` holds every `i64` and `u64`).
    Number(i128),
    /// A JSON string, kept as sent.
    Text(String),
}

impl ResourceId {
    /// The id as an `i64`, when it arrived as a number in that range.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Number(n) => i64::try_from(*n).ok(),
            Repr::Text(_) => None,
        }
    }

    /// The id as text, when it arrived as a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Repr::Number(_) => None,
            Repr::Text(text) => Some(text),
        }
    }
}

impl fmt::Debug for ResourceId {
    /// `ResourceId(42)` for a number, `ResourceId("a1")` for a string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Number(n) => f.debug_tuple("ResourceId").field(n).finish(),
            Repr::Text(text) => f.debug_tuple("ResourceId").field(text).finish(),
        }
    }
}

impl fmt::Display for ResourceId {
    /// The id as it goes into a path: a number's digits, or the string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Number(n) => write!(f, "{n}"),
            Repr::Text(text) => f.write_str(text),
        }
    }
}

impl FromStr for ResourceId {
    type Err = Infallible;

    /// The text as a string id, unchanged (`"0042"` stays `"0042"`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(Repr::Text(text.to_owned())))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for ResourceId {
            fn from(n: $t) -> Self {
                Self(Repr::Number(i128::from(n)))
            }
        }
        impl PartialEq<$t> for ResourceId {
            fn eq(&self, other: &$t) -> bool {
                self.0 == Repr::Number(i128::from(*other))
            }
        }
    )*};
}
from_integer!(i32, u32, i64, u64);

impl From<String> for ResourceId {
    fn from(text: String) -> Self {
        Self(Repr::Text(text))
    }
}

impl From<&str> for ResourceId {
    fn from(text: &str) -> Self {
        Self(Repr::Text(text.to_owned()))
    }
}

impl From<&ResourceId> for ResourceId {
    fn from(id: &ResourceId) -> Self {
        id.clone()
    }
}

impl PartialEq<str> for ResourceId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for ResourceId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl Serialize for ResourceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Number(n) => {
                match i64::try_from(*n) {
                    Ok(small) => serializer.serialize_i64(small),
                    Err(_) => serializer.serialize_u64(u64::try_from(*n).map_err(|_| {
                        serde::ser::Error::custom("an id number beyond the u64 range")
                    })?),
                }
            }
            Repr::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for ResourceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor)
    }
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = ResourceId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id: an integer or a string")
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<ResourceId, E> {
        Ok(ResourceId::from(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<ResourceId, E> {
        Ok(ResourceId::from(n))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ResourceId, E> {
        Ok(ResourceId::from(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<ResourceId, E> {
        Ok(ResourceId::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::ResourceId;

    #[test]
    fn numbers_and_strings_round_trip_as_they_came() -> Result<(), serde_json::Error> {
        for text in ["42", "-1", "18446744073709551615", r#""42""#, r#""a-1""#] {
            let id: ResourceId = serde_json::from_str(text)?;
            assert_eq!(serde_json::to_string(&id)?, text);
        }
        Ok(())
    }

    #[test]
    fn other_json_is_a_typed_error() {
        for text in ["4.5", "true", "null", "{}", "[]"] {
            assert!(serde_json::from_str::<ResourceId>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn paths_get_the_digits_or_the_string() {
        assert_eq!(ResourceId::from(42_i64).to_string(), "42");
        assert_eq!(ResourceId::from("ab/c").to_string(), "ab/c");
        assert_eq!(ResourceId::from(7_u32).as_i64(), Some(7));
        assert_eq!(
            "0042".parse::<ResourceId>().map(|id| id.to_string()).ok(),
            Some("0042".into())
        );
        assert_ne!(ResourceId::from(42_i64), ResourceId::from("42"));
        assert_eq!(format!("{:?}", ResourceId::from(42_i64)), "ResourceId(42)");
        assert_eq!(format!("{:?}", ResourceId::from("a")), r#"ResourceId("a")"#);
    }
}

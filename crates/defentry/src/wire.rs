//! Wire types shared by both response formats: each reads the legacy and the
//! standardized encoding into one Rust value, and writes the standardized one.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date and time in UTC.
///
/// Reads the standardized form (RFC 3339, `2026-06-16T21:02:05Z`; other
/// offsets are converted to UTC) and the legacy form (`2026-06-16 21:02:05`,
/// UTC without a zone). Writes RFC 3339 with `Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

/// The legacy datetime layout (`2026-06-16 21:02:05`), for `chrono` formatting.
pub const LEGACY_TIMESTAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A string that is not a timestamp in either format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    /// The rejected text.
    pub value: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp `{}`: expected RFC 3339 (2026-06-16T21:02:05Z) or legacy (2026-06-16 21:02:05)",
            self.value
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// The legacy rendering (`2026-06-16 21:02:05`); sub-second digits are dropped.
    pub fn to_legacy_string(&self) -> String {
        self.0.format(LEGACY_TIMESTAMP_FORMAT).to_string()
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || TimestampError {
            value: text.to_owned(),
        };
        // The legacy layout is RFC 3339 with a space and without the zone,
        // which is UTC: adding the `Z` lets chrono's fast RFC 3339 parser
        // read it (its format-string parser is about twice as slow).
        if text.len() == 19 && text.as_bytes().get(10) == Some(&b' ') {
            let mut buffer = [0u8; 20];
            buffer[..19].copy_from_slice(text.as_bytes());
            buffer[19] = b'Z';
            let zoned = std::str::from_utf8(&buffer).map_err(|_| invalid())?;
            return DateTime::parse_from_rfc3339(zoned)
                .map(|parsed| Self(parsed.with_timezone(&Utc)))
                .map_err(|_| invalid());
        }
        // Nothing else is legacy: the docs show only this layout, so a
        // lenient parse (`2026-6-16`, `1:2:5`, a `+` year) is refused.
        DateTime::parse_from_rfc3339(text)
            .map(|parsed| Self(parsed.with_timezone(&Utc)))
            .map_err(|_| invalid())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string (2026-06-16T21:02:05Z or 2026-06-16 21:02:05)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

impl Deref for Timestamp {
    type Target = DateTime<Utc>;
    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

/// A boolean field (`is_…`, `has_…`, `can_…`, `show_…`, `enable_…`, `skip_…`).
///
/// Reads JSON `true`/`false` (standardized) and the legacy encodings `1`/`0`,
/// `"1"`/`"0"` and `"true"`/`"false"`; anything else is an error naming the
/// value. Writes a JSON boolean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flag(pub bool);

/// A value that is not a flag in either format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError {
    /// The rejected value, as JSON.
    pub value: String,
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid flag {}: expected true, false, 1, 0, \"1\", \"0\", \"true\" or \"false\"",
            self.value
        )
    }
}

impl std::error::Error for FlagError {}

impl FromStr for Flag {
    type Err = FlagError;

    /// Reads the string encodings (`"1"`, `"0"`, `"true"`, `"false"`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "1" | "true" => Ok(Self(true)),
            "0" | "false" => Ok(Self(false)),
            other => Err(FlagError {
                value: format!("{other:?}"),
            }),
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;
        impl Visitor<'_> for FlagVisitor {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a flag: true, false, 1, 0, \"1\", \"0\", \"true\" or \"false\"")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Flag, E> {
                Ok(Flag(value))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Flag, E> {
                match value {
                    0 => Ok(Flag(false)),
                    1 => Ok(Flag(true)),
                    other => Err(E::custom(FlagError {
                        value: other.to_string(),
                    })),
                }
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Flag, E> {
                match u64::try_from(value) {
                    Ok(value) => self.visit_u64(value),
                    Err(_) => Err(E::custom(FlagError {
                        value: value.to_string(),
                    })),
                }
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Flag, E> {
                // `{:?}` keeps the fraction (`1.0`), which is what was sent.
                Err(E::custom(FlagError {
                    value: format!("{value:?}"),
                }))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Flag, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(FlagVisitor)
    }
}

impl Deref for Flag {
    type Target = bool;
    fn deref(&self) -> &bool {
        &self.0
    }
}

impl From<bool> for Flag {
    fn from(value: bool) -> Self {
        Self(value)
    }
}

impl From<Flag> for bool {
    fn from(value: Flag) -> Self {
        value.0
    }
}

impl PartialEq<bool> for Flag {
    fn eq(&self, other: &bool) -> bool {
        self.0 == *other
    }
}

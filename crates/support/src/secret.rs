//! Passwords, tokens and other secrets: sent as given, never shown by `Debug`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A password, token or other secret (a national id number). `Debug` prints
/// `Secret(***)`; there is no `Display`,
/// so a secret cannot end up in a log line by accident. Read it with
/// [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

/// Serializes the secret as a string, and notes it in the current call's
/// probe ([`add_secret`](crate::probe::add_secret)): a request body that
/// carries it makes every error excerpt of that call hide it.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::probe::add_secret(&self.0);
        serializer.serialize_str(&self.0)
    }
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

//! The body of an error response, in whichever of the five documented shapes
//! the server sent it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::types::{ErrorBody, ErrorCode, ErrorDetail};

/// An error response body, kept in the shape it arrived in.
///
/// | shape | format | example |
/// |---|---|---|
/// | [`Standardized`](Self::Standardized) | 2026-06-12 | `{"error": {"code": "NOT_FOUND", "message": "…"}}` |
/// | [`JsonApi`](Self::JsonApi) | legacy (`application/vnd.api+json`) | `{"errors": [{"status": "422", "title": "…", "detail": "…"}]}` |
/// | [`FieldErrors`](Self::FieldErrors) | legacy (422) | `{"errors": {"email": ["The email field is required."]}}` |
/// | [`ErrorString`](Self::ErrorString) | legacy (404) | `{"error": "Not found"}` |
/// | [`Message`](Self::Message) | legacy (401) | `{"message": "Unauthenticated."}` |
/// | [`Other`](Self::Other) | either | any other JSON, kept as is |
///
/// Legacy bodies may carry extra top-level keys such as `corr_id`; every
/// variant keeps them in `extra`. Decoding never fails on valid JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiErrorBody {
    /// The standardized envelope.
    Standardized(StandardizedError),
    /// Legacy JSON:API-style `errors` array.
    JsonApi(JsonApiErrors),
    /// Legacy validation errors: field → messages.
    FieldErrors(FieldErrors),
    /// Legacy `{"error": "…"}`.
    ErrorString(ErrorString),
    /// Legacy `{"message": "…"}`.
    Message(MessageError),
    /// JSON in none of the documented shapes.
    Other(Value),
}

/// `{"error": {"code", "message", "details"?}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StandardizedError {
    /// The error itself.
    pub error: ErrorBody,
    /// Any other top-level keys.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"errors": [{"status", "title", "detail"}]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JsonApiErrors {
    /// The errors, in order.
    pub errors: Vec<JsonApiError>,
    /// Other top-level keys (`corr_id`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One JSON:API error object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JsonApiError {
    /// HTTP status as a string (`"422"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Other keys of the object.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"errors": {"field": ["message", …]}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldErrors {
    /// Messages per field, by field name (the server's order is kept only
    /// where serde_json's `preserve_order` feature is on in the build).
    pub errors: Map<String, Value>,
    /// Other top-level keys (`corr_id`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"error": "Not found"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorString {
    /// The error text.
    pub error: String,
    /// Other top-level keys (`corr_id`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"message": "Unauthenticated."}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageError {
    /// The error text.
    pub message: String,
    /// Other top-level keys (`corr_id`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiErrorBody {
    /// Sorts a JSON value into its shape; never fails.
    pub fn from_value(value: Value) -> Self {
        fn shape<T: for<'de> Deserialize<'de>>(
            value: &Value,
            wrap: fn(T) -> ApiErrorBody,
        ) -> Option<ApiErrorBody> {
            T::deserialize(value).ok().map(wrap)
        }
        let Some(object) = value.as_object() else {
            return Self::Other(value);
        };
        let parsed = match (
            object.get("error"),
            object.get("errors"),
            object.get("message"),
        ) {
            (Some(Value::Object(_)), _, _) => shape(&value, Self::Standardized),
            (Some(Value::String(_)), _, _) => shape(&value, Self::ErrorString),
            (_, Some(Value::Array(_)), _) => shape(&value, Self::JsonApi),
            (_, Some(Value::Object(fields)), _) if fields.values().all(is_messages) => {
                shape(&value, Self::FieldErrors)
            }
            (None, None, Some(Value::String(_))) => shape(&value, Self::Message),
            _ => None,
        };
        parsed.unwrap_or(Self::Other(value))
    }

    /// The standardized `error.code`; `None` for legacy shapes (their code
    /// follows from the HTTP status).
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Standardized(body) => Some(&body.error.code),
            _ => None,
        }
    }

    /// Display text: the standardized message, or the first legacy text.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Standardized(body) => Some(&body.error.message),
            Self::JsonApi(body) => body
                .errors
                .iter()
                .find_map(|e| e.detail.as_deref().or(e.title.as_deref())),
            Self::FieldErrors(body) => body.errors.values().flat_map(messages).next(),
            Self::ErrorString(body) => Some(&body.error),
            Self::Message(body) => Some(&body.message),
            Self::Other(_) => None,
        }
    }

    /// Per-field problems: the standardized `details`, or one entry per legacy
    /// field message.
    pub fn details(&self) -> Vec<ErrorDetail> {
        match self {
            Self::Standardized(body) => body.error.details.clone(),
            Self::FieldErrors(body) => body
                .errors
                .iter()
                .flat_map(|(field, list)| {
                    messages(list).map(move |issue| ErrorDetail {
                        field: field.clone(),
                        issue: issue.to_owned(),
                        extra: Map::new(),
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The legacy `corr_id` key, when the body carries one.
    pub fn corr_id(&self) -> Option<&Value> {
        let extra = match self {
            Self::Standardized(body) => &body.extra,
            Self::JsonApi(body) => &body.extra,
            Self::FieldErrors(body) => &body.extra,
            Self::ErrorString(body) => &body.extra,
            Self::Message(body) => &body.extra,
            Self::Other(value) => return value.get("corr_id"),
        };
        extra.get("corr_id")
    }
}

/// A field's messages: a list of strings (or, leniently, one string).
fn is_messages(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(Value::is_string),
        Value::String(_) => true,
        _ => false,
    }
}

fn messages(value: &Value) -> impl Iterator<Item = &str> {
    let list: &[Value] = match value {
        Value::Array(items) => items,
        single => std::slice::from_ref(single),
    };
    list.iter().filter_map(Value::as_str)
}

impl<'de> Deserialize<'de> for ApiErrorBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from_value)
    }
}

impl Serialize for ApiErrorBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Standardized(body) => body.serialize(serializer),
            Self::JsonApi(body) => body.serialize(serializer),
            Self::FieldErrors(body) => body.serialize(serializer),
            Self::ErrorString(body) => body.serialize(serializer),
            Self::Message(body) => body.serialize(serializer),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

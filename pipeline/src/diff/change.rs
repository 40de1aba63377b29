//! One classified change: the record of the JSON report (see
//! `xtask/diff-report.schema.json`).

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoStaticStr};

/// What changed. Every kind has a case in `xtask/tests/diff_corpus/`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Kind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// Same operationId and method, another path.
    PathChanged,
    /// Same operationId and path, another method.
    MethodChanged,
    /// Same method and path, another operationId (renames generated methods).
    OperationIdRenamed,
    /// An operationId where there was none, or none where there was one.
    OperationIdChanged,
    /// The server URLs that apply to the operation changed.
    ServersChanged,
    /// The security requirements changed (or a scheme they use).
    SecurityChanged,
    /// The `X-API-Version` header changed (presence, requirement or value).
    ApiVersionChanged,
    /// An operation, parameter or property became deprecated.
    Deprecated,
    /// An operation, parameter or property is no longer deprecated.
    Undeprecated,
    /// A new required parameter.
    RequiredParameterAdded,
    /// A new optional parameter.
    OptionalParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// An optional parameter became required.
    ParameterMadeRequired,
    /// A required parameter became optional.
    ParameterMadeOptional,
    /// A path parameter has another name (renames generated setters).
    ParameterRenamed,
    /// A parameter is written in another form (`style`, `explode`, or the
    /// media type of its `content`).
    SerializationChanged,
    /// A request body where there was none.
    RequestBodyAdded,
    /// The request body is gone.
    RequestBodyRemoved,
    /// An optional request body became required.
    RequestBodyMadeRequired,
    /// A required request body became optional.
    RequestBodyMadeOptional,
    /// A response status the operation did not list.
    StatusAdded,
    /// A response status the operation no longer lists.
    StatusRemoved,
    /// A media type a request or response did not have.
    MediaTypeAdded,
    /// A media type a request or response no longer has.
    MediaTypeRemoved,
    /// A response header is gone.
    ResponseHeaderRemoved,
    /// A required response header became optional.
    ResponseHeaderMadeOptional,
    /// Any schema change inside an error response (`detail` says which).
    ErrorShapeChanged,
    /// A new optional property (or any new property of a response).
    PropertyAdded,
    /// A new required property of a request.
    RequiredPropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// An optional property became required.
    PropertyMadeRequired,
    /// A required property became optional.
    PropertyMadeOptional,
    /// The JSON type changed.
    TypeChanged,
    /// The `format` changed, appeared or disappeared (a timestamp's form).
    FormatChanged,
    /// The `discriminator` appeared, went, or changed its property or mapping.
    DiscriminatorChanged,
    /// `readOnly` or `writeOnly` appeared or went.
    AccessChanged,
    /// A `default` appeared, changed or disappeared: what the server does
    /// (request) or clients assume (response) when the value is omitted.
    DefaultChanged,
    /// The value may now be `null`.
    NullableAdded,
    /// The value may no longer be `null`.
    NullableRemoved,
    /// An enum accepts a new value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A constraint admits fewer values (bounds, lengths, a new pattern or enum).
    ConstraintNarrowed,
    /// A constraint admits more values.
    ConstraintWidened,
    /// A pattern was replaced by another.
    ConstraintChanged,
    /// A `oneOf`/`anyOf` alternative was added.
    VariantAdded,
    /// A `oneOf`/`anyOf` alternative was removed.
    VariantRemoved,
    /// The same place refers to a component of another name (the same
    /// shape on the wire, another type name in generated code).
    SchemaRenamed,
}

impl Kind {
    /// The kebab-case name used in every output.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// Who is affected, in the direction rule's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// What the client sends: narrowing it breaks clients.
    Request,
    /// What the client receives: widening it breaks clients.
    Response,
    /// The operation as a whole (added, removed, moved, renamed).
    Operation,
}

/// The classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Existing clients (or code using the generated clients) stop working.
    Breaking,
    /// Existing clients keep working.
    NonBreaking,
}

/// Which document a `location` points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The base revision (what was removed).
    Base,
    /// The head revision (everything else).
    Head,
}

/// The operation a change touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OperationRef {
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// `operationId`, when the operation has one.
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
}

impl OperationRef {
    /// `METHOD path (operationId)`.
    pub fn label(&self) -> String {
        match &self.operation_id {
            Some(id) => format!("{} {} ({id})", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// One change, at one operation, in one format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Change {
    /// The API (`defentry`, `crmcom`, `dfns`, or the file's name).
    pub api: String,
    /// The response format (`legacy`, `2026-06-12`); `null` for a
    /// single-format API.
    pub format: Option<String>,
    /// The operation it touches.
    pub operation: OperationRef,
    /// JSON pointer of the changed node in the projected document of `side`.
    pub location: String,
    /// The document `location` points into.
    pub side: Side,
    /// Where in the request or response, for people: `body.data[].status`,
    /// `query.limit`, `header.X-API-Version`; `null` for the operation itself.
    pub field: Option<String>,
    /// What changed.
    pub kind: Kind,
    /// For `error-shape-changed`: the underlying schema change.
    pub detail: Option<Kind>,
    /// Request, response, or the operation as a whole.
    pub direction: Direction,
    /// Breaking or not: breaking when it breaks existing clients on the
    /// wire or code generated from the spec (`wire`, `generated`).
    pub verdict: Verdict,
    /// Whether an existing client breaks on the wire: its requests are
    /// refused or read otherwise, or it cannot read the responses.
    pub wire: Verdict,
    /// Whether code generated from the spec breaks: a type, method, setter
    /// or field that callers use changes or goes (the Rust crate, and the
    /// other-language clients).
    pub generated: Verdict,
    /// The change in words (the same for every operation it touches).
    pub message: String,
    /// Why the verdict is what it is, where that is not obvious.
    pub note: Option<String>,
}

/// The generated-code verdict of a kind of change: whether code written
/// against the client generated from the old spec stops compiling against
/// the client generated from the new one (calling every operation with
/// every setter and reading its result, reading every field, matching
/// every enum exhaustively). Checked by compiling, case by case, with
/// `cargo xtask diff-generated` (`xtask/tests/diff_corpus/GENERATED.md`).
///
/// Where the verdict depends on more than the kind, the finding carries
/// its own (`Finding::generated`): a `default` or a string constraint that
/// appears or goes (the generated type changes), a value added to an
/// extensible enum, an enum of a parameter, the first or last error body.
pub fn generated_verdict(kind: Kind) -> Verdict {
    match kind {
        // A method, setter, field, variant or type callers name changes or goes.
        Kind::OperationRemoved
        | Kind::OperationIdRenamed
        | Kind::ParameterRemoved
        | Kind::ParameterRenamed
        | Kind::RequestBodyRemoved
        | Kind::PropertyRemoved
        | Kind::PropertyMadeRequired
        | Kind::PropertyMadeOptional
        | Kind::TypeChanged
        | Kind::FormatChanged
        | Kind::EnumValueAdded
        | Kind::EnumValueRemoved
        | Kind::VariantAdded
        | Kind::VariantRemoved
        | Kind::SchemaRenamed => Verdict::Breaking,
        // The generated API is the same; what changes is on the wire (or
        // checked at run time: a required setter left unset, a value out
        // of bounds).
        _ => Verdict::NonBreaking,
    }
}

//! Schema inference from recorded bodies, the core of `cargo xtask learn`:
//! a [`Shape`] accumulates every value seen at one place, and
//! [`Shape::schema`] states what the samples show, no more:
//!
//! - the JSON types seen (`integer` only when every number was whole);
//! - `nullable` when a `null` was seen;
//! - `required` only for keys every sample object had;
//! - string formats `date` and `date-time` when every string had one;
//! - a small set of string values (two or more, each seen again and again)
//!   as an `x-extensible-enum` (never a closed `enum`: a later value must
//!   not fail a client);
//! - a place seen fewer than `min_samples` times stays open (no type).
//!
//! [`unify`] compares the same place across a legacy and a standardized
//! body: legacy `YYYY-MM-DD hh:mm:ss` against RFC 3339 is the `Timestamp`
//! component, `1`/`0` (or `"1"`/`"0"`, `"true"`/`"false"`) against JSON
//! booleans the `Flag` component; keys only the legacy bodies have belong
//! to the legacy patch, not to the shape both formats share. A place seen
//! in one format only follows the docs' rule for every datetime and
//! boolean: RFC 3339 (or legacy `YYYY-MM-DD hh:mm:ss`) is `Timestamp`, a
//! JSON boolean is `Flag`; legacy `0`/`1` alone stays an integer.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// Distinct string values kept per place (beyond, the set is open).
const DISTINCT_KEPT: usize = 32;

/// What was seen at one place of a body.
#[derive(Debug, Default, Clone)]
pub struct Shape {
    /// Values seen (nulls included).
    pub seen: usize,
    nulls: usize,
    booleans: usize,
    integers: usize,
    /// An integer other than 0 and 1 was seen.
    integer_not_flag: bool,
    numbers: usize,
    strings: usize,
    string_kinds: StringKinds,
    distinct: BTreeMap<String, usize>,
    too_many_distinct: bool,
    objects: usize,
    keys: BTreeMap<String, Shape>,
    arrays: usize,
    items: Option<Box<Shape>>,
}

/// Which string forms every string seen had.
#[derive(Debug, Clone, Copy)]
struct StringKinds {
    date: bool,
    date_time: bool,
    legacy_timestamp: bool,
    flag_text: bool,
}

impl Default for StringKinds {
    fn default() -> Self {
        Self {
            date: true,
            date_time: true,
            legacy_timestamp: true,
            flag_text: true,
        }
    }
}

/// How an inferred schema is written.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Places seen fewer times stay open (no type).
    pub min_samples: usize,
    /// Most distinct values an `x-extensible-enum` lists.
    pub enum_max: usize,
    /// Each listed value seen at least this often.
    pub enum_min_repeats: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_samples: 3,
            enum_max: 8,
            enum_min_repeats: 2,
        }
    }
}

/// An enum-like value: a short word in one case (`OPEN`, `in_progress`),
/// never free text. Recorded values listed in the spec must not be data
/// (names, emails) that a few repeated calls made look like a set.
fn is_token(text: &str) -> bool {
    let upper = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-';
    let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    let mut chars = text.chars();
    let first = chars.next();
    text.len() <= 40
        && match first {
            Some(c) if c.is_ascii_uppercase() => text.chars().all(upper),
            Some(c) if c.is_ascii_lowercase() => text.chars().all(lower),
            _ => false,
        }
}

/// `YYYY-MM-DD`, a real date.
fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `YYYY-MM-DD hh:mm:ss` (legacy: UTC without a zone), a real instant.
fn is_legacy_timestamp(text: &str) -> bool {
    text.len() == 19 && chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").is_ok()
}

/// RFC 3339 with a zone (`…T…Z`, `…T…+02:00`, fractions allowed).
fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

impl Shape {
    /// Adds one value seen at this place.
    pub fn add(&mut self, value: &Value) {
        self.seen += 1;
        match value {
            Value::Null => self.nulls += 1,
            Value::Bool(_) => self.booleans += 1,
            Value::Number(n) => {
                if n.is_i64() || n.is_u64() {
                    self.integers += 1;
                    self.integer_not_flag |= !matches!(n.as_u64(), Some(0 | 1));
                } else {
                    self.numbers += 1;
                }
            }
            Value::String(text) => {
                self.strings += 1;
                let kinds = &mut self.string_kinds;
                kinds.date &= is_date(text);
                kinds.date_time &= is_date_time(text);
                kinds.legacy_timestamp &= is_legacy_timestamp(text);
                kinds.flag_text &= matches!(text.as_str(), "0" | "1" | "true" | "false");
                if !self.too_many_distinct {
                    *self.distinct.entry(text.clone()).or_default() += 1;
                    if self.distinct.len() > DISTINCT_KEPT {
                        self.too_many_distinct = true;
                        self.distinct.clear();
                    }
                }
            }
            Value::Array(items) => {
                self.arrays += 1;
                let shape = self.items.get_or_insert_with(Box::default);
                for item in items {
                    shape.add(item);
                }
            }
            Value::Object(map) => {
                self.objects += 1;
                for (key, inner) in map {
                    self.keys.entry(key.clone()).or_default().add(inner);
                }
            }
        }
    }

    /// Adds what `other` saw (the same place in another set of bodies).
    pub fn merge(&mut self, other: &Shape) {
        self.seen += other.seen;
        self.nulls += other.nulls;
        self.booleans += other.booleans;
        self.integers += other.integers;
        self.integer_not_flag |= other.integer_not_flag;
        self.numbers += other.numbers;
        if other.strings > 0 {
            let (a, b) = (&mut self.string_kinds, other.string_kinds);
            a.date &= b.date;
            a.date_time &= b.date_time;
            a.legacy_timestamp &= b.legacy_timestamp;
            a.flag_text &= b.flag_text;
        }
        self.strings += other.strings;
        self.too_many_distinct |= other.too_many_distinct;
        if !self.too_many_distinct {
            for (value, n) in &other.distinct {
                *self.distinct.entry(value.clone()).or_default() += n;
            }
            if self.distinct.len() > DISTINCT_KEPT {
                self.too_many_distinct = true;
            }
        }
        if self.too_many_distinct {
            self.distinct.clear();
        }
        self.objects += other.objects;
        for (key, shape) in &other.keys {
            self.keys.entry(key.clone()).or_default().merge(shape);
        }
        self.arrays += other.arrays;
        if let Some(items) = &other.items {
            self.items.get_or_insert_with(Box::default).merge(items);
        }
    }

    /// Whether every non-null value was a legacy flag (`0`/`1` integers or
    /// their string forms) and at least one was seen.
    pub fn is_legacy_flag(&self) -> bool {
        let non_null = self.seen - self.nulls;
        let flag_strings = if self.string_kinds.flag_text {
            self.strings
        } else {
            0
        };
        non_null > 0
            && !self.integer_not_flag
            && self.booleans + self.numbers + self.objects + self.arrays == 0
            && flag_strings + self.integers == non_null
    }

    /// Whether every non-null value was a legacy timestamp string.
    pub fn is_legacy_timestamp(&self) -> bool {
        self.only_strings() && self.string_kinds.legacy_timestamp
    }

    /// Whether every non-null value was an RFC 3339 date-time string.
    pub fn is_date_time(&self) -> bool {
        self.only_strings() && self.string_kinds.date_time
    }

    /// Whether every non-null value was a JSON boolean.
    pub fn is_boolean(&self) -> bool {
        let non_null = self.seen - self.nulls;
        non_null > 0 && self.booleans == non_null
    }

    fn only_strings(&self) -> bool {
        let non_null = self.seen - self.nulls;
        non_null > 0 && self.strings == non_null
    }

    /// The schema the samples support.
    pub fn schema(&self, options: &Options) -> Value {
        let non_null = self.seen - self.nulls;
        if self.seen < options.min_samples || non_null == 0 {
            // Too little seen (or only nulls): left open.
            let mut open = Map::new();
            if self.nulls > 0 && non_null == 0 {
                open.insert("nullable".into(), json!(true));
            }
            return Value::Object(open);
        }
        let kinds = [
            self.booleans > 0,
            self.integers + self.numbers > 0,
            self.strings > 0,
            self.objects > 0,
            self.arrays > 0,
        ];
        if kinds.iter().filter(|k| **k).count() > 1 {
            // Several JSON types at one place: stated, not typed.
            return json!({"description": format!("Seen as {}.", self.type_list())});
        }
        let mut schema = Map::new();
        if self.booleans > 0 {
            schema.insert("type".into(), json!("boolean"));
        } else if self.integers + self.numbers > 0 {
            let kind = if self.numbers == 0 {
                "integer"
            } else {
                "number"
            };
            schema.insert("type".into(), json!(kind));
        } else if self.strings > 0 {
            schema.insert("type".into(), json!("string"));
            let k = self.string_kinds;
            if k.date_time {
                schema.insert("format".into(), json!("date-time"));
            } else if k.date {
                schema.insert("format".into(), json!("date"));
            } else if !self.too_many_distinct
                && self.distinct.len() >= 2
                && self.distinct.len() <= options.enum_max
                && self
                    .distinct
                    .values()
                    .all(|n| *n >= options.enum_min_repeats)
                && self.distinct.len() < self.strings
                && self.distinct.keys().all(|value| is_token(value))
            {
                let values: Vec<&String> = self.distinct.keys().collect();
                schema.insert("x-extensible-enum".into(), json!(values));
            }
        } else if self.objects > 0 {
            schema.insert("type".into(), json!("object"));
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (key, shape) in &self.keys {
                properties.insert(key.clone(), shape.schema(options));
                if shape.seen == self.objects {
                    required.push(key.clone());
                }
            }
            if !properties.is_empty() {
                schema.insert("properties".into(), Value::Object(properties));
            }
            if !required.is_empty() {
                schema.insert("required".into(), json!(required));
            }
        } else if let Some(items) = &self.items {
            schema.insert("type".into(), json!("array"));
            schema.insert("items".into(), items.schema(options));
        } else {
            schema.insert("type".into(), json!("array"));
            schema.insert("items".into(), json!({}));
        }
        if self.nulls > 0 {
            schema.insert("nullable".into(), json!(true));
        }
        Value::Object(schema)
    }

    fn type_list(&self) -> String {
        let mut names = BTreeSet::new();
        for (count, name) in [
            (self.booleans, "boolean"),
            (self.integers, "integer"),
            (self.numbers, "number"),
            (self.strings, "string"),
            (self.objects, "object"),
            (self.arrays, "array"),
        ] {
            if count > 0 {
                names.insert(name);
            }
        }
        names.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// A schema both formats share, and what the legacy format adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Unified {
    /// The shape of the standardized bodies, with `Timestamp` and `Flag`
    /// where the two formats differ only in those encodings.
    pub schema: Value,
    /// A merge patch for the legacy format (`x-in-format: {legacy: …}`):
    /// the properties only legacy bodies had; `None` when there are none.
    pub legacy_patch: Option<Value>,
}

/// A component reference, nullable when nulls were seen.
fn reference(component: &str, nullable: bool) -> Value {
    let target = json!({"$ref": format!("#/components/schemas/{component}")});
    if nullable {
        json!({"allOf": [target], "nullable": true})
    } else {
        target
    }
}

/// The same place seen in legacy bodies (`legacy`) and standardized ones
/// (`standardized`), as one schema and a legacy patch.
pub fn unify(legacy: &Shape, standardized: &Shape, options: &Options) -> Unified {
    let nullable = legacy.nulls + standardized.nulls > 0;
    let enough = legacy.seen + standardized.seen >= options.min_samples;
    if enough && legacy.is_legacy_timestamp() && standardized.is_date_time() {
        return Unified {
            schema: reference("Timestamp", nullable),
            legacy_patch: None,
        };
    }
    if enough && legacy.is_legacy_flag() && standardized.is_boolean() {
        return Unified {
            schema: reference("Flag", nullable),
            legacy_patch: None,
        };
    }
    // Seen in one format only: the docs' rule for every datetime and
    // boolean (the legacy format writes them as `YYYY-MM-DD hh:mm:ss` and
    // `1`/`0`) types them. Legacy `0`/`1` alone could be counts: not a flag.
    let only_nulls = |shape: &Shape| shape.seen == shape.nulls;
    if enough
        && ((only_nulls(legacy) && standardized.is_date_time())
            || (only_nulls(standardized) && legacy.is_legacy_timestamp()))
    {
        return Unified {
            schema: reference("Timestamp", nullable),
            legacy_patch: None,
        };
    }
    if enough && only_nulls(legacy) && standardized.is_boolean() {
        return Unified {
            schema: reference("Flag", nullable),
            legacy_patch: None,
        };
    }
    if standardized.seen == 0 {
        return Unified {
            schema: legacy.schema(options),
            legacy_patch: None,
        };
    }
    let mut schema = standardized.schema(options);
    let mut patch = Map::new();
    let empty = Shape::default();
    let typed_as = |kind: &str| schema.get("type").and_then(Value::as_str) == Some(kind);
    // Legacy bodies without this place (or with nulls only) leave the
    // standardized side to decide, place by place.
    let legacy_absent = only_nulls(legacy);
    if typed_as("object") && (legacy.objects > 0 || legacy_absent) {
        let mut properties = Map::new();
        let mut patched = Map::new();
        for (key, std_shape) in &standardized.keys {
            let legacy_shape = legacy.keys.get(key).unwrap_or(&empty);
            let inner = unify(legacy_shape, std_shape, options);
            properties.insert(key.clone(), inner.schema);
            if let Some(p) = inner.legacy_patch {
                patched.insert(key.clone(), p);
            }
        }
        for (key, legacy_shape) in &legacy.keys {
            if !standardized.keys.contains_key(key) {
                patched.insert(key.clone(), legacy_shape.schema(options));
            }
        }
        if let Some(map) = schema.as_object_mut()
            && !properties.is_empty()
        {
            map.insert("properties".into(), Value::Object(properties));
        }
        if !patched.is_empty() {
            patch.insert("properties".into(), Value::Object(patched));
        }
    } else if let (true, Some(std_items)) = (typed_as("array"), &standardized.items)
        && (legacy.items.is_some() || legacy_absent)
    {
        let inner = unify(
            legacy.items.as_deref().unwrap_or(&empty),
            std_items,
            options,
        );
        if let Some(map) = schema.as_object_mut() {
            map.insert("items".into(), inner.schema);
        }
        if let Some(p) = inner.legacy_patch {
            patch.insert("items".into(), p);
        }
    }
    Unified {
        schema,
        legacy_patch: (!patch.is_empty()).then_some(Value::Object(patch)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(values: &[Value]) -> Shape {
        let mut shape = Shape::default();
        values.iter().for_each(|v| shape.add(v));
        shape
    }

    #[test]
    fn types_required_nullable_and_formats_come_from_the_samples() {
        let s = shape(&[
            json!({"id": 1, "score": 1.5, "born": "1990-01-01", "note": null, "tags": ["a"]}),
            json!({"id": 2, "score": 2, "born": "1991-02-03", "note": "x", "tags": []}),
            json!({"id": 3, "score": 3, "born": "1992-03-04", "tags": ["b", "c"]}),
        ]);
        let schema = s.schema(&Options::default());
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["required"], json!(["born", "id", "score", "tags"]));
        assert_eq!(schema["properties"]["id"], json!({"type": "integer"}));
        assert_eq!(schema["properties"]["score"], json!({"type": "number"}));
        assert_eq!(
            schema["properties"]["born"],
            json!({"type": "string", "format": "date"})
        );
        assert_eq!(
            schema["properties"]["tags"]["items"],
            json!({"type": "string"})
        );
        assert_eq!(
            schema["properties"]["note"],
            json!({}),
            "seen twice: left open"
        );
    }

    #[test]
    fn small_repeated_string_sets_are_extensible_enums_never_closed() {
        let values: Vec<Value> = ["OPEN", "CLOSED", "OPEN", "CLOSED", "OPEN"]
            .iter()
            .map(|v| json!(v))
            .collect();
        let schema = shape(&values).schema(&Options::default());
        assert_eq!(schema["x-extensible-enum"], json!(["CLOSED", "OPEN"]));
        assert!(schema.get("enum").is_none());
        let people: Vec<Value> = ["John", "Jane", "John", "Jane", "a@b.se", "a@b.se"]
            .iter()
            .map(|v| json!(v))
            .collect();
        assert!(
            shape(&people)
                .schema(&Options::default())
                .get("x-extensible-enum")
                .is_none(),
            "recorded data is no enum"
        );
        let names: Vec<Value> = ["ann", "bob", "cid", "dan"]
            .iter()
            .map(|v| json!(v))
            .collect();
        assert!(
            shape(&names)
                .schema(&Options::default())
                .get("x-extensible-enum")
                .is_none()
        );
    }

    #[test]
    fn several_types_at_one_place_are_stated_not_typed() {
        let schema = shape(&[json!(1), json!("1"), json!(2)]).schema(&Options::default());
        assert!(schema.get("type").is_none());
        assert_eq!(schema["description"], "Seen as integer, string.");
    }

    #[test]
    fn the_formats_unify_into_timestamp_flag_and_a_legacy_patch() {
        let legacy = shape(&[
            json!({"data": {"id": 1, "created_at": "2026-06-16 21:02:05", "is_active": 1, "corr_id": "a"}}),
            json!({"data": {"id": 2, "created_at": "2026-06-17 08:00:00", "is_active": "0", "corr_id": "b"}}),
        ]);
        let standardized = shape(&[
            json!({"data": {"id": 1, "created_at": "2026-06-16T21:02:05Z", "is_active": true}}),
            json!({"data": {"id": 2, "created_at": "2026-06-17T08:00:00Z", "is_active": false}}),
        ]);
        let unified = unify(
            &legacy,
            &standardized,
            &Options {
                min_samples: 2,
                ..Options::default()
            },
        );
        let data = &unified.schema["properties"]["data"];
        assert_eq!(
            data["properties"]["created_at"],
            json!({"$ref": "#/components/schemas/Timestamp"})
        );
        assert_eq!(
            data["properties"]["is_active"],
            json!({"$ref": "#/components/schemas/Flag"})
        );
        assert_eq!(data["properties"]["id"], json!({"type": "integer"}));
        assert!(
            data["properties"].get("corr_id").is_none(),
            "legacy-only keys are not shared"
        );
        assert_eq!(
            unified.legacy_patch,
            Some(json!({"properties": {"data": {"properties": {"corr_id": {"type": "string"}}}}}))
        );
    }

    #[test]
    fn string_formats_are_real_dates_and_instants() {
        assert!(is_date("2024-06-15"));
        assert!(!is_date("2024-6-15") && !is_date("2024-13-01"));
        assert!(is_legacy_timestamp("2026-06-16 21:02:05"));
        assert!(!is_legacy_timestamp("2026-06-16 25:02:05"));
        assert!(
            is_date_time("2026-06-16T21:02:05Z") && is_date_time("2026-06-16T21:02:05.5+02:00")
        );
        assert!(!is_date_time("2026-06-16 21:02:05") && !is_date_time("2026-06-16T21:02:05"));
    }

    #[test]
    fn one_format_alone_follows_the_docs_rule_for_datetimes_and_booleans() {
        let empty = Shape::default();
        let instants = shape(&[
            json!("2026-06-16T21:02:05Z"),
            json!(null),
            json!("2026-06-17T08:00:00Z"),
        ]);
        assert_eq!(
            unify(&empty, &instants, &Options::default()).schema,
            json!({"allOf": [{"$ref": "#/components/schemas/Timestamp"}], "nullable": true})
        );
        let legacy_instants = shape(&vec![json!("2026-06-16 21:02:05"); 3]);
        assert_eq!(
            unify(&legacy_instants, &empty, &Options::default()).schema,
            json!({"$ref": "#/components/schemas/Timestamp"})
        );
        let booleans = shape(&[json!(true), json!(false), json!(true)]);
        assert_eq!(
            unify(&empty, &booleans, &Options::default()).schema,
            json!({"$ref": "#/components/schemas/Flag"})
        );
        let bits = shape(&[json!(1), json!(0), json!(1)]);
        assert_eq!(
            unify(&bits, &empty, &Options::default()).schema,
            json!({"type": "integer"})
        );
    }

    #[test]
    fn an_integer_other_than_0_or_1_is_no_flag() {
        let legacy = shape(&[json!(1), json!(2), json!(0)]);
        let standardized = shape(&[json!(true), json!(true), json!(false)]);
        assert!(!legacy.is_legacy_flag());
        let unified = unify(&legacy, &standardized, &Options::default());
        assert_eq!(unified.schema, json!({"type": "boolean"}));
    }
}

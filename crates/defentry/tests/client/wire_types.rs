//! The wire types accept every documented encoding of both formats and reject
//! anything else with an error that names the value.

use chrono::{TimeZone, Utc};
use defentry::types::{Flag, Timestamp};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn decode<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn timestamp_reads_both_formats_to_the_same_instant() -> TestResult {
    let expected = Utc
        .with_ymd_and_hms(2026, 6, 16, 21, 2, 5)
        .single()
        .ok_or("bad test date")?;
    let legacy: Timestamp = decode(json!("2026-06-16 21:02:05"))?;
    let standardized: Timestamp = decode(json!("2026-06-16T21:02:05Z"))?;
    let offset: Timestamp = decode(json!("2026-06-16T23:02:05+02:00"))?;
    assert_eq!(legacy, Timestamp(expected));
    assert_eq!(standardized, legacy);
    assert_eq!(offset, legacy);
    Ok(())
}

#[test]
fn timestamp_writes_rfc3339_and_can_render_legacy() -> TestResult {
    let value: Timestamp = decode(json!("2026-06-16 21:02:05"))?;
    assert_eq!(serde_json::to_value(value)?, json!("2026-06-16T21:02:05Z"));
    assert_eq!(value.to_legacy_string(), "2026-06-16 21:02:05");
    let fractional: Timestamp = decode(json!("2026-06-16T21:02:05.250Z"))?;
    assert_eq!(
        serde_json::to_value(fractional)?,
        json!("2026-06-16T21:02:05.250Z")
    );
    Ok(())
}

#[test]
fn timestamp_rejects_other_values_naming_them() {
    for (input, shown) in [
        (json!("2026-13-01 00:00:00"), "2026-13-01 00:00:00"),
        (json!("2026-06-16 25:02:05"), "2026-06-16 25:02:05"),
        (json!("2026-06-16 21:02:5x"), "2026-06-16 21:02:5x"),
        (json!("2026-06-16"), "2026-06-16"),
        (json!("16/06/2026 21:02"), "16/06/2026 21:02"),
        // Only the documented legacy layout: no lenient variants of it.
        (json!("2026-6-16 21:02:05"), "2026-6-16 21:02:05"),
        (json!("+2026-06-16 21:02:05"), "+2026-06-16 21:02:05"),
        (json!("2026-06-16 1:2:5"), "2026-06-16 1:2:5"),
        (json!("2026-06-16 21:02:05.5"), "2026-06-16 21:02:05.5"),
        (json!("2026-06-16T21:02:05"), "2026-06-16T21:02:05"),
        (json!(""), "``"),
        (json!(1781643725), "1781643725"),
        (json!(null), "null"),
    ] {
        let err = decode::<Timestamp>(input.clone())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(shown), "{input}: {err}");
    }
}

#[test]
fn flag_reads_every_documented_encoding() -> TestResult {
    for (input, expected) in [
        (json!(true), true),
        (json!(false), false),
        (json!(1), true),
        (json!(0), false),
        (json!("1"), true),
        (json!("0"), false),
        (json!("true"), true),
        (json!("false"), false),
    ] {
        let flag: Flag = decode(input.clone())?;
        assert_eq!(flag, expected, "{input}");
        assert_eq!(
            serde_json::to_value(flag)?,
            json!(expected),
            "{input} is written as a JSON boolean"
        );
    }
    Ok(())
}

#[test]
fn flag_rejects_other_values_naming_them() {
    for (input, shown) in [
        (json!(2), "2"),
        (json!(-1), "-1"),
        (json!(1.0), "1.0"),
        (json!("yes"), "\"yes\""),
        (json!("TRUE"), "\"TRUE\""),
        (json!(""), "\"\""),
        (json!(null), "null"),
        (json!([1]), "sequence"),
    ] {
        let err = decode::<Flag>(input.clone())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(shown), "{input}: {err}");
    }
}

#[test]
fn flag_and_timestamp_parse_from_strings_too() -> TestResult {
    assert_eq!("1".parse::<Flag>()?, Flag(true));
    assert!("yes".parse::<Flag>().is_err());
    assert_eq!(
        "2026-06-16 21:02:05".parse::<Timestamp>()?.to_string(),
        "2026-06-16T21:02:05Z"
    );
    Ok(())
}

//! Decoding throughput of large list responses in both formats: the SDK's
//! types, `serde_json::Value`, and plain structs (the floor). `cargo xtask
//! bench` runs it and writes BENCHMARKS.md; `BENCH_ITEMS` sets the size.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use defentry::types::ScanStatusResponse;
use serde_json::Value;
use workspace_bench::records::SdkRecord;
use workspace_bench::{Format, floor, items, records, scan_status};

fn bytes_of(result: Result<Vec<u8>, String>) -> Vec<u8> {
    match result {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot build the benchmark data: {error}"),
    }
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => panic!("the benchmark data does not decode: {error}"),
    }
}

fn scan_status_lists(c: &mut Criterion) {
    let n = items();
    let legacy = bytes_of(scan_status::body(Format::Legacy, n));
    let standardized = bytes_of(scan_status::body(Format::Standardized, n));
    let mut group = c.benchmark_group("scan_status");
    for (name, bytes) in [("sdk_standardized", &standardized), ("sdk_legacy", &legacy)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| decode::<ScanStatusResponse>(black_box(bytes)))
        });
    }
    for (name, bytes) in [
        ("value_standardized", &standardized),
        ("value_legacy", &legacy),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode::<Value>(black_box(bytes))));
    }
    group.throughput(Throughput::Bytes(standardized.len() as u64));
    group.bench_function("floor_standardized", |b| {
        b.iter(|| decode::<floor::ScanStatus>(black_box(&standardized)))
    });
    group.finish();
}

fn timestamped_records(c: &mut Criterion) {
    let n = items();
    let legacy = bytes_of(records::body(Format::Legacy, n));
    let standardized = bytes_of(records::body(Format::Standardized, n));
    let mut group = c.benchmark_group("records");
    for (name, bytes) in [("sdk_standardized", &standardized), ("sdk_legacy", &legacy)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| decode::<Vec<SdkRecord>>(black_box(bytes)))
        });
    }
    for (name, bytes) in [
        ("value_standardized", &standardized),
        ("value_legacy", &legacy),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode::<Value>(black_box(bytes))));
    }
    group.throughput(Throughput::Bytes(standardized.len() as u64));
    group.bench_function("floor_standardized", |b| {
        b.iter(|| decode::<Vec<floor::Record>>(black_box(&standardized)))
    });
    group.finish();
}

criterion_group!(benches, scan_status_lists, timestamped_records);
criterion_main!(benches);

// The TypeScript helpers read every case of clients/vectors.json as the Rust
// client does. Compiled with the pinned `tsc` and run with `node --test` by
// `cargo xtask ci` (stage "client helpers").

import { test } from "node:test";
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { FormatError, normalizeError, parseFlag, parseTimestamp } from "./defentry-formats";

interface Case<I, O> {
  input: I;
  output: O | null;
}

const vectors = JSON.parse(readFileSync(join(process.env.VECTORS_DIR ?? __dirname, "vectors.json"), "utf8")) as {
  flags: Case<unknown, boolean>[];
  timestamps: Case<string, string>[];
  errors: { name: string; status: number; headers: Record<string, string>; body: unknown; output: unknown }[];
};

test("the vectors are there", () => {
  assert.ok(vectors.flags.length > 5 && vectors.timestamps.length > 5 && vectors.errors.length > 5);
});

test("flags", () => {
  for (const c of vectors.flags) {
    // JSON `1.5` and `1.0`: a JavaScript number; only 0 and 1 are flags.
    if (c.output === null) {
      assert.throws(() => parseFlag(c.input), FormatError, JSON.stringify(c.input));
    } else {
      assert.equal(parseFlag(c.input), c.output, JSON.stringify(c.input));
    }
  }
});

test("timestamps", () => {
  for (const c of vectors.timestamps) {
    if (c.output === null) {
      assert.throws(() => parseTimestamp(c.input), FormatError, c.input);
    } else {
      assert.equal(parseTimestamp(c.input).getTime(), Date.parse(c.output), c.input);
    }
  }
});

test("errors", () => {
  for (const c of vectors.errors) {
    assert.deepEqual(normalizeError(c.status, c.body, c.headers), c.output, c.name);
  }
});

test("a legacy zero is false, not truthy", () => {
  assert.equal(parseFlag("0"), false);
  assert.equal(parseFlag(0), false);
});

// Decode recorded response bodies with openapi-generator typescript-fetch's
// own model functions (`<Type>FromJSON`, as its API methods do), then encode
// the result again (`<Type>ToJSON`). Run by `cargo xtask interop` on the
// compiled client.
//
// Usage: node decode.js CLIENT_DIST_DIR CASES.json > RESULTS.json
// Prints one result per case: {recording, outcome: "decoded" | "raised",
// value, error}.

"use strict";

const fs = require("fs");
const path = require("path");

const [dist, casesPath] = process.argv.slice(2);
const models = require(path.resolve(dist, "index.js"));
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const results = cases.map((c) => {
  try {
    if (!c.schema) throw new Error("the response has no component type");
    const from = models[`${c.schema}FromJSON`];
    const to = models[`${c.schema}ToJSON`];
    if (typeof from !== "function" || typeof to !== "function") {
      throw new Error(`no ${c.schema}FromJSON/ToJSON`);
    }
    // JSON.stringify drops `undefined` members, as the client's requests do.
    const value = JSON.parse(JSON.stringify(to(from(c.body)) ?? null));
    return { recording: c.recording, outcome: "decoded", value, error: null };
  } catch (error) {
    return { recording: c.recording, outcome: "raised", value: null, error: String(error).slice(0, 300) };
  }
});
process.stdout.write(JSON.stringify(results));

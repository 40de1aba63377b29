// Decode recorded response bodies with openapi-generator typescript-fetch's
// own model functions (`<Type>FromJSON`, as its API methods do), then encode
// the result again (`<Type>ToJSON`). Run by `cargo xtask interop` on the
// compiled client.
//
// Usage: node decode.js CLIENT_DIST_DIR HELPERS_JS CASES.json [BASE_URL] > RESULTS.json
// With BASE_URL (the replay mock), each case is decoded live instead: its
// request (`live`) is sent again through the generated API class's
// `<operation>Raw` method with the mock's pin header naming the recording;
// an error answer (thrown as ResponseError) is read as users do, through
// the response type's FromJSON.
// Prints one result per case: {recording, outcome: "decoded" | "raised",
// value, error, type_mismatch?}; a case of a sibling group (`group`) also gets `twin`, the
// value read as the README tells users to: an error through
// `normalizeError` (its code and details), a success with `parseFlag` /
// `parseTimestamp` (HELPERS_JS: clients/typescript compiled) at the places
// the document types as `Flag` / `Timestamp` (`helpers`).

"use strict";

const fs = require("fs");
const path = require("path");

const [dist, helpersPath, casesPath, baseUrl] = process.argv.slice(2);
const models = require(path.resolve(dist, "index.js"));
const { normalizeError, parseFlag, parseTimestamp } = require(path.resolve(helpersPath));

// What the twins check compares; a helper that throws gives
// {"helper raised": ...}, which equals nothing.
function twinValue(c, value) {
  try {
    if (c.status >= 400) {
      const error = normalizeError(c.status, value, c.headers ?? {});
      return { code: error.code, details: error.details };
    }
    const copy = JSON.parse(JSON.stringify(value));
    for (const place of c.helpers ?? []) {
      const steps = place.at.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
      let parent = copy;
      for (const step of steps.slice(0, -1)) parent = parent[step];
      const last = steps[steps.length - 1];
      parent[last] = place.helper === "flag" ? parseFlag(parent[last]) : parseTimestamp(parent[last]).toISOString();
    }
    return copy;
  } catch (error) {
    return { "helper raised": String(error).slice(0, 300) };
  }
}
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const norm = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

// The answer to the operation, decoded by the generated client: a success
// by the operation itself (`ApiResponse.value()`), an error as users read
// one (`from`: the response type's FromJSON on the ResponseError's body).
async function live(c, from) {
  const config = new models.Configuration({
    basePath: baseUrl + c.live.base_path,
    accessToken: "live-token",
    headers: { "X-Mock-Recording": c.recording },
  });
  const op = c.operation;
  const Api = Object.values(models).find((v) => typeof v === "function" && v.prototype && typeof v.prototype[`${op}Raw`] === "function");
  if (!Api) throw new Error(`no API class has ${op}Raw`);
  const api = new Api(config);
  // The request parameters' names, as the generated request builder reads them.
  const source = api[`${op}RequestOpts`].toString();
  const keys = [...new Set([...source.matchAll(/requestParameters\['([^']+)'\]/g)].map((m) => m[1]))];
  const byNorm = new Map(keys.map((k) => [norm(k), k]));
  const params = {};
  for (const p of c.live.params) {
    const key = byNorm.get(norm(p.name));
    if (!key) throw new Error(`no request parameter for ${p.in} parameter ${p.name}`);
    params[key] = p.value;
    byNorm.delete(norm(p.name));
  }
  if (c.live.body != null) {
    const body = [...source.matchAll(/(\w+)ToJSON\)?\(requestParameters\['([^']+)'\]\)/g)][0];
    if (!body) throw new Error("the operation takes no body");
    params[body[2]] = models[`${body[1]}FromJSON`](c.live.body);
  }
  let status, value;
  try {
    const response = await api[`${op}Raw`](params);
    status = response.raw.status;
    value = await response.value();
  } catch (error) {
    if (error.name !== "ResponseError") throw error;
    status = error.response.status;
    value = from(await error.response.json());
  }
  if (status !== c.status) throw new Error(`status ${status}, recorded ${c.status}`);
  return value;
}

async function one(c) {
  try {
    if (!c.schema) throw new Error("the response has no component type");
    const from = models[`${c.schema}FromJSON`];
    const to = models[`${c.schema}ToJSON`];
    if (typeof from !== "function" || typeof to !== "function") {
      throw new Error(`no ${c.schema}FromJSON/ToJSON`);
    }
    const decoded = baseUrl ? await live(c, from) : from(c.body);
    // JSON.stringify drops `undefined` members, as the client's requests do.
    const value = JSON.parse(JSON.stringify(to(decoded) ?? null));
    const result = { recording: c.recording, outcome: "decoded", value, error: null };
    // The declared type must hold too: a member it declares required that
    // the decoded value lacks is a type that lies (`instanceOf<Type>`, the
    // generated check, on the top-level value).
    const check = models[`instanceOf${c.schema}`];
    if (typeof check === "function" && decoded !== null && typeof decoded === "object" && !Array.isArray(decoded) && !check(decoded)) {
      result.type_mismatch = `instanceOf${c.schema} is false: the type declares members this body lacks`;
    }
    if (c.group) result.twin = twinValue(c, value);
    return result;
  } catch (error) {
    return { recording: c.recording, outcome: "raised", value: null, error: String(error).slice(0, 300) };
  }
}

(async () => {
  const results = [];
  for (const c of cases) results.push(await one(c));
  process.stdout.write(JSON.stringify(results));
})();

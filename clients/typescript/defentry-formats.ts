/**
 * Read Defentry's two response formats the way the Rust client does.
 *
 * Clients generated from `spec/dist/defentry.legacy.json` hand legacy values
 * over as sent: flags as `1`/`0`/`"1"`/`"0"`/`"true"`/`"false"`, timestamps as
 * `"2026-06-16 21:02:05"` (UTC without a zone), and errors in one of four
 * shapes. These helpers turn them into what the standardized format
 * (`X-API-Version: 2026-06-12`) and the Rust client give: booleans, UTC
 * dates, and one `{code, message, details}` error. Every function also
 * accepts the standardized form. `clients/vectors.json` (written and checked
 * by the Rust tests) holds the cases every language must agree on.
 */

/** A value that is a flag or a timestamp in neither format. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormatError";
  }
}

const FLAG_STRINGS: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/**
 * A flag: JSON `true`/`false`, or legacy `1`/`0`, `"1"`/`"0"`,
 * `"true"`/`"false"`. Anything else (`2`, `"yes"`) throws: it is never read
 * as truthy. (JSON `1.0` parses to the same number as `1` in JavaScript and
 * is read as `true`; the Rust client refuses it.)
 */
export function parseFlag(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === "string" && Object.prototype.hasOwnProperty.call(FLAG_STRINGS, value)) {
    return FLAG_STRINGS[value];
  }
  throw new FormatError(`not a flag: ${JSON.stringify(value)}`);
}

const LEGACY = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Whether the fields of a match make a real calendar date and time. */
function utc(parts: number[], millis: number, offsetMinutes: number): Date {
  const [year, month, day, hour, minute, second] = parts;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(time);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new FormatError(`not a timestamp: ${JSON.stringify(parts)}`);
  }
  return new Date(time - offsetMinutes * 60_000);
}

/**
 * A timestamp as a `Date` (an instant; UTC): legacy `2026-06-16 21:02:05`
 * (UTC) or RFC 3339 (`2026-06-16T21:02:05Z`, other offsets converted).
 * Lenient forms (`2026-6-16`, no zone) throw. Digits below the millisecond
 * are dropped (a `Date` holds milliseconds).
 */
export function parseTimestamp(text: unknown): Date {
  if (typeof text !== "string") throw new FormatError(`not a timestamp: ${JSON.stringify(text)}`);
  const legacy = LEGACY.exec(text);
  if (legacy) return utc(legacy.slice(1, 7).map(Number), 0, 0);
  const rfc = RFC3339.exec(text);
  if (!rfc) throw new FormatError(`not a timestamp: ${JSON.stringify(text)}`);
  const millis = Number(((rfc[7] ?? "") + "000").slice(0, 3));
  const offset = rfc[8] ? 0 : (rfc[9] === "-" ? -1 : 1) * (Number(rfc[10]) * 60 + Number(rfc[11]));
  return utc(rfc.slice(1, 7).map(Number), millis, offset);
}

/** One field's problem. */
export interface ErrorDetail {
  field: string;
  issue: string;
}

/** The standardized envelope's fields, for any error body. */
export interface NormalizedError {
  code: string;
  message: string | null;
  details: ErrorDetail[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMessages(value: unknown): boolean {
  return Array.isArray(value) ? value.every((v) => typeof v === "string") : typeof value === "string";
}

function messages(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** Which documented error shape `body` is, as the Rust client decides. */
function shape(body: unknown): string {
  if (!isObject(body)) return "other";
  const has = (key: string) => Object.prototype.hasOwnProperty.call(body, key);
  const { error, errors, message } = body;
  if (isObject(error)) {
    const details = error.details ?? [];
    const ok =
      typeof error.code === "string" &&
      typeof error.message === "string" &&
      Array.isArray(details) &&
      details.every((d) => isObject(d) && typeof d.field === "string" && typeof d.issue === "string");
    return ok ? "standardized" : "other";
  }
  if (typeof error === "string") return "error-string";
  if (Array.isArray(errors)) {
    const ok = errors.every(
      (e) =>
        isObject(e) &&
        ["status", "title", "detail"].every((k) => e[k] === undefined || e[k] === null || typeof e[k] === "string"),
    );
    return ok ? "json-api" : "other";
  }
  if (isObject(errors) && Object.values(errors).every(isMessages)) return "field-errors";
  if (!has("error") && !has("errors") && typeof message === "string") return "message";
  return "other";
}

const LEGACY_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  422: "VALIDATION_ERROR",
  429: "RATE_LIMITED",
};

function throttled(headers: Record<string, string>, message: string | null): boolean {
  const names = Object.keys(headers).map((n) => n.toLowerCase());
  const byHeader = names.includes("retry-after") || names.some((n) => n.startsWith("x-ratelimit-"));
  return byHeader || (message !== null && message.toLowerCase().includes("too many"));
}

/**
 * An error response as `{code, message, details}`: the standardized body's
 * own fields, or for a legacy body the code its HTTP status means (a 409
 * with `Retry-After`, `X-RateLimit-*` or "too many" in its message is
 * `RATE_LIMITED`: legacy throttling), its first text as the message (`null`
 * when it has none), and one `{field, issue}` per legacy field message
 * (fields by name).
 */
export function normalizeError(status: number, body: unknown, headers: Record<string, string> = {}): NormalizedError {
  const kind = shape(body);
  if (kind === "standardized" && isObject(body) && isObject(body.error)) {
    const error = body.error;
    const details = (Array.isArray(error.details) ? error.details : []) as { [key: string]: Json }[];
    return {
      code: error.code as string,
      message: error.message as string,
      details: details.map((d) => ({ field: d.field as string, issue: d.issue as string })),
    };
  }
  let message: string | null = null;
  const details: ErrorDetail[] = [];
  if (isObject(body)) {
    if (kind === "json-api" && Array.isArray(body.errors)) {
      for (const entry of body.errors) {
        if (!isObject(entry)) continue;
        const text = entry.detail ?? entry.title;
        if (typeof text === "string") {
          message = text;
          break;
        }
      }
    } else if (kind === "field-errors" && isObject(body.errors)) {
      // By field name, as the Rust client orders them.
      const byName = Object.entries(body.errors).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [field, listed] of byName) {
        for (const issue of messages(listed)) details.push({ field, issue });
      }
      message = details.length > 0 ? details[0].issue : null;
    } else if (kind === "error-string") {
      message = body.error as string;
    } else if (kind === "message") {
      message = body.message as string;
    }
  }
  const code = status === 409 && throttled(headers, message) ? "RATE_LIMITED" : (LEGACY_CODES[status] ?? `HTTP_${status}`);
  return { code, message, details };
}

// Type-checked by `cargo xtask interop` (tsc --strict) against the types
// openapi-typescript generates from the Defentry dist documents, once per
// format selected by a header (`x-formats` in the spec): beside a copy of
// this file it writes `standardized.ts`, re-exporting that format's types,
// and `legacy.ts`, re-exporting those of the format without a header.
import type { components as Std, operations as StdOps } from "./standardized";
import type { components as Legacy, operations as LegacyOps } from "./legacy";

// An operation of the CRM scope: createAccount.
type NewAccount = StdOps["createAccount"]["requestBody"]["content"]["application/json"];
export const account: NewAccount = {
  first_name: "John",
  last_name: "Doe",
  email: "john.doe@example.com",
  country_code: "SE",
  lang_code: "SV",
  plan_id: 1,
  type: "SINGLE",
};
type Created = StdOps["createAccount"]["responses"][201]["content"]["application/json"];
export const created: Created = { data: { id: 42 } };
// An id may arrive as a number or as a string (the docs show no id value).
export const createdWithTextId: Created = { data: { id: "acc_7f3" } };
// @ts-expect-error -- an id is a number or a string, nothing else
export const notAnId: Created = { data: { id: true } };
// Only `email` is required (the docs' validation error); the rest is optional.
export const minimalAccount: NewAccount = { email: "john.doe@example.com" };

// An operation of the app scope: getDeleteMyDataScanStatus, in both formats.
type ScanStatus = StdOps["getDeleteMyDataScanStatus"]["responses"]["2XX"]["content"]["application/json"];
export const scan: ScanStatus = {
  sites: [{ is_data_found: true, scan_result: { status: "SCAN_COMPLETED", data: [] } }],
};
type LegacyScanStatus = LegacyOps["getDeleteMyDataScanStatus"]["responses"]["2XX"]["content"]["application/json"];
export const legacyScan: LegacyScanStatus = {
  sites: [{ is_data_found: "1", scan_result: { status: "SCAN_COMPLETED", data: { firstName: "John" } } }],
};

// An operation without a token: crmLogin.
type Login = StdOps["crmLogin"]["requestBody"]["content"]["application/json"];
export const login: Login = { username: "acme-backend-integration@partner.com", password: "pw", keep_logged: true };

// The legacy flag declares no type (generators hand it over as sent): its
// encodings are values of it, and code must parse it before use as a boolean
// (`parseFlag`, clients/typescript).
export const legacyFlags: Legacy["schemas"]["Flag"][] = [1, 0, "1", "0", "true", "false"];
declare const received: Legacy["schemas"]["Flag"];
// @ts-expect-error -- an unparsed legacy flag is not a boolean
export const notABoolean: boolean = received;

// The standardized error envelope, and the legacy shapes.
export const envelope: Std["schemas"]["ErrorEnvelope"] = {
  error: { code: "VALIDATION_ERROR", message: "The given data was invalid.", details: [{ field: "email", issue: "required" }] },
};
export const legacyErrors: Legacy["schemas"]["LegacyError"][] = [
  { errors: { email: ["The email field is required."] } },
  { errors: [{ status: "422", title: "Validation error", detail: "The email field is required." }] },
  { error: "Not found", corr_id: "c-1" },
  { message: "Unauthenticated." },
];

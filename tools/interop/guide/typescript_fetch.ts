// The README's typescript-fetch example ("Using the spec from other
// languages"): the lines between the `README` markers are shown there
// verbatim (a test checks that). `cargo xtask interop` compiles this file
// with `tsc --strict` beside the generated clients (`./defentry-2026-06-12`,
// `./defentry-legacy`) and the helpers, and runs it against the replay mock
// (BASE_URL in argv); it fails unless both formats read the same values.

const basePath = process.argv[2];
const accessToken = "app-token";

// README begin
import * as std from "./defentry-2026-06-12";
import * as legacy from "./defentry-legacy";
import { parseFlag } from "./defentry-formats";

async function scanStatus() {
  const a = await new std.OnlineDataApi(new std.Configuration({ basePath, accessToken }))
    .getDeleteMyDataScanStatus({ xAPIVersion: std.GetDeleteMyDataScanStatusXAPIVersionEnum._20260612 });
  const standardized = (a.sites ?? []).map((s) => [s.scanResult?.status, s.isDataFound]);

  const b = await new legacy.OnlineDataApi(new legacy.Configuration({ basePath, accessToken }))
    .getDeleteMyDataScanStatus();
  const old = (b.sites ?? []).map((s) => [s.scanResult?.status, parseFlag(s.isDataFound)]);
  console.log(standardized, old); // both: [["SCAN_COMPLETED", true], ["SCAN_COMPLETED", false]]
  return { standardized, old };
}
// README end

scanStatus()
  .then(({ standardized, old }) => {
    if (standardized.length === 0 || JSON.stringify(standardized) !== JSON.stringify(old)) {
      throw new Error("the two formats read differently");
    }
    if (![...standardized, ...old].every(([, found]) => typeof found === "boolean")) {
      throw new Error("a flag is not a boolean");
    }
  })
  .catch((error) => {
    console.error(`guide: ${error}`);
    process.exit(1);
  });

"""The README's openapi-generator python example ("Using the spec from other
languages"): the lines between the `README` markers are shown there
verbatim (a test checks that). `cargo xtask interop` runs this file against
the replay mock; it fails unless both formats read the same values.

Usage: openapi_generator_python.py BASE_URL (PYTHONPATH: clients/python;
the generated packages `defentry_2026_06_12` and `defentry_legacy`
installed).
"""

import sys

base_url, app_token = sys.argv[1], "app-token"

# README begin
import defentry_2026_06_12 as std_og
import defentry_legacy as legacy_og
from defentry_formats import parse_flag

config = std_og.Configuration(host=base_url, access_token=app_token)
api = std_og.OnlineDataApi(std_og.ApiClient(config))
scan = api.get_delete_my_data_scan_status(x_api_version="2026-06-12")
standardized = [(s.scan_result.status, s.is_data_found) for s in scan.sites]

config = legacy_og.Configuration(host=base_url, access_token=app_token)
scan = legacy_og.OnlineDataApi(legacy_og.ApiClient(config)).get_delete_my_data_scan_status()
legacy = [(s.scan_result.status, parse_flag(s.is_data_found)) for s in scan.sites]
print(standardized, legacy)  # both: [('SCAN_COMPLETED', True), ('SCAN_COMPLETED', False)]
# README end

if not standardized or standardized != legacy:
    sys.exit("guide: the two formats read differently")
if not all(isinstance(found, bool) for _, found in standardized + legacy):
    sys.exit("guide: a flag is not a boolean")

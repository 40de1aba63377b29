"""The README's openapi-python-client example ("Using the spec from other
languages"): the lines between the `README` markers are shown there
verbatim (a test checks that). `cargo xtask interop` runs this file against
the replay mock; it fails unless both formats read the same values.

Usage: openapi_python_client.py BASE_URL (PYTHONPATH: clients/python and
the generated packages `defentry_2026_06_12_opc`, `defentry_legacy_opc`).
"""

import sys

base_url, app_token = sys.argv[1], "app-token"

# README begin
from defentry_formats import parse_flag

# Standardized: the operation takes the X-API-Version value; flags are booleans.
from defentry_2026_06_12_opc import AuthenticatedClient as StdClient
from defentry_2026_06_12_opc.api.online_data import get_delete_my_data_scan_status as std_status
from defentry_2026_06_12_opc.models import GetDeleteMyDataScanStatusXAPIVersion as Version

std = StdClient(base_url=base_url, token=app_token)
scan = std_status.sync(client=std, x_api_version=Version("2026-06-12"))
standardized = [(s.scan_result.status, s.is_data_found) for s in scan.sites]

# Legacy: no header; flags arrive as sent, so parse them.
from defentry_legacy_opc import AuthenticatedClient as LegacyClient
from defentry_legacy_opc.api.online_data import get_delete_my_data_scan_status as legacy_status

scan = legacy_status.sync(client=LegacyClient(base_url=base_url, token=app_token))
legacy = [(s.scan_result.status, parse_flag(s.is_data_found)) for s in scan.sites]
print(standardized, legacy)  # both: [('SCAN_COMPLETED', True), ('SCAN_COMPLETED', False)]
# README end

if not standardized or standardized != legacy:
    sys.exit("guide: the two formats read differently")
if not all(isinstance(found, bool) for _, found in standardized + legacy):
    sys.exit("guide: a flag is not a boolean")

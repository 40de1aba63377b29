"""Call one documented operation (the scan status) through the clients
openapi-python-client generated for each defentry format, against the
replay mock at BASE_URL, and check that both formats give the values the
Rust client reads (legacy flags through `parse_flag`). Run by
`cargo xtask interop`; the README's "Using the spec from other languages"
shows the same calls.

Usage: live.py BASE_URL (PYTHONPATH: clients/python and both generated
packages).
"""

import sys

from defentry_formats import parse_flag
from defentry_2026_06_12_opc import AuthenticatedClient as StdClient
from defentry_2026_06_12_opc.api.online_data import get_delete_my_data_scan_status as std_status
from defentry_2026_06_12_opc.models import GetDeleteMyDataScanStatusXAPIVersion as Version
from defentry_legacy_opc import AuthenticatedClient as LegacyClient
from defentry_legacy_opc.api.online_data import get_delete_my_data_scan_status as legacy_status

base_url = sys.argv[1]
app_token = "app-token"

std = StdClient(base_url=base_url, token=app_token)
scan = std_status.sync(client=std, x_api_version=Version("2026-06-12"))
standardized = [(s.scan_result.status, s.is_data_found) for s in scan.sites]

legacy = LegacyClient(base_url=base_url, token=app_token)
scan = legacy_status.sync(client=legacy)
legacy_values = [(s.scan_result.status, parse_flag(s.is_data_found)) for s in scan.sites]

print(f"live: standardized {standardized}")
print(f"live: legacy {legacy_values}")
if not standardized or standardized != legacy_values:
    sys.exit("live: the two formats decode differently")
if not all(isinstance(found, bool) for _, found in standardized + legacy_values):
    sys.exit("live: a flag is not a boolean")

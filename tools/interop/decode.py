"""Decode recorded response bodies with a generated Python client's own
deserializer, then encode the result again (run by `cargo xtask interop`).

Usage: decode.py GENERATOR PACKAGE CASES.json > RESULTS.json

GENERATOR is `openapi-python-client` (the operation's `_parse_response`, as
the client's own call does) or `openapi-generator` (`ApiClient.deserialize`
with the response's type name, as the generated API methods do). CASES is
what the `decoded` binary prints, filtered to one dist document. Prints one
result per case: `{"recording", "outcome": "decoded" | "raised", "value",
"error"}`; a value the generator decoded is encoded again with the
client's own `to_dict`.
"""

import datetime
import enum
import importlib
import json
import pkgutil
import re
import sys
import traceback


def snake(name):
    """`getScanStatus` → `get_scan_status` (openapi-python-client's module names)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def encode(value):
    """A decoded value as JSON, through the generated `to_dict`."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if hasattr(value, "get_secret_value"):  # pydantic's SecretStr (`format: password`)
        return value.get_secret_value()
    if hasattr(value, "to_dict"):
        return encode(value.to_dict())
    if hasattr(value, "utcoffset") and value.utcoffset() is not None:
        return rfc3339(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def rfc3339(moment):
    """An aware datetime as the Rust client writes it: UTC, `Z`, the
    fraction without trailing zeros."""
    utc = moment.astimezone(datetime.timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def opc_operations(package):
    """operationId (snake case) → the module of an openapi-python-client package."""
    api = importlib.import_module(f"{package}.api")
    found = {}
    for tag in pkgutil.iter_modules(api.__path__):
        module = importlib.import_module(f"{package}.api.{tag.name}")
        for operation in pkgutil.iter_modules(module.__path__):
            found[operation.name] = f"{package}.api.{tag.name}.{operation.name}"
    return found


def decode_opc(package, case, operations):
    import httpx

    client_module = importlib.import_module(f"{package}.client")
    client = client_module.Client(base_url="http://localhost", raise_on_unexpected_status=False)
    module = importlib.import_module(operations[snake(case["operation"])])
    response = httpx.Response(
        case["status"],
        content=json.dumps(case["body"]).encode(),
        headers={"content-type": "application/json"},
    )
    return module._parse_response(client=client, response=response)


def decode_openapi_generator(package, case):
    api_client = importlib.import_module(package).ApiClient()
    if not case["schema"]:
        raise LookupError("the response has no component type")
    return api_client.deserialize(json.dumps(case["body"]), case["schema"], "application/json")


def main():
    generator, package, cases_path = sys.argv[1:4]
    with open(cases_path, encoding="utf-8") as file:
        cases = json.load(file)
    operations = opc_operations(package) if generator == "openapi-python-client" else None
    results = []
    for case in cases:
        result = {"recording": case["recording"]}
        try:
            if generator == "openapi-python-client":
                value = decode_opc(package, case, operations)
            else:
                value = decode_openapi_generator(package, case)
            result.update(outcome="decoded", value=encode(value), error=None)
        except Exception as error:  # a generated decoder raising is a result
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            result.update(outcome="raised", value=None, error=last[:300])
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

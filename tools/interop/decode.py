"""Decode recorded response bodies with a generated Python client's own
deserializer, then encode the result again (run by `cargo xtask interop`).

Usage: decode.py GENERATOR PACKAGE CASES.json [BASE_URL] > RESULTS.json

GENERATOR is `openapi-python-client` (the operation's `_parse_response`, as
the client's own call does) or `openapi-generator` (`ApiClient.deserialize`
with the response's type name, as the generated API methods do). CASES is
what the `decoded` binary prints, filtered to one dist document. Prints one
result per case: `{"recording", "outcome": "decoded" | "raised", "value",
"error"}`; a value the generator decoded is encoded again with the
client's own `to_dict`.

With BASE_URL (the replay mock), each case is decoded live instead: its
request (`live`: parameters and body) is sent again through the generated
operation, with the mock's pin header naming the recording, so the answer
goes through the client's whole call path.

A case of a sibling group (`group`) also gets `twin`: the value as its
twins are compared, read the way the README tells users to: an error body
through `normalize_error` (its `code` and `details`), a success with
`parse_flag` / `parse_timestamp` (clients/python) at the places the
document types as `Flag` / `Timestamp` (`helpers`).
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


def twin_value(case, value):
    """What the twins check compares (see the module doc); a helper that
    raises gives `{"helper raised": ...}`, which equals nothing."""
    import copy

    from defentry_formats import normalize_error, parse_flag, parse_timestamp

    try:
        if case["status"] >= 400:
            error = normalize_error(case["status"], value, case.get("headers") or {})
            return {"code": error["code"], "details": error["details"]}
        value = copy.deepcopy(value)
        for place in case.get("helpers") or []:
            steps = [s.replace("~1", "/").replace("~0", "~") for s in place["at"].split("/")[1:]]
            parent = value
            for step in steps[:-1]:
                parent = parent[int(step) if isinstance(parent, list) else step]
            last = int(steps[-1]) if isinstance(parent, list) else steps[-1]
            if place["helper"] == "flag":
                parent[last] = parse_flag(parent[last])
            else:
                parent[last] = rfc3339(parse_timestamp(parent[last]))
        return value
    except Exception as error:  # noqa: BLE001 - reported as a twin difference
        return {"helper raised": f"{type(error).__name__}: {error}"[:300]}


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


PIN_HEADER = "X-Mock-Recording"
TOKEN = "live-token"


def norm(name):
    """`alarmId`, `alarm_id`, `X-API-Version` → comparable names."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def convert(annotation, value):
    """`value` as an argument of the annotated type: an enum member, a
    model through `from_dict`, or the value itself."""
    import typing

    candidates = typing.get_args(annotation) if typing.get_origin(annotation) is typing.Union else (annotation,)
    for candidate in candidates:
        if candidate is type(None) or getattr(candidate, "__name__", "") == "Unset":
            continue
        try:
            if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
                return candidate(value)
            if hasattr(candidate, "from_dict") and isinstance(value, dict):
                return candidate.from_dict(value)
        except (TypeError, ValueError):
            continue
    return value


def arguments(parameters, case, skip=()):
    """Keyword arguments of a generated operation for the case's recorded
    parameters (names matched by `norm`) and the name left for the body."""
    by_norm = {norm(name): name for name in parameters if name not in skip and not name.startswith("_")}
    kwargs = {}
    for param in case["live"]["params"]:
        name = by_norm.pop(norm(param["name"]), None)
        if name is None:
            raise LookupError(f"the operation takes no argument for {param['in']} parameter {param['name']}")
        kwargs[name] = param["value"]
    return kwargs, list(by_norm.values())


def live_opc(package, case, operations, base_url):
    import inspect
    import typing

    client_module = importlib.import_module(f"{package}.client")
    client = client_module.AuthenticatedClient(
        base_url=base_url + case["live"]["base_path"],
        token=TOKEN,
        headers={PIN_HEADER: case["recording"]},
        raise_on_unexpected_status=False,
    )
    call = importlib.import_module(operations[snake(case["operation"])]).sync_detailed
    hints = typing.get_type_hints(call)
    kwargs, rest = arguments(inspect.signature(call).parameters, case, skip=("client",))
    kwargs = {name: convert(hints.get(name), value) for name, value in kwargs.items()}
    if case["live"]["body"] is not None:
        if "body" not in rest:
            raise LookupError("the operation takes no body")
        kwargs["body"] = convert(hints["body"], case["live"]["body"])
    response = call(client=client, **kwargs)
    if response.status_code != case["status"]:
        raise RuntimeError(f"status {response.status_code}, recorded {case['status']}: {response.content[:200]!r}")
    return response.parsed


def live_openapi_generator(package, case, base_url):
    import inspect

    module = importlib.import_module(package)
    configuration = module.Configuration(host=base_url + case["live"]["base_path"], access_token=TOKEN)
    api_client = module.ApiClient(configuration, header_name=PIN_HEADER, header_value=case["recording"])
    name = snake(case["operation"]) + "_with_http_info"
    apis = importlib.import_module(f"{package}.api")
    found = [getattr(apis, c) for c in dir(apis) if c.endswith("Api") and hasattr(getattr(apis, c), name)]
    if not found:
        raise LookupError(f"no API class has {name}")
    method = getattr(found[0](api_client), name)
    kwargs, rest = arguments(inspect.signature(method).parameters, case)
    if case["live"]["body"] is not None:
        if len(rest) != 1:
            raise LookupError(f"cannot tell the body argument among {rest}")
        kwargs[rest[0]] = case["live"]["body"]  # validate_call builds the model
    try:
        response = method(**kwargs)
        status, value = response.status_code, response.data
    except module.ApiException as error:  # the generated client raises on 4xx/5xx
        status, value = error.status, error.data
        if value is None:
            raise
    if status != case["status"]:
        raise RuntimeError(f"status {status}, recorded {case['status']}")
    return value


def decode_openapi_generator(package, case):
    api_client = importlib.import_module(package).ApiClient()
    if not case["schema"]:
        raise LookupError("the response has no component type")
    return api_client.deserialize(json.dumps(case["body"]), case["schema"], "application/json")


def main():
    generator, package, cases_path = sys.argv[1:4]
    base_url = sys.argv[4] if len(sys.argv) > 4 else None
    with open(cases_path, encoding="utf-8") as file:
        cases = json.load(file)
    operations = opc_operations(package) if generator == "openapi-python-client" else None
    results = []
    for case in cases:
        result = {"recording": case["recording"]}
        try:
            if generator == "openapi-python-client":
                if base_url:
                    value = live_opc(package, case, operations, base_url)
                else:
                    value = decode_opc(package, case, operations)
            elif base_url:
                value = live_openapi_generator(package, case, base_url)
            else:
                value = decode_openapi_generator(package, case)
            result.update(outcome="decoded", value=encode(value), error=None)
            if case.get("group"):
                result["twin"] = twin_value(case, result["value"])
        except Exception as error:  # a generated decoder raising is a result
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            result.update(outcome="raised", value=None, error=last[:300])
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

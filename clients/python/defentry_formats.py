"""Read Defentry's two response formats the way the Rust client does.

Clients generated from ``spec/dist/defentry.legacy.json`` hand legacy values
over as sent: flags as ``1``/``0``/``"1"``/``"0"``/``"true"``/``"false"``,
timestamps as ``"2026-06-16 21:02:05"`` (UTC without a zone), and errors in
one of four shapes. These helpers turn them into what the standardized
format (``X-API-Version: 2026-06-12``) and the Rust client give: booleans,
UTC datetimes, and one ``{"code", "message", "details"}`` error.

Standard library only; every function also accepts the standardized form,
so the same code reads both formats. ``clients/vectors.json`` (written and
checked by the Rust tests) holds the cases both languages must agree on.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["FormatError", "parse_flag", "parse_timestamp", "normalize_error"]


class FormatError(ValueError):
    """A value that is a flag or a timestamp in neither format."""


_FLAG_STRINGS = {"1": True, "true": True, "0": False, "false": False}


def parse_flag(value: Any) -> bool:
    """A flag: JSON ``true``/``false``, or legacy ``1``/``0``, ``"1"``/``"0"``,
    ``"true"``/``"false"``. Anything else (``2``, ``1.0``, ``"yes"``) raises
    :class:`FormatError`: it is never read as truthy."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str) and value in _FLAG_STRINGS:
        return _FLAG_STRINGS[value]
    raise FormatError(f"not a flag: {value!r}")


_LEGACY = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})")
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def parse_timestamp(text: str) -> _dt.datetime:
    """A timestamp as an aware UTC datetime: legacy ``2026-06-16 21:02:05``
    (UTC) or RFC 3339 (``2026-06-16T21:02:05Z``; other offsets converted to
    UTC). Lenient forms (``2026-6-16``, a missing zone) raise
    :class:`FormatError`. Sub-microsecond digits are dropped (Python's
    datetime holds microseconds)."""
    if not isinstance(text, str):
        raise FormatError(f"not a timestamp: {text!r}")
    legacy = _LEGACY.fullmatch(text)
    try:
        if legacy:
            parts = [int(p) for p in legacy.groups()]
            return _dt.datetime(*parts, tzinfo=_dt.timezone.utc)
        rfc = _RFC3339.fullmatch(text)
        if not rfc:
            raise FormatError(f"not a timestamp: {text!r}")
        year, month, day, hour, minute, second = (int(p) for p in rfc.groups()[:6])
        fraction = rfc.group(7) or ""
        micros = int((fraction + "000000")[:6])
        if rfc.group(8):
            offset = _dt.timedelta(0)
        else:
            sign = -1 if rfc.group(9) == "-" else 1
            offset = sign * _dt.timedelta(hours=int(rfc.group(10)), minutes=int(rfc.group(11)))
        local = _dt.datetime(
            year, month, day, hour, minute, second, micros, tzinfo=_dt.timezone(offset)
        )
        return local.astimezone(_dt.timezone.utc)
    except ValueError as error:
        if isinstance(error, FormatError):
            raise
        raise FormatError(f"not a timestamp: {text!r}") from error


def _is_messages(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def _messages(value: Any) -> List[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


def _shape(body: Any) -> str:
    """Which of the documented error shapes ``body`` is (as the Rust
    client's ``ApiErrorBody::from_value`` decides)."""
    if not isinstance(body, dict):
        return "other"
    missing = object()
    error, errors = body.get("error", missing), body.get("errors", missing)
    message = body.get("message", missing)
    if isinstance(error, dict):
        ok = isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
        details = error.get("details", [])
        ok = ok and isinstance(details, list) and all(
            isinstance(d, dict) and isinstance(d.get("field"), str) and isinstance(d.get("issue"), str)
            for d in details
        )
        return "standardized" if ok else "other"
    if isinstance(error, str):
        return "error-string"
    if isinstance(errors, list):
        ok = all(
            isinstance(e, dict)
            and all(isinstance(e.get(k), (str, type(None))) for k in ("status", "title", "detail"))
            for e in errors
        )
        return "json-api" if ok else "other"
    if isinstance(errors, dict) and all(_is_messages(v) for v in errors.values()):
        return "field-errors"
    if error is missing and errors is missing and isinstance(message, str):
        return "message"
    return "other"


_LEGACY_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
}


def _throttled(headers: Mapping[str, str], message: Optional[str]) -> bool:
    names = [name.lower() for name in headers]
    by_header = "retry-after" in names or any(n.startswith("x-ratelimit-") for n in names)
    return by_header or (message is not None and "too many" in message.lower())


def normalize_error(
    status: int, body: Any, headers: Optional[Mapping[str, str]] = None
) -> Dict[str, Any]:
    """An error response as ``{"code", "message", "details"}``, the
    standardized envelope's fields: the standardized body's own, or for a
    legacy body the code its HTTP status means (a 409 with ``Retry-After``,
    ``X-RateLimit-*`` or "too many" in its message is ``RATE_LIMITED``:
    legacy throttling), its first text as the message (``None`` when it has
    none), and one ``{"field", "issue"}`` per legacy field message (fields
    by name)."""
    headers = headers or {}
    shape = _shape(body)
    message: Optional[str] = None
    details: List[Dict[str, str]] = []
    if shape == "standardized":
        error = body["error"]
        return {
            "code": error["code"],
            "message": error["message"],
            "details": [{"field": d["field"], "issue": d["issue"]} for d in error.get("details", [])],
        }
    if shape == "json-api":
        for entry in body["errors"]:
            text = entry.get("detail") if entry.get("detail") is not None else entry.get("title")
            if text is not None:
                message = text
                break
    elif shape == "field-errors":
        # By field name, as the Rust client orders them.
        for field, listed in sorted(body["errors"].items()):
            for issue in _messages(listed):
                details.append({"field": field, "issue": issue})
        message = details[0]["issue"] if details else None
    elif shape == "error-string":
        message = body["error"]
    elif shape == "message":
        message = body["message"]
    if status == 409 and _throttled(headers, message):
        code = "RATE_LIMITED"
    else:
        code = _LEGACY_CODES.get(status, f"HTTP_{status}")
    return {"code": code, "message": message, "details": details}

"""The Python helpers read every case of clients/vectors.json as the Rust
client does (run: ``python3 -m unittest discover -s clients/python``)."""

import datetime as dt
import json
import pathlib
import unittest

from defentry_formats import FormatError, normalize_error, parse_flag, parse_timestamp

VECTORS = json.loads(
    (pathlib.Path(__file__).resolve().parent.parent / "vectors.json").read_text(encoding="utf-8")
)


def rfc3339(text):
    """An RFC 3339 string with `Z` (as the Rust client writes) as a datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class Vectors(unittest.TestCase):
    def test_the_vectors_are_there(self):
        for key in ("flags", "timestamps", "errors"):
            self.assertGreater(len(VECTORS[key]), 5, key)

    def test_flags(self):
        for case in VECTORS["flags"]:
            with self.subTest(input=case["input"]):
                if case["output"] is None:
                    with self.assertRaises(FormatError):
                        parse_flag(case["input"])
                else:
                    self.assertIs(parse_flag(case["input"]), case["output"])

    def test_timestamps(self):
        for case in VECTORS["timestamps"]:
            with self.subTest(input=case["input"]):
                if case["output"] is None:
                    with self.assertRaises(FormatError):
                        parse_timestamp(case["input"])
                else:
                    parsed = parse_timestamp(case["input"])
                    self.assertEqual(parsed.utcoffset(), dt.timedelta(0))
                    self.assertEqual(parsed, rfc3339(case["output"]))

    def test_errors(self):
        for case in VECTORS["errors"]:
            with self.subTest(name=case["name"]):
                self.assertEqual(
                    normalize_error(case["status"], case["body"], case["headers"]), case["output"]
                )

    def test_a_legacy_zero_is_false_not_truthy(self):
        self.assertIs(parse_flag("0"), False)
        self.assertIs(parse_flag(0), False)


if __name__ == "__main__":
    unittest.main()

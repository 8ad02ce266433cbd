"""The malformed-export corpus: a table of cases (cases.py), each building its file(s) at test
time and stating the outcome the real load path must reach (see test_malformed_exports.py)."""

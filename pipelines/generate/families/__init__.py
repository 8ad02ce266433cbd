"""One module per source family: each turns a chunk of (district, day) events into typed records.

Every family module exposes ``SOURCE`` (the sources.py name), ``generate(chunk)`` (final
versions, canonical labels, typed columns named as in sources.py; helper columns start with
"_"), ``as_of(frame, t)`` (what an export written at ``t`` shows of those records) and
``finalize(frame, t)`` (the version the last export holding a record shows).
"""

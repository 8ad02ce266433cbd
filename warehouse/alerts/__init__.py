"""Alerts: reviewed rules evaluated on the marts after every refresh, kept as an `alerts` table.

- rules.py      reads and checks reference/alerts.yml (one line naming a bad rule);
- evaluate.py   the alerts that hold now, one query per rule kind (no Dagster);
- lifecycle.py  the `alerts` table: opened once, kept open, closed when cleared;
- failures.py   failed refreshes, recorded beside the failure notices, as an alert;
- published.py  what readers are told: the snapshot's alerts plus a failing refresh.

The Dagster asset that runs them (pipelines/defs/alerts.py) sits between the marts and the
published snapshot, so readers see the alerts of the data they see.
"""

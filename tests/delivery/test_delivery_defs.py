"""Dagster's side: the alert_deliveries asset runs after publication in every refresh and never
fails it; the weekly digest's schedule fires on Monday at 09:00 India time, once a week."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs.delivery import ReaderResource, alert_deliveries, digest_job, weekly_digest
from pipelines.defs.resources import WarehouseResource
from pipelines.delivery.brief_files import BriefResult
from tests.delivery.conftest import body


def _warehouse(path) -> WarehouseResource:
    return WarehouseResource(path=str(path), exports=str(path.parent / "exports"))


def test_alert_deliveries_follow_publication_in_the_refresh_job(tmp_path):
    defs = build_definitions(_warehouse(tmp_path / "jansewa.duckdb"))
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey("alert_deliveries")
    assert dg.AssetKey("published_snapshot") in graph.get(key).parent_keys
    assert key in defs.resolve_job_def("refresh").asset_layer.asset_graph.get_all_asset_keys()
    assert defs.resolve_job_def("digest").name == "digest"


def test_the_asset_sends_the_alerts_and_a_bad_recipients_file_does_not_fail_the_run(
    snapshot, delivery_env, smtp, hook, tmp_path
):
    smtp.start()
    hook.start()
    result = dg.materialize([alert_deliveries], resources={"warehouse": _warehouse(snapshot)})
    assert result.success and len(smtp.inbox.messages) == 4 and len(hook.received) == 2
    (materialization,) = result.asset_materializations_for_node("alert_deliveries")
    assert materialization.metadata["sent"].value == 6

    (tmp_path / "recipients.yml").write_text("roles: {}\n", encoding="utf-8")
    result = dg.materialize([alert_deliveries], resources={"warehouse": _warehouse(snapshot)})
    assert result.success  # the snapshot is published: delivery says what is wrong, in the log
    (materialization,) = result.asset_materializations_for_node("alert_deliveries")
    assert "expected a non-empty mapping under 'roles'" in materialization.metadata["error"].value


def test_the_weekly_digest_runs_on_monday_at_nine_india_time(delivery_env, monkeypatch):
    assert weekly_digest.cron_schedule == "0 9 * * 1"
    assert weekly_digest.execution_timezone == "Asia/Kolkata"
    assert weekly_digest.job_name == "digest"
    monday = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    with dg.build_schedule_context(scheduled_execution_time=monday) as context:
        request = weekly_digest(context)
    assert isinstance(request, dg.RunRequest) and request.run_key == "digest-2026-W03"

    monkeypatch.delenv("JANSEWA_DELIVERY_CHANNELS")
    with dg.build_schedule_context(scheduled_execution_time=monday) as context:
        skip = weekly_digest(context)
    assert isinstance(skip, dg.SkipReason) and "no delivery channel" in skip.skip_message


def test_the_digest_job_sends_each_districts_digest(
    snapshot, delivery_env, smtp, hook, monkeypatch
):
    def render(warehouse, district, lang, out_dir) -> BriefResult:
        out_dir.mkdir(parents=True, exist_ok=True)
        page = out_dir / f"jansewa-brief-{district}-2020-07-{lang}.html"
        page.write_text("<html></html>", encoding="utf-8")
        return BriefResult((page,), "2020-07", None)

    monkeypatch.setattr("pipelines.delivery.digest.render_brief", render)
    smtp.start()
    hook.start()
    result = digest_job.execute_in_process(
        resources={"reader": ReaderResource(path=str(snapshot))},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    subjects = sorted(str(m["Subject"]) for _, m in smtp.inbox.messages)
    assert len(subjects) == 3 and subjects[0].startswith("[Jansewa] Weekly digest: Jhajjar")
    assert "Case lists are not in the published snapshot yet." in body(smtp.inbox.messages[0][1])

"""Every source of the contracts has its name in both languages, and the dashboard and the
alert messages read the same one."""

from __future__ import annotations

from dashboards.i18n import source_name
from pipelines.delivery.figure_text import source_name as message_source_name
from warehouse.source_names import SOURCE_NAMES
from warehouse.sources import SOURCES


def test_every_source_is_named_in_english_and_hindi():
    assert set(SOURCE_NAMES) == set(SOURCES)
    assert all(en and hi and en != hi for en, hi in SOURCE_NAMES.values())


def test_pages_and_messages_use_one_name():
    for source, (en, hi) in SOURCE_NAMES.items():
        assert source_name(source, "en") == message_source_name(source, "en") == en
        assert source_name(source, "hi") == message_source_name(source, "hi") == hi

"""The reviewed recipients file loads and holds placeholders only; a bad file is refused with
one line naming the file and the entry."""

from __future__ import annotations

import re

import pytest

from pipelines.delivery.recipients import RECIPIENTS_FILE, RecipientsError, load_recipients
from warehouse.districts import district_names


def test_the_reviewed_file_lists_every_district_with_placeholders_only():
    recipients = load_recipients(RECIPIENTS_FILE)
    assert recipients.placeholders is True  # nothing may be sent to these addresses
    assert recipients.digest_districts() == district_names()
    assert [r.id for r in recipients.for_alert("Jhajjar", "critical", "rank_drop")] == [
        "Haryana/state_cell",
        "Jhajjar/dc_office",
        "Jhajjar/district_informatics",
    ]
    assert [r.id for r in recipients.for_alert("Jhajjar", "warning", "rank_drop")] == [
        "Jhajjar/dc_office"
    ]
    text = RECIPIENTS_FILE.read_text(encoding="utf-8")
    for address in re.findall(r"[\w.+-]+@[\w.-]+|https?://[^\s,\]]+", text):
        assert "example.gov.in" in address, address
    assert not re.search(r"(?i)password|token:|secret", text.split("recipients:")[-1])


BASE = """
roles:
  dc_office: {name: DC office, name_hi: उपायुक्त कार्यालय, severities: [warning], digest: true}
recipients:
"""


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "  - {district: Gurgaon, role: dc_office, lang: en, email: [a@example.gov.in]}",
            "recipients.yml: recipients[0] (Gurgaon/dc_office): unknown district 'Gurgaon'",
        ),
        (
            "  - {district: Jhajjar, role: dco, lang: en, email: [a@example.gov.in]}",
            "recipients.yml: recipients[0] (Jhajjar/dco): unknown role 'dco'",
        ),
        (
            "  - {district: Jhajjar, role: dc_office, lang: fr, email: [a@example.gov.in]}",
            "recipients.yml: recipients[0] (Jhajjar/dc_office): 'lang' must be en or hi, not 'fr'",
        ),
        (
            "  - {district: Jhajjar, role: dc_office, lang: en, email: [not-an-address]}",
            "recipients.yml: recipients[0] (Jhajjar/dc_office): not an e-mail address: "
            "'not-an-address'",
        ),
        (
            "  - {district: Jhajjar, role: dc_office, lang: en, "
            "webhooks: ['https://bot:s3cret@chat.example.gov.in/h']}",
            "recipients.yml: recipients[0] (Jhajjar/dc_office): a webhook URL may not hold a "
            "user or password",
        ),
        (
            "  - {district: Jhajjar, role: dc_office, lang: en}",
            "recipients.yml: recipients[0] (Jhajjar/dc_office): give at least one 'email' "
            "address or 'webhooks' URL",
        ),
        (
            "  - {district: Jhajjar, role: dc_office, lang: en, email: [a@example.gov.in]}\n"
            "  - {district: Jhajjar, role: dc_office, lang: hi, email: [b@example.gov.in]}",
            "recipients.yml: recipients[1] (Jhajjar/dc_office): listed twice",
        ),
    ],
)
def test_a_bad_entry_is_refused_in_one_line_naming_it(tmp_path, entry, error):
    path = tmp_path / "recipients.yml"
    path.write_text(BASE + entry + "\n", encoding="utf-8")
    with pytest.raises(RecipientsError) as caught:
        load_recipients(path)
    message = str(caught.value)
    assert message.startswith(error) and "\n" not in message


def test_a_bad_role_is_refused_naming_the_role(tmp_path):
    path = tmp_path / "recipients.yml"
    path.write_text(
        "roles:\n  dc_office: {name: DC, name_hi: DC, severities: [warning]}\nrecipients: []\n",
        encoding="utf-8",
    )
    with pytest.raises(RecipientsError, match=r"^recipients.yml: roles.dc_office: 'name_hi'"):
        load_recipients(path)
    path.write_text(
        "roles:\n  dc_office: {name: DC, name_hi: उपायुक्त, severities: [urgent]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecipientsError, match=r"severities' must list warning and/or critical"):
        load_recipients(path)

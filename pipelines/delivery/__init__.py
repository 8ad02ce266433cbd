"""Delivery of district alerts and the weekly district digest, by e-mail and JSON webhook.

Why a package of its own: the failure notices of pipelines/notify.py go to the operators
named in the environment; these go to district offices named in a reviewed file
(warehouse/reference/recipients.yml), in their language, each exactly once, through a
persistent outbox that retries what failed. One job per module:

    recipients.py      the recipients file, read and checked
    config.py          channels, SMTP and webhook settings, back-off, from the environment
    formatting.py      numbers, dates and names the Indian way (Babel en_IN / hi_IN)
    wording.py         the messages' words in English and Hindi
    figure_text.py     an alert's figures in words, the Indian way
    message.py         a message as stored in the outbox and sent on any channel
    snapshot_reads.py  the alerts and overdue cases read from the published snapshot
    alert_messages.py  an alert's opened / closed notice
    outbox.py          the SQLite outbox: what is due, attempts, errors, sent times
    transport.py       one message over SMTP or as a JSON POST
    dispatch.py        sends what is due, records each outcome, backs off
    alert_notices.py   which notices each alert owes to whom: queued, then sent
    brief_files.py     the district brief, rendered by `jansewa report` in a child process
    digest.py          the weekly digest of a district, queued and sent
    dry_run.py         the digest written to a folder instead (`jansewa digest --dry-run`)
"""

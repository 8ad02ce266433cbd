"""One message over one channel: an e-mail through the SMTP server, or a JSON POST.

The standard library writes and sends the e-mail (email, smtplib) and requests makes the
POST, as for the failure notices. Each send either returns or raises; the caller records
which. Both carry the delivery's stable id (Message-ID, Idempotency-Key), so a receiver can
drop the copy that a run killed between sending and recording may send again.
"""

from __future__ import annotations

import mimetypes
import smtplib
import socket
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from pathlib import Path

import requests

from pipelines.delivery.message import Message
from pipelines.notify import Settings as SmtpSettings

TIMEOUT_SECONDS = 20
# Errors that say the server cannot be reached at all: the run stops trying it (every other
# delivery to it would wait for the same timeout) and records the reason on each instead.
UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    requests.ConnectionError,
    requests.Timeout,
)


def email_message(message: Message, to: tuple[str, ...], sender: str, delivery_id: str) -> MIMEBase:
    """The e-mail: plain text (UTF-8, Devanagari as it is) and the attachments.

    Built with the MIME classes and a `Header` subject rather than EmailMessage: Python
    3.11's default policy drops the space at a fold between two encoded words, so a long
    Hindi subject arrived as 'चेतावनीअलर्ट'. `Header` keeps every space inside its words.
    """
    text = MIMEText(message.text, "plain", "utf-8")
    if message.attachments:
        mail = MIMEMultipart("mixed")
        mail.attach(text)
    else:
        mail = text
    for name in message.attachments:
        path = Path(name)
        kind, _ = mimetypes.guess_type(path.name)
        part = MIMEBase(*(kind or "application/octet-stream").split("/", 1))
        part.set_payload(path.read_bytes())
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=path.name)
        mail.attach(part)
    mail["Subject"] = Header(message.subject, "utf-8")
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = f"<{delivery_id}@jansewa>"
    return mail


def send_email(message: Message, to: tuple[str, ...], smtp: SmtpSettings, delivery_id: str) -> None:
    """Send ``message`` to ``to`` through the configured SMTP server (STARTTLS and login
    when set, as pipelines/notify.py does)."""
    mail = email_message(message, to, smtp.mail_from or "", delivery_id)
    with smtplib.SMTP(smtp.smtp_host, smtp.smtp_port, timeout=TIMEOUT_SECONDS) as server:
        if smtp.smtp_starttls:
            server.starttls()
        if smtp.smtp_user:
            server.login(smtp.smtp_user, smtp.smtp_password or "")
        server.send_message(mail)


def post_webhook(message: Message, url: str, token: str | None, delivery_id: str) -> None:
    """POST ``message.payload`` (with its delivery id) as JSON; an HTTP error status raises."""
    headers = {"Idempotency-Key": delivery_id}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = {**message.payload, "delivery_id": delivery_id}
    response = requests.post(url, json=body, headers=headers, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()

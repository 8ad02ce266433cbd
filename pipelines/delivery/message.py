"""A message as the outbox keeps it and every channel sends it.

A message is rendered once, when its delivery is queued, in its recipient's language, and
stored whole: a retry days later sends the very text of the first attempt, without reading a
snapshot that may have moved on. E-mail sends ``subject``, ``text`` and ``attachments``; a
webhook POSTs ``payload`` (which carries the subject and text too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    payload: dict = field(default_factory=dict)  # the webhook's JSON body
    attachments: tuple[str, ...] = ()  # files sent with the e-mail (the digest's brief)

    def to_json(self) -> str:
        return json.dumps(
            {
                "subject": self.subject,
                "text": self.text,
                "payload": self.payload,
                "attachments": list(self.attachments),
            },
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )

    @classmethod
    def from_json(cls, raw: str) -> Message:
        data = json.loads(raw)
        return cls(
            subject=data["subject"],
            text=data["text"],
            payload=data.get("payload") or {},
            attachments=tuple(data.get("attachments") or ()),
        )

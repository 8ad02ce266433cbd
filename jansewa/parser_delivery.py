"""The arguments of the `jansewa` sub-commands that send or list deliveries: digest and
deliveries.
"""

from __future__ import annotations

from jansewa.parser_shared import add_warehouse_option


def add_delivery_commands(sub) -> None:
    """`jansewa digest` and `jansewa deliveries` (pipelines/delivery)."""
    g = sub.add_parser(
        "digest",
        help="send a district's weekly digest now, or write it without sending (--dry-run)",
        description="The weekly digest of one district: its brief (PDF and HTML), open alerts "
        "and most overdue cases, to the district's recipients (warehouse/reference/"
        "recipients.yml) in their language, once per week. --dry-run writes the message text "
        "(.txt), the webhook's JSON and the brief to --out instead of sending.",
    )
    add_warehouse_option(g)
    g.add_argument("--district", required=True, metavar="NAME", help="any spelling of a district")
    g.add_argument(
        "--lang",
        choices=("en", "hi"),
        help="with --dry-run: the language (default: those of the district's recipients)",
    )
    g.add_argument("--dry-run", action="store_true", help="write what would be sent; send nothing")
    g.add_argument("--out", metavar="DIR", help="with --dry-run: the folder (default: .)")
    o = sub.add_parser(
        "deliveries",
        help="list the outbox of alert notices and digests (sent, pending, failed)",
    )
    add_warehouse_option(o)
    o.add_argument("--status", choices=("pending", "sent", "failed", "cancelled"))
    o.add_argument(
        "--retry-failed",
        action="store_true",
        help="try the deliveries that failed for good again, at the next delivery run",
    )

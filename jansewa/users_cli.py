"""`jansewa users`: the dashboard's local users file, for installations without an identity
provider (dashboards/auth/users_file.py holds the file's rules).

    jansewa users add dc.jhajjar --role district:Jhajjar --name "DC office, Jhajjar"
    jansewa users list
    jansewa users remove dc.jhajjar

The password is asked twice on a terminal, or read from the first line of standard input
with --password-stdin (scripts); it never appears on the command line, where other users of
the machine could see it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path


def add_users_parser(sub) -> None:
    """The `users` command and its three actions."""
    u = sub.add_parser("users", help="manage the dashboard's local users file")
    u.add_argument("--file", metavar="PATH", help="users file (default: $JANSEWA_USERS_FILE)")
    actions = u.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user, or change one's role, name and password")
    add.add_argument("user", help="the sign-in name (one word)")
    add.add_argument(
        "--role", required=True, help="state, analyst or district:<name> (e.g. district:Jhajjar)"
    )
    add.add_argument("--name", help="the name shown on the dashboard (default: the user)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("list", help="list the users and their roles (never their passwords)")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("user")


def _users_file(args: argparse.Namespace) -> Path:
    value = args.file or os.environ.get("JANSEWA_USERS_FILE")
    if not value:
        raise ValueError("name the users file with --file or JANSEWA_USERS_FILE")
    return Path(value).expanduser()


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValueError("no terminal to ask the password on: give it with --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise ValueError("the two passwords differ; nothing was changed")
    return first


def run_users(args: argparse.Namespace) -> int:
    from dashboards.auth.users_file import load_users, remove_user, set_user

    path = _users_file(args)
    if args.action == "add":
        set_user(path, args.user, args.role, _password(args), name=args.name)
        print(f"{args.user} ({args.role}) saved in {path}")
    elif args.action == "list":
        users = load_users(path) if path.exists() else {}
        for entry in users.values():
            print(f"{entry.user:<24} {entry.role:<28} {entry.name}")
        print(f"{len(users)} user(s) in {path}")
    elif not remove_user(path, args.user):
        raise ValueError(f"no user {args.user!r} in {path}")
    else:
        print(f"{args.user} removed from {path}")
    return 0

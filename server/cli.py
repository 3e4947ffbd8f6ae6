"""`loandesk-server`: set up a data dir and its certificate, serve it, enrol and revoke devices,
publish models and rules, list users and switch them off.

Refusals go to standard error as a sentence with exit status 1 (2 for a
mistyped command).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy import Engine, select

from server import auth, migrate, models, rules, tls, users
from server.db import open_engine, people
from server.errors import ServerError, SettingsError
from server.settings import ENV_FILE, ENV_PREFIX, ServerSettings, load

EXIT_REFUSED = 1
_NAME_HELP = (
    "a host name or IP address workstations reach the server by (repeatable); "
    "localhost and 127.0.0.1 are always in"
)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _data(args: argparse.Namespace) -> Path:
    return Path(args.data).expanduser().resolve()


def _open(settings: ServerSettings) -> Engine:
    return migrate.open_checked(settings.url, settings.data_dir)


def cmd_init(args: argparse.Namespace) -> None:
    data = _data(args)
    names = tls.host_names(args.name or [])  # refuse a mistyped name before writing anything
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    env_file = data / ENV_FILE
    if env_file.exists():
        kept = dotenv_values(env_file).get(f"{ENV_PREFIX}DATABASE_URL") or ""
        if args.db is not None and args.db != kept:
            raise ServerError(
                f"{data} is set up already with another database; edit {env_file} "
                "to move it, or init another data dir."
            )
        _say(f"{env_file} exists: its secret is kept.")
    else:
        if args.db is not None:
            open_engine(args.db).dispose()  # refuse an unusable URL before it is written down
        _write_env(env_file, args.db)
    certificate = tls.ensure(data, names)
    settings = load(data)
    engine = open_engine(settings.url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    _say(f"The server's data dir {data} is ready (database schema {migrate.HEAD}).")
    _say_certificate(data, certificate, args.name or [])
    _say(f"Start it with: loandesk-server serve --data {data}")


def _say_certificate(data: Path, certificate: tls.Certificate, asked: list[str]) -> None:
    if certificate.made_ca:
        _say(
            f"Made the branch's private CA ({tls.CA_CERT}, valid until "
            f"{certificate.ca_not_after:%Y-%m-%d}); its key {tls.CA_KEY} stays in {data}."
        )
    names = ", ".join(certificate.names)
    if certificate.made_server:
        _say(
            f"Made the server's certificate ({tls.SERVER_CERT}) for {names}, valid until "
            f"{certificate.not_after:%Y-%m-%d}."
        )
    else:
        _say(f"The server's certificate for {names} is kept.")
        if not set(tls.host_names(asked)) <= set(certificate.names):
            _say(f"To add names to it: loandesk-server tls renew --data {data} --name NAME …")
    _say_fingerprint(certificate.ca_fingerprint)


def _say_fingerprint(fingerprint: str) -> None:
    _say(f"The branch CA's fingerprint (SHA-256): {fingerprint}")


def _write_env(env_file: Path, url: str | None) -> None:
    lines = [f"{ENV_PREFIX}SECRET={secrets.token_urlsafe(48)}"]
    if url is not None:
        if "'" in url or "\n" in url or not url:
            raise ServerError("The database URL cannot be empty or hold quotes or line breaks.")
        lines.append(f"{ENV_PREFIX}DATABASE_URL='{url}'")
    # Created 0600 from the first byte: the secret is never readable by others.
    fd = os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        out.flush()
        os.fsync(out.fileno())


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from server.app import create_app

    overrides: dict[str, object] = {}
    if args.host is not None:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    data = _data(args)
    settings = load(data, plain_http=args.insecure_http, **overrides)
    if not settings.tls and not args.insecure_http:
        raise SettingsError(
            f"The server cannot start: {data} has no certificate ({tls.SERVER_CERT}, "
            f"{tls.SERVER_KEY}). Run `loandesk-server init --data {data}` to make one, or "
            "give --insecure-http to serve plain HTTP on this machine only, for development."
        )
    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        ssl_certfile=settings.tls_cert,
        ssl_keyfile=settings.tls_key,
        log_level="info",
    )


def cmd_enrol_device(args: argparse.Namespace) -> None:
    settings = load(_data(args))
    engine = _open(settings)
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            code = auth.issue_code(conn, settings.secret.get_secret_value(), args.name, now)
    finally:
        engine.dispose()
    expires = now + auth.CODE_LIFETIME
    _say(code)
    _say(f"One-time code for {args.name.strip()!r}, valid until {expires:%Y-%m-%d %H:%M} UTC.")
    ca = tls.ca_fingerprint(settings.data_dir)
    if ca is not None:
        _say_fingerprint(ca)


def cmd_tls_renew(args: argparse.Namespace) -> None:
    data = _data(args)
    certificate = tls.renew(data, args.name or [])
    _say(
        f"Made a new certificate ({tls.SERVER_CERT}) for {', '.join(certificate.names)}, valid "
        f"until {certificate.not_after:%Y-%m-%d}, from the same CA: enrolled workstations "
        "accept it as they are. Restart the server to serve it."
    )
    _say_fingerprint(certificate.ca_fingerprint)


def cmd_users_list(args: argparse.Namespace) -> None:
    engine = _open(load(_data(args)))
    try:
        with engine.connect() as conn:
            found = conn.execute(select(people).order_by(people.c.username)).all()
    finally:
        engine.dispose()
    if not found:
        _say("The branch knows no user yet: they come with each workstation's first sync.")
    for person in found:
        state = "active" if person.active else "switched off"
        signs = f"signs as {person.tier}" if person.tier else ""
        key = "key set" if person.public_key else "no key yet"
        _say(f"{person.username:<20} {person.roles:<28} {state:<13} {key:<11} {signs}".rstrip())


def cmd_users_switch_off(args: argparse.Namespace) -> None:
    engine = _open(load(_data(args)))
    try:
        with engine.begin() as conn:
            changed = users.switch_off(conn, args.username, by=args.by, now=datetime.now(UTC))
    finally:
        engine.dispose()
    if not changed:
        _say(f"{args.username} is switched off already: nothing was recorded.")
        return
    _say(f"{args.username} is switched off for the whole branch, recorded in {args.by}'s name.")
    _say(
        "Each workstation applies it at its next sync (within a minute while it is "
        "online) and signs them out there; one that stays offline learns it when it "
        "comes back. To stop a lost workstation at once, revoke the device too. "
        "Only an administrator at a desk can switch them on again."
    )


def cmd_models_publish(args: argparse.Namespace) -> None:
    data_dir = _data(args)
    published = models.publish(data_dir, Path(args.folder).expanduser())
    names = ", ".join(f["name"] for f in published.files)
    _say(f"Published model set {published.id[:12]}… ({names}).")
    _say("Each workstation takes it at its next sync, after checking its signature.")


def cmd_rules_publish(args: argparse.Namespace) -> None:
    source = Path(args.file).expanduser()
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServerError(f"{source} cannot be read as text: {exc}.") from None
    engine = _open(load(_data(args)))
    try:
        with engine.begin() as conn:
            published = rules.publish(conn, args.kind, text, datetime.now(UTC))
    finally:
        engine.dispose()
    words, verb = rules.WORDS[published.kind]
    _say(f"The branch's {words} {verb} now version {published.version}.")
    if published.kind == "authority":
        _say("Decisions reaching the server from now on are judged by it.")
    _say("Each workstation takes them at its next sync.")


def cmd_rules_show(args: argparse.Namespace) -> None:
    engine = _open(load(_data(args)))
    try:
        with engine.connect() as conn:
            found = {p.kind: p for p in rules.in_force(conn)}
    finally:
        engine.dispose()
    for kind in rules.KINDS:
        now = found.get(kind)
        if now is None:
            _say(f"{kind:<10} the shipped ones (resources/{rules.KINDS[kind]}): none published")
        else:
            when = f"{now.published_at:%Y-%m-%d %H:%M} UTC"
            _say(f"{kind:<10} version {now.version}, published {when} (publication {now.seq})")
    if args.kind is not None:
        now = found.get(args.kind)
        sys.stdout.write((now.body if now else rules.shipped(args.kind)).rstrip() + "\n")


def cmd_devices_list(args: argparse.Namespace) -> None:
    engine = _open(load(_data(args)))
    try:
        with engine.connect() as conn:
            found = auth.list_devices(conn)
    finally:
        engine.dispose()
    if not found:
        _say("No device is enrolled.")
    for device in found:
        state = "active" if device.revoked_at is None else f"revoked {device.revoked_at:%Y-%m-%d}"
        enrolled = f"{device.enrolled_at:%Y-%m-%d %H:%M}"
        _say(f"{device.device_id}  {enrolled}  {state:<18}  {device.name}")


def cmd_devices_revoke(args: argparse.Namespace) -> None:
    engine = _open(load(_data(args)))
    try:
        with engine.begin() as conn:
            auth.revoke(conn, args.device_id, datetime.now(UTC))
    finally:
        engine.dispose()
    _say(f"Device {args.device_id} is revoked: its token is refused from now on.")


def cmd_openapi(_args: argparse.Namespace) -> None:
    from server.app import new_api

    _say(json.dumps(new_api().openapi(), indent=2, ensure_ascii=False))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loandesk-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, helptext: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--data", required=True, help="the server's data dir")
        return sub

    init = command("init", "create the data dir, its secret, CA, certificate and database")
    init.add_argument("--db", help="a SQLAlchemy URL (default: SQLite in the data dir)")
    init.add_argument("--name", action="append", help=_NAME_HELP)
    init.set_defaults(run=cmd_init)
    serve = command("serve", "serve the API over HTTPS with the data dir's certificate")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8470; 0 picks a free one)")
    serve.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP instead (loopback addresses only, for development)",
    )
    serve.set_defaults(run=cmd_serve)
    enrol = command("enrol-device", "print a one-time enrolment code, valid 24 hours")
    enrol.add_argument("--name", required=True, help="the device's name")
    enrol.set_defaults(run=cmd_enrol_device)
    devices = commands.add_parser("devices", help="list or revoke enrolled devices")
    actions = devices.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every enrolled device")
    listing.add_argument("--data", required=True, help="the server's data dir")
    listing.set_defaults(run=cmd_devices_list)
    revoking = actions.add_parser("revoke", help="refuse a device's token from now on")
    revoking.add_argument("--data", required=True, help="the server's data dir")
    revoking.add_argument("device_id")
    revoking.set_defaults(run=cmd_devices_revoke)
    users_parser = commands.add_parser(
        "users", help="the branch's users, as their events made them: list, switch off or on"
    )
    user_actions = users_parser.add_subparsers(dest="action", required=True)
    user_listing = user_actions.add_parser("list", help="every user the branch knows")
    user_listing.add_argument("--data", required=True, help="the server's data dir")
    user_listing.set_defaults(run=cmd_users_list)
    # Only off: switching someone on again is an administrator's act at a desk,
    # signed in; the server's operator may stop a person, never revive one.
    for action, helptext in (("switch-off", "switch a user off at every desk of the branch"),):
        switching = user_actions.add_parser(action, help=helptext)
        switching.add_argument("--data", required=True, help="the server's data dir")
        switching.add_argument("username")
        switching.add_argument(
            "--by",
            required=True,
            help="the branch administrator in whose name it is recorded (not the user)",
        )
        switching.set_defaults(run=cmd_users_switch_off)
    models_parser = commands.add_parser("models", help="the risk models every desk takes")
    model_actions = models_parser.add_subparsers(dest="action", required=True)
    publishing = model_actions.add_parser(
        "publish", help="publish a signed model folder for every workstation"
    )
    publishing.add_argument("--data", required=True, help="the server's data dir")
    publishing.add_argument("folder", help="the folder `python -m models.train --key` wrote")
    publishing.set_defaults(run=cmd_models_publish)
    rules_parser = commands.add_parser(
        "rules", help="the products and authority matrix the branch publishes"
    )
    rule_actions = rules_parser.add_subparsers(dest="action", required=True)
    rule_publishing = rule_actions.add_parser(
        "publish", help="put a products or authority file in force for the whole branch"
    )
    rule_publishing.add_argument("--data", required=True, help="the server's data dir")
    rule_publishing.add_argument("kind", choices=sorted(rules.KINDS))
    rule_publishing.add_argument(
        "file", help="a JSON file shaped as resources/products.json or resources/authority.json"
    )
    rule_publishing.set_defaults(run=cmd_rules_publish)
    rule_showing = rule_actions.add_parser("show", help="which version of each is in force")
    rule_showing.add_argument("--data", required=True, help="the server's data dir")
    rule_showing.add_argument(
        "kind", nargs="?", choices=sorted(rules.KINDS), help="also print the file in force"
    )
    rule_showing.set_defaults(run=cmd_rules_show)
    certificates = commands.add_parser("tls", help="the server's certificate")
    tls_actions = certificates.add_subparsers(dest="action", required=True)
    renewing = tls_actions.add_parser("renew", help="a new server certificate from the same CA")
    renewing.add_argument("--data", required=True, help="the server's data dir")
    renewing.add_argument("--name", action="append", help=_NAME_HELP + " (default: as now)")
    renewing.set_defaults(run=cmd_tls_renew)
    spec = commands.add_parser("openapi", help="print the API's OpenAPI spec")
    spec.set_defaults(run=cmd_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The data dir holds every branch's events and the server's secret: owner only.
    os.umask(0o077)
    try:
        args.run(args)
    except ServerError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m server_stub`` / ``kezek-server``: serve, migrate, demo-data, accounts, audit,
deadlines, and marking a restore from backup."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from domain.errors import DomainError
from server_stub.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(
        getattr(args, "config", None),
        database_url=getattr(args, "db", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        dev_clock=True if getattr(args, "dev_clock", False) else None,
    )


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server_stub.app import create_app
    from server_stub.clock import DevClock
    from server_stub.runtime import Runtime

    settings = _settings(args)
    runtime = Runtime.start(settings, clock=DevClock() if settings.dev_clock else None)
    app = create_app(runtime)
    print(f"Kezek server on http://{settings.host}:{settings.port}  (API docs: /docs)")
    print(f"database: {_safe_url(settings.database_url)}; SMS outbox: {settings.sms_outbox_path}")
    if settings.dev_clock:
        print("dev clock ON: POST /api/v1/dev/clock moves time forward (never in production)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    return 0


def _safe_url(url: str) -> str:
    """The database URL without a password, for the console."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _migrate(args: argparse.Namespace) -> int:
    from server_stub.db import make_engine
    from server_stub.migrate import upgrade

    settings = _settings(args)
    upgrade(make_engine(settings.database_url))
    print(f"schema up to date: {_safe_url(settings.database_url)}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from server_stub.demo import demo_kindergarten_ids, generate
    from server_stub.demo_activity import bring_to_life
    from server_stub.runtime import Runtime

    settings = _settings(args)
    runtime = Runtime.start(settings)
    report = generate(
        runtime.engine,
        kindergartens=args.kindergartens,
        applications=args.applications,
        seed=args.seed,
        now=datetime.now(UTC),
        policy=settings.policy,
    )
    print(report)
    if args.activity:
        with runtime.session_factory() as session:
            kindergartens = demo_kindergarten_ids(session)[: args.activity]
        print(bring_to_life(runtime.session_factory, runtime.ctx("demo"), kindergartens))
    return 0


def _create_account(args: argparse.Namespace) -> int:
    from server_stub.runtime import Runtime
    from server_stub.services.auth import create_account

    runtime = Runtime.start(_settings(args))
    with runtime.session_factory() as session, session.begin():
        account = create_account(
            session,
            now=runtime.clock.now(),
            login=args.login,
            password=args.password,
            role=args.role,
            kindergarten_id=args.kindergarten,
            district_id=args.district,
            full_name=args.name or "",
        )
        print(f"account #{account.id} {account.login} ({account.role}) created")
    return 0


def _verify_audit(args: argparse.Namespace) -> int:
    from server_stub.services.audit import verify_audit_command

    return verify_audit_command(_settings(args).database_url)


def _tick(args: argparse.Namespace) -> int:
    from server_stub.runtime import Runtime

    report = Runtime.start(_settings(args)).run_deadlines()
    print(report.counts or "nothing due")
    return 0


def _restored(args: argparse.Namespace) -> int:
    from server_stub.runtime import Runtime
    from server_stub.services.sync import renew_server_id

    runtime = Runtime.start(_settings(args))
    with runtime.session_factory.begin() as session:
        server_id = renew_server_id(session, runtime.ctx("cli:restored"))
    print(
        f"new server id {server_id}: each desk re-sends its last two weeks' ops and takes "
        "a fresh snapshot at its next sync"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="kezek-server", description=__doc__)
    root.add_argument("--config", help="TOML settings file (also KEZEK_CONFIG)")
    sub = root.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", help="database URL (default: SQLite under ~/.local/share/kezek)")
        return p

    serve = command("serve", "run the server (migrations run first)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--dev-clock", action="store_true", help="allow moving the clock")
    serve.set_defaults(run=_serve)
    command("migrate", "bring the schema up to date").set_defaults(run=_migrate)
    demo = command("demo-data", "fill an empty database with a realistic demo region")
    demo.add_argument("--kindergartens", type=int, default=40)
    demo.add_argument("--applications", type=int, default=4000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--activity",
        type=int,
        default=5,
        help="publish places and make referrals at this many demo kindergartens (0: none)",
    )
    demo.set_defaults(run=_demo)
    account = command("create-account", "create a desk or department account")
    account.add_argument("--login", required=True)
    account.add_argument("--password", required=True)
    account.add_argument("--role", choices=("admin", "head", "staff"), required=True)
    account.add_argument("--kindergarten", type=int)
    account.add_argument("--district", type=int)
    account.add_argument("--name")
    account.set_defaults(run=_create_account)
    command("verify-audit", "check the audit log's hash chain").set_defaults(run=_verify_audit)
    command("tick", "run due deadlines and send pending SMS once").set_defaults(run=_tick)
    command(
        "restored",
        "after restoring the database from a backup: a new server id, so desks re-send "
        "what the backup may lack",
    ).set_defaults(run=_restored)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration is noise
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DomainError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

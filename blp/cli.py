"""``blp``: the platform's command line (migrate, serve, run the embedded stack, clients, keys)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import uuid
from pathlib import Path

from blp.services import DOMAIN_SERVICES, GATEWAY
from blp.services import settings as _settings
from shared.auth import COMPANY_ROLES, Role
from shared.config import data_dir


def migrate(args: argparse.Namespace) -> None:
    from shared.migrations import upgrade

    for service in DOMAIN_SERVICES if args.service == "all" else [args.service]:
        upgrade(service, _settings(service).database_url, args.revision)
        print(f"{service}: migrated to {args.revision}")


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = _settings(args.service)
    if args.migrate and args.service in DOMAIN_SERVICES:
        from shared.migrations import upgrade

        upgrade(args.service, settings.database_url)
    # a service may bring its own HTTP protocol (the gateway does: gateway/protocol.py)
    main = importlib.import_module(f"{args.service}.main")
    uvicorn.run(
        f"{args.service}.main:create_app",
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http=getattr(main, "HTTP_PROTOCOL", "httptools"),
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=10,
    )


def run(_: argparse.Namespace) -> None:
    from blp.stack import run_stack

    sys.exit(run_stack())


def clients_create(args: argparse.Namespace) -> None:
    from gateway.clients import ClientStore

    path = Path(args.file or _settings(GATEWAY).clients_file)
    company = args.company_id
    if company is not None and Role(args.role) not in COMPANY_ROLES:
        raise SystemExit(f"error: a {args.role} client acts for no company; drop --company-id")
    try:
        client, secret = ClientStore(path).create(Role(args.role), company, args.client_id)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    print(
        json.dumps(
            {
                "client_id": client.client_id,
                "client_secret": secret,
                "role": client.role.value,
                "company_id": client.company_id,
            },
            indent=2,
        )
    )


def keys_generate(args: argparse.Namespace) -> None:
    from shared.keys import ensure_keypair, generate_keypair

    if args.print:
        private, public = generate_keypair()
        print("BLP_JWT_PRIVATE_KEY=" + json.dumps(private.strip())[1:-1])
        print("BLP_JWT_PUBLIC_KEY=" + json.dumps(public.strip())[1:-1])
        return
    ensure_keypair(Path(args.dir or data_dir()))
    print(f"keys in {args.dir or data_dir()}")


def asyncapi(args: argparse.Namespace) -> None:
    from shared.events.asyncapi import document

    text = json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text)
    else:
        print(text, end="")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="blp", description=__doc__)
    commands = parser.add_subparsers(required=True, dest="command")

    p = commands.add_parser("migrate", help="apply database migrations")
    p.add_argument("service", choices=[*DOMAIN_SERVICES, "all"])
    p.add_argument("--revision", default="head")
    p.set_defaults(handler=migrate)

    p = commands.add_parser("serve", help="serve one service over HTTP")
    p.add_argument("service", choices=[GATEWAY, *DOMAIN_SERVICES])
    p.add_argument("--migrate", action="store_true", help="apply migrations first")
    p.set_defaults(handler=serve)

    p = commands.add_parser("run", help="the embedded stack: NATS, every service, demo clients")
    p.set_defaults(handler=run)

    clients = commands.add_parser("clients", help="API clients of the gateway")
    client_commands = clients.add_subparsers(required=True, dest="clients_command")
    p = client_commands.add_parser("create", help="register a client and print its secret once")
    p.add_argument("--role", required=True, choices=[role.value for role in Role])
    p.add_argument("--company-id", type=uuid.UUID, help="the company a company user acts for")
    p.add_argument("--client-id")
    p.add_argument("--file", help="clients file (default: BLP_GATEWAY_CLIENTS_FILE)")
    p.set_defaults(handler=clients_create)

    keys = commands.add_parser("keys", help="token signing keys")
    key_commands = keys.add_subparsers(required=True, dest="keys_command")
    p = key_commands.add_parser("generate", help="create the Ed25519 keypair")
    p.add_argument("--print", action="store_true", help="print as .env lines instead")
    p.add_argument("--dir", help="where to keep the PEM files (default: BLP_DATA_DIR)")
    p.set_defaults(handler=keys_generate)

    p = commands.add_parser("asyncapi", help="print the AsyncAPI document of the event catalogue")
    p.add_argument("--output", help="write to this file instead of stdout")
    p.set_defaults(handler=asyncapi)

    args = parser.parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()

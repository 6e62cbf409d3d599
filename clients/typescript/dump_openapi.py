"""Write the gateway's merged OpenAPI document without starting a server.

The gateway serves ``/openapi.json`` by fetching each service's ``/openapi.json`` and merging
them (``gateway.openapi.merge``). Every service builds that document from its routes alone
(``app.openapi()``), so building the apps in-process gives the same document without a
database, a broker or a port: ``make client`` and ``tests/test_typescript_client.py`` stay
fast and work on a clean clone.

The output is deterministic (sorted keys, no timestamps, ``BLP_*`` settings from the
environment ignored) so that a regenerated client differs from the committed one only when
the API did.

    python clients/typescript/dump_openapi.py clients/typescript/openapi.json
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

for name in [n for n in os.environ if n.upper().startswith("BLP_")]:
    del os.environ[name]  # the document must not depend on who runs this

from gateway.config import Settings as GatewaySettings  # noqa: E402
from gateway.main import create_app as create_gateway  # noqa: E402
from gateway.openapi import merge  # noqa: E402

from blp.services import DOMAIN_SERVICES, settings_class  # noqa: E402
from shared.keys import generate_keypair  # noqa: E402


def merged_document() -> dict[str, Any]:
    """The document ``GET /openapi.json`` answers at the gateway with every service up."""
    private, public = generate_keypair()  # the apps refuse to build without keys; never used
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["BLP_DATA_DIR"] = scratch  # nothing is written, but never into ./var
        gateway = create_gateway(
            GatewaySettings(
                jwt_private_key=private,
                jwt_public_key=public,
                clients_file=str(Path(scratch) / "clients.json"),
            )
        )
        specs: dict[str, dict[str, Any] | None] = {}
        for service in DOMAIN_SERVICES:
            settings = settings_class(service)(
                jwt_public_key=public,
                database_url=f"sqlite+aiosqlite:///{scratch}/{service}.db",
            )
            app = importlib.import_module(f"{service}.main").create_app(settings)
            specs[service] = app.openapi()
        return merge(_gateway_api(gateway).openapi(), specs)


def _gateway_api(app: Any) -> Any:
    """The gateway's own FastAPI app, inside its middleware and proxy wrappers."""
    while not hasattr(app, "openapi"):
        app = getattr(app, "api", None) or app.app
    return app


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} OUTPUT.json", file=sys.stderr)
        return 2
    text = json.dumps(merged_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    Path(argv[1]).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The services the platform is made of: the one list the command line and the stack share.

The kernel (``shared/``) knows none of them; each service's ``Settings`` declares its own name
and default port, and this module only names the packages and reads those defaults.
"""

from __future__ import annotations

import importlib
from typing import Any

from shared.config import CommonSettings

# the services with a database and the broker, in the order the stack starts them
DOMAIN_SERVICES: tuple[str, ...] = ("registry", "assessment", "training", "finance")
GATEWAY = "gateway"
SERVICES: tuple[str, ...] = (*DOMAIN_SERVICES, GATEWAY)


def settings_class(service: str) -> type[CommonSettings]:
    """The ``Settings`` class of one service (``<service>.config.Settings``)."""
    settings: type[CommonSettings] = importlib.import_module(f"{service}.config").Settings
    return settings


def settings(service: str) -> Any:
    """One service's settings, read from its ``BLP_<SERVICE>_*`` environment variables."""
    return settings_class(service)()


def default_port(service: str) -> int:
    """The port a service listens on unless ``BLP_<SERVICE>_PORT`` says otherwise."""
    port: int = settings_class(service).model_fields["port"].default
    return port


def default_ports() -> dict[str, int]:
    return {service: default_port(service) for service in SERVICES}

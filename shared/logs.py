"""Logs: JSON in containers and for log shippers, short human lines on a terminal.

JSON is one object per line carrying the current request id and every extra field, which is
what compose and Kubernetes collect. A person running ``make run`` reads a terminal, where the
same record is one short line: time, service, level, message and its key fields.
``BLP_LOG_FORMAT`` (``json``, ``text`` or ``auto``, the default) decides; ``auto`` is text
when stderr is a terminal and JSON otherwise.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

from shared import context

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's ANSI-coloured copy of the message
}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": context.request_id.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


_LEVEL_COLOURS = {"WARNING": "\033[33m", "ERROR": "\033[31m", "CRITICAL": "\033[31;1m"}
_DIM, _RESET = "\033[2m", "\033[0m"


class TextFormatter(logging.Formatter):
    """``10:37:02.123 registry  INFO  message  key=value``, coloured on a terminal."""

    def __init__(self, service: str, *, colour: bool = False) -> None:
        super().__init__()
        self.service = service
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        time = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%S.%f")[:-3]
        level = record.levelname
        fields = [
            f"{key}={value}"
            for key, value in record.__dict__.items()
            if key not in _STANDARD and not key.startswith("_")
        ]
        request_id = context.request_id.get()
        if request_id:
            fields.append(f"request_id={request_id}")
        if self.colour:
            colour = _LEVEL_COLOURS.get(level, "")
            level = f"{colour}{level:<7}{_RESET}" if colour else f"{level:<7}"
            extra = f"  {_DIM}{' '.join(fields)}{_RESET}" if fields else ""
        else:
            level = f"{level:<7}"
            extra = f"  {' '.join(fields)}" if fields else ""
        line = f"{time} {self.service:<10} {level} {record.getMessage()}{extra}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def formatter(service: str, log_format: str | None = None) -> logging.Formatter:
    """The formatter ``BLP_LOG_FORMAT`` (or ``log_format``) asks for; ``auto`` looks at stderr."""
    chosen = (log_format or os.environ.get("BLP_LOG_FORMAT") or "auto").lower()
    if chosen not in {"auto", "json", "text"}:
        raise ValueError(f"BLP_LOG_FORMAT must be json, text or auto, not {chosen!r}")
    terminal = sys.stderr.isatty()
    if chosen == "json" or (chosen == "auto" and not terminal):
        return JsonFormatter(service)
    return TextFormatter(service, colour=terminal)


def configure(service: str, level: str = "INFO", *, access_log: bool = True) -> None:
    """Route every logger, uvicorn's included, through one formatter on stderr; without
    ``access_log``, no line per request (an unhandled error is still logged)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # per-request access lines come from our middleware, with the request id in them
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("blp.access").setLevel(logging.NOTSET if access_log else logging.WARNING)

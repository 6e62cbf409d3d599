"""Log lines: JSON for machines, one short line for a person at a terminal."""

from __future__ import annotations

import json
import logging

import pytest

from shared import context, logs


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("registry.search", logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


class TestFormats:
    def test_json_carries_every_field_and_the_request_id(self) -> None:
        token = context.request_id.set("req-7")
        try:
            line = logs.JsonFormatter("registry").format(_record("slow query", ms=812))
        finally:
            context.request_id.reset(token)
        entry = json.loads(line)
        assert entry["service"] == "registry" and entry["level"] == "warning"
        assert entry["message"] == "slow query" and entry["ms"] == 812
        assert entry["request_id"] == "req-7"

    def test_text_is_one_short_line_with_the_key_fields(self) -> None:
        line = logs.TextFormatter("registry").format(_record("Компания қосылды 🚀", ms=812))
        assert "\n" not in line and "{" not in line
        time, service, level, *_ = line.split()
        assert len(time) == len("10:37:02.123") and service == "registry"
        assert level == "WARNING"
        assert "Компания қосылды 🚀" in line and line.endswith("ms=812")

    @pytest.mark.parametrize(
        "asked, expected", [("json", logs.JsonFormatter), ("text", logs.TextFormatter)]
    )
    def test_blp_log_format_chooses(
        self, asked: str, expected: type, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("BLP_LOG_FORMAT", asked)
        assert type(logs.formatter("registry")) is expected

    def test_auto_is_json_when_stderr_is_not_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("BLP_LOG_FORMAT", raising=False)
        monkeypatch.setattr("sys.stderr.isatty", lambda: False)
        assert type(logs.formatter("registry")) is logs.JsonFormatter
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        assert type(logs.formatter("registry")) is logs.TextFormatter

    def test_an_unknown_format_is_refused_at_start(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("BLP_LOG_FORMAT", "yaml")
        with pytest.raises(ValueError, match="BLP_LOG_FORMAT"):
            logs.formatter("registry")

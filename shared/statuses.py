"""What each status a person reads is called, in English, Russian and Kazakh, and the route
that lists them (``GET /reference/statuses``, through the gateway ``/v1/<service>/...``).

A record's status (or stage, state, decision...) is a code in the API (``nominations_open``)
and never changes with the language; a frontend, a report or an export shows its label. Each
service declares, in its ``statuses.py``, a ``Catalogue`` of one ``Statuses`` per field a
person reads (``declare("nomination", "status", NominationStatus, {...})``), the values taken
from the enum or ``Literal`` itself so a value added there without a label fails
``tests/test_statuses.py`` rather than showing a raw code. ``ServiceSpec(statuses=...)``
serves them (the gateway serves its own at ``/v1/framework/reference/statuses``); a rule's
words name a status with ``STATUSES.text(resource, code)`` and the exports that print one
(the assessment report, the finance workbook, the framework's XLSX) read the same
declaration, so each label has one source.

Labels are written in lower case, as they read inside a sentence or after "Status:" in a
report (Russian ones agree with the resource's gender: a cohort is «закрыта», a course
«утверждён»); a frontend capitalises a badge's first letter itself.

A service keeps them in ``<service>/statuses.py``, apart from ``messages.py``: they are built
from the enums of the service's own schemas, and those schemas import ``messages.py`` for
their validators' words.

A status several services print lives in ``shared/`` beside its type, as skills areas and
regions do: the framework's target approval (``shared.indicators.TARGET_STATUSES``), an
import job's state (``shared.jobs.JOB_STATES``), a cohort's status
(``shared.events.assessment.COHORT_STATUSES``: training names it in a rule) and a company's
(``shared.events.registry.COMPANY_STATUSES``: the assessment names it in a rule); the owning
service lists it among its own.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shared.i18n import ENGLISH, LANGUAGES, AcceptLanguage, Text, Translations, localized, pick

CACHE_CONTROL = "public, max-age=3600"
"""As the registry's ``/reference/{kind}``: the labels change only with a release."""


@dataclass(frozen=True, slots=True)
class Statuses:
    """The values one field of one resource takes, each with its label in every language."""

    resource: str
    """The record the field belongs to, as the API names it (``cohort``, ``commitment_line``)."""
    field: str
    """The field that takes these values (``status``, ``stage``, ``state``, ``vote``...)."""
    values: tuple[str, ...]
    """Every value, in the order the enum declares them (the order of a workflow)."""
    labels: Mapping[str, Translations]

    def label(self, code: str, language: str | None = None) -> str:
        """The label of ``code`` in ``language`` (the request's by default), English where it
        has none; the code itself for a value without a label (a test fails on that)."""
        words = self.labels.get(code)
        return pick(words, language) if words else code

    def text(self, code: str) -> Text:
        """The label of ``code`` in every language, for a sentence that names a status (a
        409 rule's ``params``: «Бюджет в статусе «утверждён»», not «approved»); the code
        itself for a value without a label."""
        return Text(self.labels.get(code) or {ENGLISH: code})

    def missing(self) -> list[tuple[str, str]]:
        """(value, language) pairs without a label, and labels of values the enum lacks."""
        gaps = [
            (code, language)
            for code in self.values
            for language in LANGUAGES
            if not (self.labels.get(code, {}).get(language) or "").strip()
        ]
        return gaps + [(code, "not a value") for code in self.labels if code not in self.values]


def values_of(kind: Any) -> tuple[str, ...]:
    """The values of an ``Enum`` class, a ``Literal[...]`` (nested ones flattened) or an
    iterable of codes."""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return tuple(str(member.value) for member in kind)
    if typing.get_origin(kind) is typing.Literal:
        return tuple(str(value) for value in typing.get_args(kind))
    return tuple(str(value) for value in kind)


def declare(resource: str, field: str, kind: Any, labels: Mapping[str, Translations]) -> Statuses:
    """One field's labels; ``kind`` is the enum or ``Literal`` the field is typed with."""
    return Statuses(resource=resource, field=field, values=values_of(kind), labels=labels)


class Catalogue(tuple[Statuses, ...]):
    """A service's status declarations (its ``statuses.py`` ``STATUSES``): what
    ``/reference/statuses`` serves, in this order, and where its code looks a label up.

    ``STATUSES.text("course", course.status)`` is the one way a rule's words name a status
    (``Conflict(..., params={"status": STATUSES.text(...)})``), ``STATUSES.find("budget")``
    the one way an export reaches a field's labels."""

    __slots__ = ()

    def __new__(cls, *declarations: Statuses) -> Catalogue:
        return super().__new__(cls, declarations)

    def find(self, resource: str, field: str = "status") -> Statuses:
        """The declaration of ``resource``'s ``field``; a ``KeyError`` for one not declared
        (the code's own mistake, never a caller's)."""
        for statuses in self:
            if statuses.resource == resource and statuses.field == field:
                return statuses
        raise KeyError(f"no status labels for {resource}.{field}")

    def text(self, resource: str, code: str, field: str = "status") -> Text:
        """``code``'s label in every language, for a sentence that names it (a 409's
        ``params``: the detail names the status as a person reads it, the body keeps the
        code); the code itself for a value without a label."""
        return self.find(resource, field).text(code)


# --- the route -------------------------------------------------------------------------------

LABEL = Field(description="the name in the language Accept-Language chose (English by default)")


class StatusValueRead(BaseModel):
    """A value with its names in English, Russian and Kazakh (as ``/reference/{kind}``)."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str
    label: str = LABEL


class StatusesRead(BaseModel):
    """The values one field of one resource takes, in workflow order."""

    resource: str = Field(description="the record the field belongs to: cohort, nomination, ...")
    field: str = Field(description="the field that takes these values: status, stage, state...")
    values: list[StatusValueRead]


def payload(catalogue: Sequence[Statuses], language: str) -> list[dict[str, Any]]:
    """The route's answer, as plain data (also what a test compares against)."""
    return [
        {
            "resource": statuses.resource,
            "field": statuses.field,
            "values": [
                {
                    "code": code,
                    "name_en": statuses.label(code, "en"),
                    "name_ru": statuses.label(code, "ru"),
                    "name_kk": statuses.label(code, "kk"),
                    "label": statuses.label(code, language),
                }
                for code in statuses.values
            ],
        }
        for statuses in catalogue
    ]


def router(catalogue: Sequence[Statuses]) -> APIRouter:
    """``GET /reference/statuses`` over a service's declarations (``ServiceSpec.statuses``):
    public, like the other reference lists, and cacheable for an hour."""
    routes = APIRouter(prefix="/reference", tags=["reference"])
    answers = {language: payload(catalogue, language) for language in LANGUAGES}

    @routes.get("/statuses", response_model=list[StatusesRead])
    async def status_labels(response: Response, _: AcceptLanguage = None) -> list[dict[str, Any]]:
        """Every status, stage or state a person reads: each value's code, its names in
        English, Russian and Kazakh, and ``label`` in the one Accept-Language chose."""
        response.headers["Cache-Control"] = CACHE_CONTROL
        return answers[localized(response)]

    return routes

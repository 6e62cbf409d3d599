"""RFC 9457 problem details for every error a service or the gateway returns.

Domain code raises the ``Problem`` subclasses below; the handlers turn them, FastAPI's
validation errors and anything unexpected into ``application/problem+json``. A 500 says
only that something failed and which request it was: never a stack trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import context, i18n
from shared.i18n import Text, Translations

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:blp:problem:"

TITLES = {status: titles[i18n.ENGLISH] for status, titles in i18n.TITLES.items()}
"""The English titles (the OpenAPI document's descriptions); responses pick by language."""
SLUGS = {  # the ``type`` of each status's problem, after TYPE_PREFIX (a Problem may refine it)
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    428: "precondition-required",
    429: "rate-limited",
    500: "internal",
    502: "bad-gateway",
    503: "unavailable",
    504: "gateway-timeout",
}


def problem_body(
    status: int,
    detail: str | Text | None = None,
    *,
    slug: str | None = None,
    title: str | None = None,
    **extra: Any,
) -> tuple[dict[str, Any], str]:
    """The problem's JSON body in the request's language, and its ``Content-Language``
    (English beside it when a detail or field message has no translation)."""
    language = i18n.current.get()
    used = [language]
    if title is None:
        title, _ = Text(i18n.TITLES.get(status, i18n.ERROR_TITLE)).render(language)
    elif language != i18n.ENGLISH:
        used.append(i18n.ENGLISH)  # a title of its own (the gateway's 431) is English
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + (slug or SLUGS.get(status, "error")),
        "title": title,
        "status": status,
    }
    if isinstance(detail, Text):
        detail, used_language = detail.render(language)
        used.append(used_language)
    elif detail and language != i18n.ENGLISH:
        used.append(i18n.ENGLISH)
    if detail:
        body["detail"] = detail
    request_id = context.request_id.get()
    if request_id:
        body["request_id"] = request_id
    body.update({k: v for k, v in extra.items() if v is not None})
    for error in body.get("errors") or ():
        if isinstance(error, dict) and isinstance(error.get("message"), Text):
            error["message"], used_language = error["message"].render(language)
            used.append(used_language)
    return body, i18n.content_language(used)


def problem_response(
    status: int,
    detail: str | Text | None = None,
    *,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> JSONResponse:
    body, content_language = problem_body(status, detail, **kwargs)
    return JSONResponse(
        body,
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={
            **(headers or {}),
            "Content-Language": content_language,
            "Vary": "Accept-Language",
        },
    )


class Problem(Exception):
    """An error with a place in the API contract. Raise a subclass from domain code."""

    status = 400
    slug: str | None = None

    def __init__(
        self,
        detail: str | Text,
        *,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(str(detail))
        self.detail = detail
        self.slug = slug or self.slug
        self.headers = headers
        self.extra = extra


class NotFound(Problem):
    status = 404


class Conflict(Problem):
    """A domain rule was hit (cap reached, duplicate, illegal transition); name the rule.

    ``detail`` is the English; the other languages come from the service's catalogue of
    rules (``<service>/messages.py``), filled in with ``params`` and the problem's own extra
    fields (``seat_limit=...``). ``params`` are for the words only: they are not in the body;
    one may be a ``Text``, filled in in each language (a status's label, ``Statuses.text``),
    where the body keeps the code.
    """

    status = 409

    def __init__(
        self, detail: str, *, rule: str, params: dict[str, Any] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail, slug=f"conflict/{rule}", rule=rule, **extra)
        self.rule = rule
        self.params = params or {}

    def localized(self, rules: Mapping[str, Translations]) -> str | Text:
        """The detail in every language the catalogue has for this rule (English as raised;
        a template whose parameters were not given is left out, so English stands in).

        A parameter that is a ``Text`` is filled in in each language: a status in the body
        stays its code (``current_status="approved"``) while ``params`` give the words its
        label (``params={"current_status": STATUSES.text("budget", code)}``)."""
        templates = rules.get(self.rule)
        if not templates or not isinstance(self.detail, str):
            return self.detail
        values = {**self.extra, **self.params}
        translations = {i18n.ENGLISH: self.detail}
        for language, template in templates.items():
            if language != i18n.ENGLISH and i18n.placeholders(template) <= values.keys():
                translations[language] = i18n.fill(template, values, language)
        return Text(translations)


class PreconditionFailed(Problem):
    status = 412


class PreconditionRequired(Problem):
    status = 428


class Unauthorized(Problem):
    status = 401

    def __init__(self, detail: str | Text | None = None) -> None:
        detail = detail or i18n.message(i18n.KIT["bearer_required"])
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="blp"'})


class Forbidden(Problem):
    status = 403


class InvalidInput(Problem):
    """A 422 raised by domain code, for rules only visible with stored data at hand.

    ``message`` is a catalogue entry (``message(MESSAGES["key"], **params)``), written in the
    caller's language; a plain ``str`` stays English (and the guard in ``tests/test_i18n.py``
    refuses one in a converted package)."""

    status = 422
    slug = "validation"

    def __init__(self, field: str, message: str | Text, *, where: str = "body") -> None:
        super().__init__(
            i18n.message(i18n.KIT["invalid_input"], fields=field),
            errors=[{"field": field, "in": where, "message": message, "code": "invalid"}],
        )


class InvalidValue(ValueError):
    """What a pydantic validator raises for a value it refuses, in every language:
    ``raise InvalidValue(message(MESSAGES["not_an_email"]))``.

    Pydantic takes it for any ``ValueError`` (``code`` stays ``value_error``; its English
    message ``Value error, <the English>`` as before); the problem renderer (``field_message``)
    and an import's row reasons find the ``Text`` on it and write the caller's language."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def field_message(error: Mapping[str, Any]) -> Text:
    """One pydantic error's message in every language: an ``InvalidValue``'s own words, or
    the kit's templates for pydantic's common types (``i18n.VALIDATION``); pydantic's English
    stands in where neither has the language."""
    english = str(error.get("msg", "invalid"))
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, InvalidValue):
        return Text({**raised.text.translations, i18n.ENGLISH: english})
    translations = {i18n.ENGLISH: english}
    for language in i18n.LANGUAGES:
        text, used = i18n.validation_message(error, language)
        if used == language:
            translations[language] = text
    return Text(translations)


def error_field(error: Mapping[str, Any]) -> str:
    """The dotted field a pydantic error names (``products.0.name``; ``row`` for the whole)."""
    return ".".join(map(str, error.get("loc", ()))) or "row"


def error_text(error: Mapping[str, Any]) -> Text:
    """A pydantic error as ``field: message`` in every language (an import row's reason)."""
    return i18n.message(
        i18n.KIT["field_error"], field=error_field(error), message=field_message(error)
    )


class ValueOutOfRange(Problem):
    """A request value the database cannot hold; see ``out_of_range``."""

    status = 422
    slug = "validation/out-of-range"


class UpstreamError(Problem):
    """Another service this request depends on failed or did not answer."""

    status = 502


# SQLSTATEs that mean "the value sent does not fit the column", not "the server failed":
# string_data_right_truncation, numeric_value_out_of_range
_VALUE_DOES_NOT_FIT = frozenset({"22001", "22003"})


def out_of_range(exc: DBAPIError) -> Problem | None:
    """A 422 for a request value the database cannot hold (an integer beyond int4 on
    PostgreSQL), which a route's own bounds should have refused: a safety net, so a missing
    ``le=`` is a 4xx rather than a 500. Any other database error stays a 500."""
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    argument = state == "22000" and "invalid input for query argument" in str(exc.orig)
    if state not in _VALUE_DOES_NOT_FIT and not argument:
        return None
    return ValueOutOfRange(i18n.message(i18n.KIT["out_of_range"]))


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ())]
        where = location[0] if location else "body"
        field = ".".join(location[1:]) or where
        errors.append(
            {
                "field": field,
                "in": where,
                "message": field_message(error),
                "code": error.get("type", "invalid"),
            }
        )
    return errors


def _localized(app: Any, problem: Problem) -> str | Text:
    """A problem's detail; a 409's in the languages of the app's catalogue of rules."""
    if isinstance(problem, Conflict):
        return problem.localized(getattr(app.state, "rules", {}))
    return problem.detail


def install(app: FastAPI, rules: Mapping[str, Translations] | None = None) -> None:
    """Register the problem+json handlers on an app; ``rules``: the details of its 409s in
    the other languages (``<service>/messages.py``), by rule.

    Unexpected exceptions are turned into a bare 500 by ``RequestContextMiddleware``, which
    still knows the request id at that point.
    """
    app.state.rules = rules or {}
    app.add_middleware(StreamGuard)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status,
            _localized(request.app, exc),
            slug=exc.slug,
            headers=exc.headers,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        fields = ", ".join(sorted({e["field"] for e in errors}))
        detail = i18n.message(i18n.KIT["invalid_input"], fields=fields)
        return problem_response(422, detail, errors=errors)

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        problem = out_of_range(exc)
        if problem is None:
            raise exc
        return problem_response(problem.status, problem.detail, slug=problem.slug, **problem.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail: str | Text | None = exc.detail if isinstance(exc.detail, str) else None
        if detail == _phrase(exc.status_code) and exc.status_code in i18n.TITLES:
            detail = Text(
                i18n.TITLES[exc.status_code]
            )  # Starlette's "Not Found": the title's words
        headers = exc.headers
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return problem_response(exc.status_code, detail, headers=headers)


def _phrase(status: int) -> str | None:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


def allowed_methods(request: Request) -> str:
    """Every method of every route on this path, for a 405's ``Allow`` (RFC 9110 §15.5.6).

    Starlette answers from the first route whose path matched, so ``GET /things`` and
    ``POST /things`` declared as two routes would each advertise only their own method.
    """
    scope = request.scope
    path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path) and getattr(route, "methods", None):
            methods |= route.methods
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return ", ".join(sorted(methods, key=lambda m: (order.index(m) if m in order else 99, m)))


class StreamGuard:
    """A streamed response whose body fails before its first chunk gets its problem response.

    A ``StreamingResponse`` sends its status line before it runs the generator, so a
    ``Problem`` raised while computing the first rows (a 403 for a filter the caller may not
    use) would otherwise break a 200 mid-way. Only responses without ``Content-Length`` (the
    streamed ones) have their start held until their first body chunk; the others pass as is.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        sent = False

        async def guarded(message: Message) -> None:
            nonlocal held, sent
            if message["type"] == "http.response.start" and not any(
                name == b"content-length" for name, _ in message.get("headers", ())
            ):
                held = message
                return
            if held is not None:
                start, held = held, None
                await send(start)
            sent = True
            await send(message)

        try:
            await self.app(scope, receive, guarded)
        except Exception as exc:
            problem = None if sent else _problem_in(exc)
            if problem is None:
                raise
            await problem_response(
                problem.status,
                _localized(scope["app"], problem),
                slug=problem.slug,
                headers=problem.headers,
                **problem.extra,
            )(scope, receive, send)


def _problem_in(exc: BaseException | None) -> Problem | None:
    """The ``Problem`` behind an exception: Starlette re-raises one caught after the response
    started as a ``RuntimeError`` caused by it, and a task group wraps it in a group."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, Problem):
            return exc
        if isinstance(exc, DBAPIError):
            return out_of_range(exc)
        if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
            exc = exc.exceptions[0]
        else:
            exc = exc.__cause__ or exc.__context__
        seen += 1
    return None

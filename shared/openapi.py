"""Every service's OpenAPI document, made exact from what its routes declare.

Frontend teams and ministry systems generate clients from this document, so it must say what
the service does, not what FastAPI guesses. ``install(app)`` (done by ``create_app`` for every
service, and by the gateway for its own routes) post-processes FastAPI's document once:

- one ``Problem`` schema (what ``shared.errors`` emits) as ``application/problem+json`` on
  every error status an operation can return, derived from the route itself: 422 when it
  takes parameters or a body, 400 and 413 when it takes a body (unparseable, too large),
  401/403 when it needs or reads a principal, 404 when it has path parameters, 412/428 when
  it takes ``If-Match``, 409/422 when it takes ``Idempotency-Key``, and every error status it
  declares itself (``responses=``, e.g. the 409s of ``shared.api.rules``);
- ``If-Match`` marked required: the dependency is optional in Python only so that its
  absence is a 428 naming the header rather than a bare 422;
- ``security`` per operation: required, optional (the caller may be anonymous) or none;
- decimal strings (money, scores) carry ``DECIMAL_PATTERN``, narrowed by the field's bounds
  (no minus sign for ``ge=0``, ``decimal_places``); dates bounded by whole years
  (``ProgrammeDate``) carry a pattern on the year;
- a body field that may be left out but not sent as null (its ``before`` validator refuses
  ``None``, as ``not_null`` does) is not nullable in the document;
- ``operationId`` is the route function's name (``list_companies``): stable and readable
  (qualified by the path where several routes share a name).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from shared.auth import current_principal, optional_principal
from shared.errors import PROBLEM_JSON, SLUGS, TITLES, TYPE_PREFIX
from shared.money import DECIMAL_PATTERN

PROBLEM = "Problem"
FIELD_ERROR = "ProblemFieldError"
SHARED_SCHEMAS = frozenset({PROBLEM, FIELD_ERROR, "StatusesRead", "StatusValueRead"})
"""Component schemas every service document holds alike (the status labels' of
``/reference/statuses``, ``shared.statuses``); the gateway keeps one copy."""
SECURITY_SCHEME = "clientCredentials"

FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": FIELD_ERROR,
    "description": "One invalid input: where it is and why it was refused.",
    "type": "object",
    "properties": {
        "field": {"type": "string", "description": "dotted path inside `in`", "examples": ["name"]},
        "in": {"type": "string", "examples": ["body", "query", "path", "header"]},
        "message": {"type": "string"},
        "code": {"type": "string", "examples": ["missing", "string_too_long", "invalid"]},
    },
    "required": ["field", "in", "message", "code"],
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": PROBLEM,
    "description": "RFC 9457 problem details, the body of every error response.",
    "type": "object",
    "properties": {
        "type": {
            "type": "string",
            "pattern": f"^{TYPE_PREFIX}",
            "description": "what kind of problem, e.g. `urn:blp:problem:conflict/<rule>`",
        },
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "request_id": {"type": "string", "description": "quote it when reporting a problem"},
        "errors": {
            "type": "array",
            "items": {"$ref": f"#/components/schemas/{FIELD_ERROR}"},
            "description": "on a 422: each invalid input",
        },
        "rule": {"type": "string", "description": "on a 409: the domain rule that was hit"},
        "current_etag": {"type": "string", "description": "on a 412: the resource's ETag now"},
        "error": {
            "type": "string",
            "description": "from `POST /v1/auth/token`: the OAuth 2.0 error code (RFC 6749 §5.2)",
        },
        "error_description": {"type": "string", "description": "with `error`: its text"},
        "checks": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": 'on a 503 from `/readyz`: each dependency and "ok" or why not',
        },
    },
    "required": ["type", "title", "status"],
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    400: "The request could not be read (malformed body).",
    401: "No valid bearer token.",
    403: "The caller's role may not do this.",
    404: "No such resource, or not visible to the caller.",
    409: "A domain rule refused the change; `rule` names it.",
    412: "`If-Match` does not match the resource's current ETag: read it again.",
    413: "The request body exceeds the size limit; `limit_bytes` names it.",
    422: "Invalid input; `errors` names each field.",
    428: "`If-Match` is required: send the ETag you read.",
}


def problem_content(status: int) -> dict[str, Any]:
    """An error response's content: the ``Problem`` schema with an example of that very
    status (one generated from the schema alone would say 400, its minimum, for all)."""
    return {
        PROBLEM_JSON: {
            "schema": {"$ref": f"#/components/schemas/{PROBLEM}"},
            "example": {
                "type": TYPE_PREFIX + SLUGS.get(status, "error"),
                "title": TITLES.get(status, "Error"),
                "status": status,
            },
        }
    }


FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def install(app: FastAPI) -> None:
    """Serve the exact document as ``app.openapi()`` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = exact(app, FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def exact(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas[PROBLEM] = PROBLEM_SCHEMA
    schemas[FIELD_ERROR] = FIELD_ERROR_SCHEMA
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "an access token from the gateway's `POST /v1/auth/token`",
    }
    decimal_fields: dict[str, dict[str, str]] = {}
    refuse_null: dict[str, set[str]] = {}
    operations: list[tuple[Any, str, dict[str, Any]]] = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute) or not context.include_in_schema:
            continue
        route: Any = context  # an APIRoute as included (prefix, tags and dependencies applied)
        for model in _models(route):
            _collect_decimal_fields(model, decimal_fields)
        for model in _input_models(route):
            _collect_null_refusals(model, refuse_null)
        for method in sorted(route.methods or ()):
            operation = document.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is not None:
                operations.append((route, method.lower(), operation))
                _document_route(route, operation)
    _name_operations(operations)
    for operation in _operations(document):
        _require_if_match(operation)
        for status in [s for s in operation.get("responses", {}) if _is_error(s)]:
            response = operation["responses"][status]
            response["content"] = problem_content(int(status))
            if not response.get("description") or response["description"] == "Validation Error":
                response["description"] = ERROR_DESCRIPTIONS.get(
                    int(status), TITLES.get(int(status), "Error")
                )
    _pattern_decimals(schemas, decimal_fields)
    _drop_refused_nulls(schemas, refuse_null)
    text = repr(document["paths"])
    for name in FASTAPI_VALIDATION_SCHEMAS:
        if f"#/components/schemas/{name}'" not in text:
            schemas.pop(name, None)
    return document


def _name_operations(operations: list[tuple[Any, str, dict[str, Any]]]) -> None:
    """``operationId``: the route function's name (``list_companies``), or the route's own
    ``operation_id``. A name that several routes share (``history`` on each resource) is
    qualified by the path's words (``history_cohorts_history``...) and, if need be, the
    method, for all of them alike, so no id depends on the order routes were included."""
    names = [route.operation_id or route.name for route, _, _ in operations]
    seen: dict[str, str] = {}
    for (route, method, operation), name in zip(operations, names, strict=True):
        if route.operation_id is None and names.count(name) > 1:
            words = "_".join(
                w.replace("-", "_") for w in route.path_format.split("/") if w and w[0] != "{"
            )
            name = f"{name}_{words}" if words else name
            same_path = [
                r
                for r, _, _ in operations
                if r.name == route.name and r.path_format == route.path_format
            ]
            if len(same_path) > 1 or len(route.methods or ()) > 1:
                name = f"{name}_{method}"
        if name in seen:
            raise ValueError(
                f"two operations named {name!r} ({seen[name]} and {method} {route.path_format})"
            )
        seen[name] = f"{method} {route.path_format}"
        operation["operationId"] = name


def error_statuses(route: Any) -> set[int]:
    """The error statuses a route can answer with, from its parameters and dependencies."""
    dependants = list(_dependants(route.dependant))
    calls = {d.call for d in dependants}
    path = [p for d in dependants for p in d.path_params]
    others = [p for d in dependants for p in (*d.query_params, *d.header_params, *d.cookie_params)]
    body = [p for d in dependants for p in d.body_params]
    headers = {(p.alias or p.name).lower() for d in dependants for p in d.header_params}
    statuses = {int(s) for s in route.responses if _is_error(s)}
    if path or others or body:
        statuses.add(422)
    if body:
        statuses |= {400, 413}  # unparseable; past max_body_bytes (shared.bodies)
    if calls & {current_principal, optional_principal}:
        statuses |= {401, 403}
    if path:
        statuses.add(404)
    if "if-match" in headers:
        statuses |= {412, 428}
    if "idempotency-key" in headers:
        statuses |= {409, 422}
    return statuses


def _document_route(route: Any, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(error_statuses(route)):
        responses.setdefault(str(status), {})
    calls = {d.call for d in _dependants(route.dependant)}
    if current_principal in calls:
        operation["security"] = [{SECURITY_SCHEME: []}]
    elif optional_principal in calls:
        operation["security"] = [{SECURITY_SCHEME: []}, {}]
    else:
        operation["security"] = []


def _require_if_match(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match":
            parameter["required"] = True
            parameter["schema"] = {
                "type": "string",
                "minLength": 1,
                "description": 'the ETag you read, e.g. `"3"`',
            }


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _dependants(child)


def _operations(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            if method in METHODS and isinstance(operation, dict):
                yield operation


def _is_error(status: int | str) -> bool:
    return str(status)[:1] in ("4", "5")


# --- decimal strings and bounded dates ---------------------------------------------------


def _input_models(route: Any) -> Iterator[type[BaseModel]]:
    for dependant in _dependants(route.dependant):
        for field in dependant.body_params:
            yield from _models_in(field.field_info.annotation)


def _models(route: Any) -> Iterator[type[BaseModel]]:
    fields = [route.response_field, route.body_field]
    for dependant in _dependants(route.dependant):
        fields += dependant.body_params
    for field in fields:
        if field is not None:
            yield from _models_in(field.field_info.annotation)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def _constraints(field: FieldInfo) -> list[Any]:
    """A field's constraints, also those inside an optional alias (``ProgrammeDate | None``)."""
    found = list(field.metadata)

    def walk(annotation: Any) -> None:
        if typing.get_origin(annotation) is typing.Annotated:
            for extra in annotation.__metadata__:
                found.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
        for argument in typing.get_args(annotation):
            walk(argument)

    walk(field.annotation)
    return found


def _holds(annotation: Any, kind: type) -> bool:
    if annotation is kind:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False
    return any(_holds(a, kind) for a in typing.get_args(annotation))


def _collect_decimal_fields(model: type[BaseModel], found: dict[str, dict[str, str]]) -> None:
    """Models (under the names FastAPI gives components) with Decimal fields: each field's
    pattern, narrowed by its own bounds where a pattern can say them (sign, digits)."""
    names = (model.__name__, f"{model.__module__}__{model.__qualname__}".replace(".", "__"))
    if names[0] in found:
        return
    fields: dict[str, str] = {}
    for name in names:
        found[name] = fields
    for field_name, field in model.model_fields.items():
        pattern = None
        if _holds(field.annotation, Decimal):
            pattern = decimal_pattern(_constraints(field))
        elif _holds(field.annotation, date):
            pattern = date_pattern(_constraints(field))
        for alias in {field_name, field.alias, field.serialization_alias}:
            if isinstance(alias, str) and pattern:
                fields[alias] = pattern
        for nested in _models_in(field.annotation):
            _collect_decimal_fields(nested, found)


def decimal_pattern(constraints: Iterable[Any]) -> str:
    """``DECIMAL_PATTERN``, without the minus sign when the lower bound is not negative, with
    at most ``decimal_places`` fraction digits and as many integer digits as the upper bound."""
    lower = upper = places = None
    for constraint in constraints:
        lower = _first(lower, getattr(constraint, "ge", None), getattr(constraint, "gt", None))
        upper = _first(upper, getattr(constraint, "le", None), getattr(constraint, "lt", None))
        places = _first(places, getattr(constraint, "decimal_places", None))
    if lower is None and upper is None and places is None:
        return DECIMAL_PATTERN
    sign = "" if lower is not None and lower >= 0 else "-?"
    digits = "+"
    if upper is not None and upper >= 0 and not sign:
        digits = f"{{1,{len(str(int(upper)))}}}"
    fraction = r"(\.[0-9]+)?"
    if places is not None:
        fraction = rf"(\.[0-9]{{1,{places}}})?" if places else ""
    return f"^{sign}[0-9]{digits}{fraction}$"


def date_pattern(constraints: Iterable[Any]) -> str | None:
    """For a date bounded by whole years (``ProgrammeDate``: 2000-01-01..2100-12-31), a
    pattern on its year, as JSON Schema has no bounds for ``format: date``; else None."""
    lower = upper = None
    for constraint in constraints:
        lower = _first(lower, getattr(constraint, "ge", None))
        upper = _first(upper, getattr(constraint, "le", None))
    if not isinstance(lower, date) or not isinstance(upper, date):
        return None
    if (lower.month, lower.day, upper.month, upper.day) != (1, 1, 12, 31) or lower.year < 1000:
        return None
    parts, year = [], lower.year
    while year <= upper.year:
        if year % 100 == 0 and year + 99 <= upper.year:
            parts.append(f"{year // 100}[0-9][0-9]")
            year += 100
        elif year % 10 == 0 and year + 9 <= upper.year:
            parts.append(f"{year // 10}[0-9]")
            year += 10
        else:
            parts.append(str(year))
            year += 1
    return f"^({'|'.join(parts)})-"


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _pattern_decimals(schemas: dict[str, Any], decimal_fields: dict[str, dict[str, str]]) -> None:
    for name, schema in schemas.items():
        fields = decimal_fields.get(name.removesuffix("-Input").removesuffix("-Output"))
        if not fields:
            continue
        for field_name, field_schema in schema.get("properties", {}).items():
            if field_name in fields:
                dates = not fields[field_name].endswith("$")  # a date's pattern is its year
                for leaf in _string_leaves(field_schema, "date" if dates else None):
                    leaf.setdefault("pattern", fields[field_name])


# --- fields that may be left out but not sent as null --------------------------------------


def _collect_null_refusals(model: type[BaseModel], found: dict[str, set[str]]) -> None:
    """Fields of a request body whose ``before`` validator refuses ``None``.

    A PATCH body types an optional field ``X | None = None`` so that leaving it out keeps the
    stored value; when null itself is refused (``not_null``), the document must not offer it.
    The validators are asked directly: one that raises ``ValueError`` on ``None`` refuses it.
    """
    names = (model.__name__, f"{model.__module__}__{model.__qualname__}".replace(".", "__"))
    if names[0] in found:
        return
    fields: set[str] = set()
    for name in names:
        found[name] = fields
    for decorator in model.__pydantic_decorators__.field_validators.values():
        if decorator.info.mode != "before" or not _refuses_none(decorator.func):
            continue
        targets = model.model_fields if "*" in decorator.info.fields else decorator.info.fields
        for target in targets:
            field = model.model_fields.get(target)
            if field is not None:
                fields.add(field.alias or target)
    for field in model.model_fields.values():
        for nested in _models_in(field.annotation):
            _collect_null_refusals(nested, found)


def _refuses_none(validator: Any) -> bool:
    for arguments in ((None,), (None, None)):
        try:
            validator(*arguments)
        except (ValueError, AssertionError):
            return True
        except Exception:
            continue
        return False
    return False


def _drop_refused_nulls(schemas: dict[str, Any], refuse_null: dict[str, set[str]]) -> None:
    for name, schema in schemas.items():
        if name.endswith("-Output"):
            continue
        fields = refuse_null.get(name.removesuffix("-Input"))
        for field_name in fields or ():
            prop = schema.get("properties", {}).get(field_name)
            if not isinstance(prop, dict) or "anyOf" not in prop:
                continue
            branches = [b for b in prop["anyOf"] if b != {"type": "null"}]
            if prop.get("default", ...) is None:
                del prop["default"]
            if len(branches) == 1:
                del prop["anyOf"]
                prop.update(branches[0])
            else:
                prop["anyOf"] = branches


def _string_leaves(schema: Any, format: str | None = None) -> Iterator[dict[str, Any]]:
    """The ``{"type": "string"}`` nodes of a field's schema of that ``format`` (None: plain
    strings; never refs, enums or constants)."""
    if not isinstance(schema, dict):
        return
    if (
        schema.get("type") == "string"
        and schema.get("format") == format
        and not ({"enum", "const"} & schema.keys())
    ):
        yield schema
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in schema.get(key, []):
            yield from _string_leaves(child, format)
    for key in ("items", "additionalProperties"):
        yield from _string_leaves(schema.get(key), format)

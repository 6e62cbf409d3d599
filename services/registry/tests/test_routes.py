"""The registry's routes do not depend on the order they are declared in."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter
from fastapi.routing import APIRoute
from registry.main import ROUTERS


def clashes(routers: Iterable[APIRouter]) -> list[tuple[str, str, str]]:
    """(method, path, the other route's path pattern that also matches it)."""
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    found = []
    for route in routes:
        if "{" in route.path:
            continue
        for other in routes:
            shared = (route.methods or set()) & (other.methods or set())
            if other is not route and shared and other.path_regex.match(route.path):
                found += [(method, route.path, other.path) for method in sorted(shared)]
    return found


def test_no_route_takes_another_routes_path_so_their_order_does_not_matter() -> None:
    assert clashes(ROUTERS) == []


def test_an_id_typed_in_the_path_no_longer_takes_a_literal_path() -> None:
    def things(id_pattern: str) -> APIRouter:
        router = APIRouter(prefix="/things")
        router.add_api_route(f"/{{{id_pattern}}}", lambda thing_id: None, methods=["GET"])
        router.add_api_route("/export", lambda: None, methods=["GET"])
        return router

    assert clashes([things("thing_id")]) == [("GET", "/things/export", "/things/{thing_id}")]
    assert clashes([things("thing_id:uuid")]) == []

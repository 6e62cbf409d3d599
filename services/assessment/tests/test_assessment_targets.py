"""Targets per cohort and indicator (set by the manager, approved by the ministry, on the
record) and quarterly reports frozen as issued."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from shared.auth import Role
from shared.keys import generate_keypair
from shared.testing.tokens import mint_statement

TARGET = {
    "baseline": "0",
    "target": "20",
    "milestones": [{"due_on": "2027-06-30", "value": "10"}, {"due_on": "2027-03-31", "value": "5"}],
}


class TestTargets:
    async def test_set_by_the_manager_approved_by_the_ministry_reset_by_a_change(
        self, service: Any
    ) -> None:
        cohort = await service.cohort()
        path = f"/cohorts/{cohort['id']}/targets/companies_assessed"
        response = await service.http.put(path, json=TARGET, headers=service.pm)
        assert response.status_code == 201, response.text
        assert response.headers["location"] == path and response.headers["etag"] == '"1"'
        target = response.json()
        assert target["status"] == "proposed"
        assert [m["due_on"] for m in target["milestones"]] == ["2027-03-31", "2027-06-30"]
        assert target["on_track_percent"] == "90" and target["at_risk_percent"] == "70"

        ministry = service.as_(Role.MINISTRY, subject="ministry-1")
        await service.send("PUT", f"{path}/approval", {}, target, headers=service.pm, expect=403)
        approved = await service.send("PUT", f"{path}/approval", {}, target, headers=ministry)
        assert approved["status"] == "approved" and approved["approved_by"] == "ministry-1"

        stale = await service.http.put(path, json=TARGET, headers={**service.pm, "If-Match": '"1"'})
        assert stale.status_code == 412
        changed = await service.send("PUT", path, {**TARGET, "target": "25"}, approved)
        assert changed["status"] == "proposed" and changed["approved_by"] is None
        assert changed["target"] == "25"

        listed = await service.get(f"/cohorts/{cohort['id']}/targets", ministry)
        assert [(t["indicator"], t["target"], t["baseline"]) for t in listed["items"]] == [
            ("companies_assessed", "25", "0")
        ]
        history = await service.get(f"{path}/history")
        assert [e["action"] for e in history["items"]] == ["set", "approved", "set"]

    async def test_bad_targets_are_422s_naming_the_field(self, service: Any) -> None:
        cohort = await service.cohort()
        base = f"/cohorts/{cohort['id']}/targets"
        unknown = await service.http.put(f"{base}/happiness", json=TARGET, headers=service.pm)
        assert unknown.status_code == 422
        for body in (
            {**TARGET, "target": "-1"},
            {**TARGET, "target": 20.5},
            {**TARGET, "baseline": "1.00001"},
            {**TARGET, "at_risk_percent": "95"},
            {**TARGET, "milestones": [{"due_on": "2027-01-01", "value": "1", "extra": 1}]},
        ):
            response = await service.http.put(
                f"{base}/plans_approved", json=body, headers=service.pm
            )
            assert response.status_code == 422, (body, response.text)
        missing = await service.http.put(
            f"/cohorts/{uuid.uuid4()}/targets/plans_approved", json=TARGET, headers=service.pm
        )
        assert missing.status_code == 404


class TestSnapshots:
    async def test_a_period_is_issued_once_and_read_back_exactly(self, service: Any) -> None:
        cohort = await service.cohort()
        claims = report(cohort["id"], service.manager_subject)
        path = f"/cohorts/{cohort['id']}/snapshots"
        issued = await service.create(path, signed(service, claims))
        assert issued["issued_by"] == service.manager_subject
        again = await service.http.post(
            path, json=signed(service, {**claims, "framework": {}}), headers=service.pm
        )
        service.problem(again, 409, "snapshot_issued")
        read = await service.get(f"{path}/{issued['id']}", service.as_(Role.MINISTRY))
        assert read["framework"] == claims["framework"]
        assert read["as_of"] == "2027-03-31T23:59:59Z"
        assert [s["period"] for s in (await service.get(path))["items"]] == ["2027-Q1"]

    async def test_only_figures_the_gateway_composed_and_signed_are_frozen(
        self, service: Any
    ) -> None:
        """A programme manager calling the service directly cannot store figures of their
        own: typed, altered, expired, another's or another cohort's, it is a 422 naming
        ``statement`` and nothing is stored."""
        cohort = await service.cohort()
        path = f"/cohorts/{cohort['id']}/snapshots"
        claims = report(cohort["id"], service.manager_subject)
        genuine = mint_statement(service.private_key, claims)
        header, _, signature = genuine.split(".")
        forged_payload = (
            base64.urlsafe_b64encode(
                json.dumps({**claims, "framework": {"indicators": []}}).encode()
            )
            .rstrip(b"=")
            .decode()
        )
        other_key = generate_keypair()[0]
        for body in (
            {  # the old body: figures typed by the caller
                "period": "2027-Q1",
                "as_of": "2027-03-31T23:59:59Z",
                "framework": claims["framework"],
            },
            {"statement": f"{header}.{forged_payload}.{signature}"},  # altered figures
            {"statement": mint_statement(other_key, claims)},  # signed by someone else
            {"statement": service.pm["Authorization"].removeprefix("Bearer ")},  # a token
            {"statement": mint_statement(service.private_key, claims, ttl_seconds=-120)},
            {"statement": mint_statement(service.private_key, {**claims, "sub": "pm-2"})},
            {
                "statement": mint_statement(
                    service.private_key, {**claims, "cohort_id": str(uuid.uuid4())}
                )
            },
            {"statement": mint_statement(service.private_key, {**claims, "period": "Q1"})},
            {"statement": "Отчёт 🚀"},
        ):
            refused = await service.http.post(path, json=body, headers=service.pm)
            assert refused.status_code == 422, (body, refused.text)
            assert {e["field"] for e in refused.json()["errors"]} <= {
                "statement",
                "period",
                "as_of",
                "framework",
            }
            assert "statement" in {e["field"] for e in refused.json()["errors"]}, refused.text
        assert (await service.get(path))["items"] == []
        # the genuine one, untouched, still freezes the report
        assert (await service.create(path, {"statement": genuine}))["framework"] == claims[
            "framework"
        ]


def report(cohort_id: str, subject: str) -> dict[str, Any]:
    """The claims the gateway signs for a quarterly report of ``cohort_id``."""
    return {
        "sub": subject,
        "cohort_id": cohort_id,
        "period": "2027-Q1",
        "as_of": "2027-03-31T23:59:59Z",
        "framework": {
            "cohort_id": cohort_id,
            "indicators": [{"code": "companies_assessed", "value": "4"}],
        },
    }


def signed(service: Any, claims: dict[str, Any]) -> dict[str, str]:
    """The body the gateway posts: the report signed with its key."""
    return {"statement": mint_statement(service.private_key, claims)}

"""Targets per cohort and indicator (set by the manager, approved by the ministry, on the
record) and quarterly reports frozen as issued."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Role

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
        body = {
            "period": "2027-Q1",
            "as_of": "2027-03-31T23:59:59Z",
            "framework": {"indicators": [{"code": "companies_assessed", "value": "4"}]},
        }
        path = f"/cohorts/{cohort['id']}/snapshots"
        issued = await service.create(path, body)
        again = await service.http.post(path, json={**body, "framework": {}}, headers=service.pm)
        service.problem(again, 409, "snapshot_issued")
        read = await service.get(f"{path}/{issued['id']}", service.as_(Role.MINISTRY))
        assert read["framework"] == body["framework"]
        assert read["as_of"] == "2027-03-31T23:59:59Z"
        assert [s["period"] for s in (await service.get(path))["items"]] == ["2027-Q1"]
        for wrong in ({"period": "Q1"}, {"as_of": "2027-03-31T23:59:59"}):
            bad = await service.http.post(path, json={**body, **wrong}, headers=service.pm)
            assert bad.status_code == 422, bad.text
            assert bad.json()["errors"][0]["field"] == next(iter(wrong))

"""Exchange rates: dated per pair with source, type and quoting unit (the National Bank
quotes some currencies per 10 or 100), entered or imported from CSV all or nothing; a
conversion is exact and half-even, and a missing rate names the pair and date."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Role
from shared.testing import jobs


def rate(base: str, quote: str, on: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"base": base, "quote": quote, "on": on, "rate": value, **extra}


async def conversion(service: Any, query: str, expect: int = 200) -> Any:
    response = await service.http.get(f"/exchange-rates/conversion?{query}", headers=service.pm)
    assert response.status_code == expect, response.text
    return response.json()


class TestRates:
    async def test_a_rate_quoted_per_100_units_converts_exactly(self, service: Any) -> None:
        jpy = await service.post(
            "/exchange-rates", rate("JPY", "KZT", "2027-03-01", "326.94", unit=100)
        )
        assert (jpy["per_unit"], jpy["source"], jpy["rate_type"]) == ("3.2694", "nbk", "official")
        usd = await service.post("/exchange-rates", rate("USD", "KZT", "2027-03-01", "478.53"))

        converted = await conversion(service, "amount=1000&currency=JPY&to=KZT&on=2027-03-01")
        assert converted["converted"] == {"amount": "3269.40", "currency": "KZT"}
        assert converted["rate"]["id"] == jpy["id"]
        # the reverse pair, inverted: 1,000,000.00 / 478.53 = 2089.7331... -> 2089.73
        back = await conversion(service, "amount=1000000&currency=KZT&to=USD&on=2027-03-01")
        assert back["converted"] == {"amount": "2089.73", "currency": "USD"}
        assert back["rate"]["id"] == usd["id"]
        # a half tiyn goes to the even neighbour: 0.50 USD = 239.265 KZT -> 239.26
        half = await conversion(service, "amount=0.50&currency=USD&to=KZT&on=2027-03-01")
        assert half["converted"]["amount"] == "239.26"
        # the week-end: Friday's rate holds
        weekend = await conversion(service, "amount=1&currency=USD&to=KZT&on=2027-03-06")
        assert weekend["converted"]["amount"] == "478.53"

    async def test_a_missing_rate_is_an_error_naming_the_pair_and_date(self, service: Any) -> None:
        await service.post("/exchange-rates", rate("USD", "KZT", "2027-03-01", "478.53"))
        for query in (
            "amount=1&currency=EUR&to=KZT&on=2027-03-01",
            "amount=1&currency=USD&to=KZT&on=2027-03-08",  # a week on: stale
            "amount=1&currency=USD&to=KZT&on=2027-02-28",  # before any rate
        ):
            body = service.problem(
                await service.http.get(f"/exchange-rates/conversion?{query}", headers=service.pm),
                404,
            )
            assert f"currency={body['base']}&to={body['quote']}&on={body['on']}" in query, body
        same = await conversion(service, "amount=5&currency=KZT&to=KZT&on=2000-01-01")
        assert (same["converted"]["amount"], same["rate"]) == ("5", None)
        body = service.problem(
            await service.http.get(
                "/exchange-rates/conversion?amount=1.001&currency=USD&to=KZT&on=2027-03-01",
                headers=service.pm,
            ),
            422,
        )
        assert service.fields(body) == {"amount"}
        await service.post("/exchange-rates", rate("USD", "KRW", "2027-03-01", "999999999999"))
        for query, field in (
            ("amount=999999999999999&currency=USD&to=KRW&on=2027-03-01", "amount"),
            ("amount=1&currency=USD&to=KZT&on=0001-01-03", "on"),
            ("amount=NaN&currency=USD&to=KZT&on=2027-03-01", "amount"),
        ):
            response = await service.http.get(
                f"/exchange-rates/conversion?{query}", headers=service.pm
            )
            assert service.fields(service.problem(response, 422)) == {field}, query

    async def test_a_rate_is_never_overwritten_and_bad_rates_are_a_422(self, service: Any) -> None:
        body = rate("USD", "KZT", "2027-03-01", "478.53")
        await service.post("/exchange-rates", body)
        response = await service.http.post("/exchange-rates", json=body, headers=service.pm)
        service.problem(response, 409, "rate_exists")
        await service.post("/exchange-rates", {**body, "rate_type": "budget", "rate": "500"})
        cases = [
            ({**body, "rate": 478.53}, "rate"),
            ({**body, "rate": "0"}, "rate"),
            ({**body, "rate": "1.1234567"}, "rate"),
            ({**body, "quote": "USD"}, "quote"),
            ({**body, "base": "XXX"}, "base"),
            ({**body, "unit": 7}, "unit"),
            ({**body, "source": "N B K"}, "source"),
        ]
        for payload, field in cases:
            response = await service.http.post("/exchange-rates", json=payload, headers=service.pm)
            assert service.fields(service.problem(response, 422)) == {field}, payload
        refused = await service.http.post("/exchange-rates", json=body, headers=service.ministry)
        service.problem(refused, 403)
        company = service.as_(Role.LOCAL_COMPANY, uuid.uuid4())
        service.problem(await service.http.get("/exchange-rates", headers=company), 403)


PATH = "/exchange-rates/imports"
ONE = b"on,base,quote,rate\n2027-03-09,EUR,KZT,512.40\n"


class TestImport:
    async def test_a_csv_file_is_imported_all_or_nothing(self, service: Any) -> None:
        good = (
            "\ufeffon,base,quote,rate,unit,source,rate_type\n"
            "2027-03-01,USD,KZT,478.53,1,nbk,official\n"
            "2027-03-01,RUB,KZT,5.21,1,,\n"
            "2027-03-01,KRW,KZT,35.12,100,nbk,official\n"
        )
        job = await service.import_file(PATH, good.encode())
        assert (job["total"], job["done"], job["rejected"]) == (3, 3, 0)
        assert job["report"] == {"imported": 3, "unchanged": 0}
        listed = await service.get("/exchange-rates?quote=KZT")
        assert {(r["base"], r["per_unit"]) for r in listed["items"]} == {
            ("USD", "478.53"),
            ("RUB", "5.21"),
            ("KRW", "0.3512"),
        }
        again = await service.import_file(PATH, good.encode())
        assert again["report"] == {"imported": 0, "unchanged": 3}

        bad = (
            "on,base,quote,rate\n"
            "2027-03-02,USD,KZT,479\n"
            "2027-03-02,EUR,KZT,abc\n"
            "2027-02-30,GBP,KZT,600\n"
            "2027-03-02,ТЕҢ,KZT,1\n"  # Cyrillic: not an ISO 4217 code
        )
        failed = await service.import_file(PATH, bad.encode(), expect="failed")
        assert failed["failure"]["status"] == 422
        assert service.fields(failed["failure"]) == {"line 3.rate", "line 4.on", "line 5.base"}
        other = "on,base,quote,rate\n2027-03-02,USD,KZT,479\n2027-03-01,USD,KZT,478.60\n"
        failed = await service.import_file(PATH, other.encode(), expect="failed")
        assert failed["failure"]["status"] == 409 and failed["failure"]["rule"] == "rate_exists"
        assert "line 3" in failed["failure"]["detail"]
        missing = await service.http.post(
            PATH, content=b"date,base\n", headers={**service.pm, "content-type": "text/csv"}
        )
        assert service.fields(service.problem(missing, 422)) == {"header"}
        assert len((await service.get("/exchange-rates"))["items"]) == 3

    async def test_one_byte_over_the_limit_is_a_413_naming_it(self, service: Any) -> None:
        await jobs.check_size_limit(service, PATH, b"on,base,quote,rate\n", 1024 * 1024)
        # a CSV import sent as JSON is not read whole by shared.bodies first
        await jobs.check_not_read_past_the_limit(
            service, PATH, b"on,base,quote,rate\n", 1024 * 1024, "application/json"
        )

    async def test_the_same_key_and_file_answer_the_first_job_another_file_422(
        self, service: Any
    ) -> None:
        await jobs.check_idempotency_key(service, PATH, ONE, ONE.replace(b"512", b"513"))

    async def test_only_its_caller_the_manager_and_the_ministry_read_it(self, service: Any) -> None:
        await jobs.check_only_its_caller_reads_it(service, PATH, ONE)

    async def test_a_job_whose_process_stopped_beating_reads_failed(self, service: Any) -> None:
        await jobs.check_a_stale_job_reads_failed(service, "/exchange-rates", "exchange_rates")

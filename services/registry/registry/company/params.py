"""The search's query parameters, shared by the list and the CSV export.

Codes are checked against the reference data here, at the edge: an unknown region or
capability is a 422 naming the parameter and the reference endpoint that lists the allowed
codes, not an empty page a client cannot tell from "no such companies".
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from registry import codes
from registry.codes import CapabilityCode, CityCode, ProductCategoryCode, RegionCode, SegmentCode
from registry.company import search
from registry.company.schemas import MAX_EMPLOYEES, Status


class SearchParams(BaseModel):
    """The search filters, shared by the list and the CSV export.

    One model, not twenty parameters: FastAPI validates a query model in one call instead
    of one per parameter (measured: 0.17 against 0.45 ms a request)."""

    q: str | None = Field(None, max_length=200, description="words in any script")
    kind: Literal["local", "international"] | None = None
    segment: list[SegmentCode] = Field(
        [], description="any of these segments (/reference/segments)"
    )
    region: RegionCode | None = Field(None, description="a region code (/reference/regions)")
    city: CityCode | None = Field(None, description="a city code (/reference/cities)")
    capability: list[CapabilityCode] = Field(
        [], description="all of these capabilities (/reference/capabilities)"
    )
    product_category: ProductCategoryCode | None = Field(
        None, description="a product category code (/reference/product-categories)"
    )
    certification_vendor: str | None = Field(None, max_length=200)
    certification_name: str | None = Field(None, max_length=300)
    verified_only: bool = Field(
        False,
        description="only companies with a programme-verified certification (of that "
        "vendor or name, if given)",
    )
    employees_min: int | None = Field(None, ge=0, le=MAX_EMPLOYEES)
    employees_max: int | None = Field(None, ge=0, le=MAX_EMPLOYEES)
    min_years_in_business: int | None = Field(None, ge=0, le=200)
    status: Status | None = None
    in_scope: bool | None = None
    stale: bool | None = Field(
        None, description="published and not re-verified for 12 months (drafts never are)"
    )
    cohort_id: uuid.UUID | None = None
    bin: str | None = Field(None, pattern=r"^\d{12}$")
    sort: search.Sort | None = None

    _segments = codes.checked("segments", "segment")
    _capabilities = codes.checked("capabilities", "capability")
    _region = codes.checked("regions", "region")
    _city = codes.checked("cities", "city")
    _product_category = codes.checked("product-categories", "product_category")


async def search_query(params: Annotated[SearchParams, Query()]) -> search.SearchQuery:
    """The filters as the search service takes them (async: FastAPI runs a plain function
    dependency on a worker thread, a thread hop per search for nothing)."""
    return search.SearchQuery(**dict(params))


SearchQueryDep = Annotated[search.SearchQuery, Depends(search_query)]

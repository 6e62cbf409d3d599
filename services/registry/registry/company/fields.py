"""The fields of a company profile, written once.

The API schemas, the write path, the presenter, the CSV format and the demo generator all
read their field lists from here, so a new field is added in one place (and in the model,
the schemas and a migration, which each say something these lists cannot: types and rules).
Pure data: the demo generator and the CSV format import it without the database layer.
"""

from __future__ import annotations

IDENTITY = ("kind", "bin", "foreign_registration_number", "country")
"""Who the company is: set when it is registered, never changed by an update."""

SCALAR_FIELDS = (
    "display_name",
    "name_kk",
    "name_ru",
    "name_en",
    "oked_codes",
    "region",
    "city",
    "address",
    "website",
    "description",
    "employees",
    "founded_on",
    "private_sector_share",
    "tags",
)
"""Columns of the company row that an update may change (``oked_codes`` and ``tags`` are
JSON lists in that row)."""

CODE_LISTS = ("segments", "capabilities")
"""Lists of reference codes, one child row per code, kept in code order."""

CHILD_LISTS = ("products", "certifications", "contacts")
"""Lists of records, one child row each, kept in the order the client sent them."""

LIST_FIELDS = (*CODE_LISTS, *CHILD_LISTS)

PRODUCT_FIELDS = ("name", "category", "description")
CERTIFICATION_FIELDS = ("kind", "vendor", "name", "level", "staff_count", "expires_on")
CONTACT_FIELDS = ("name", "position", "email", "phone", "public")
"""The columns of a product, certification and contact as a profile shows them, in the order
the read model's JSON arrays hold them (``queries.details_of``)."""

CREATE_FIELDS = (
    "kind",
    "bin",
    "foreign_registration_number",
    "country",
    "display_name",
    "name_kk",
    "name_ru",
    "name_en",
    "segments",
    "oked_codes",
    "region",
    "city",
    "address",
    "website",
    "description",
    "employees",
    "founded_on",
    "private_sector_share",
    "capabilities",
    "tags",
    "products",
    "certifications",
    "contacts",
    "status",
)
"""A full create payload's keys, in the order the demo generator writes them."""

IMPORTED_SCALARS = (*SCALAR_FIELDS, "foreign_registration_number", "status")
"""What an import may change on an existing company (identity and kind stay)."""

PROFILE_COLUMNS = (
    "id",
    "version",
    "kind",
    "bin",
    "foreign_registration_number",
    "country",
    "display_name",
    "name_kk",
    "name_ru",
    "name_en",
    "in_scope",
    "oked_codes",
    "region",
    "city",
    "address",
    "website",
    "description",
    "employees",
    "founded_on",
    "tags",
    "status",
    "publication",
    "published_at",
    "last_verified_at",
    "created_at",
    "updated_at",
)
"""The company row's columns every viewer of a profile sees as stored."""

CONFIDENTIAL_COLUMNS = ("private_sector_share",)
"""Columns only programme staff and the company's own users see."""

assert set(CREATE_FIELDS) == {*IDENTITY, *SCALAR_FIELDS, *LIST_FIELDS, "status"}

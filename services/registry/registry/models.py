"""The registry service's tables. Only this service reads or writes them."""

from shared.db import make_base

Base = make_base(import_jobs=True)
metadata = Base.metadata
# search structures the migrations create per engine (FTS5 table, tsvector columns and their
# indexes, the covering index of the relevance walk)
metadata.info["unmanaged"] = {
    "company_fts*",
    "document_tsv",
    "names_tsv",
    "codes_tsv",
    "ix_company_search_document_tsv",
    "ix_company_search_names_tsv",
    "ix_company_search_walk",
}

# every table module, so ``metadata`` is complete for Alembic and the drift check
from registry.company import models as _company  # noqa: E402, F401
from registry.linkage import models as _linkage  # noqa: E402, F401
from registry.needs import models as _needs  # noqa: E402, F401
from registry.participation import models as _participation  # noqa: E402, F401

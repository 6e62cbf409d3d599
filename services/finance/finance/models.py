"""The finance service's tables. Only this service reads or writes them."""

from shared.db import make_base

Base = make_base(import_jobs=True)
metadata = Base.metadata

# Every aggregate's tables, imported once Base exists, so that metadata is complete for
# Alembic and the migration-drift test whichever module is imported first.
import finance.actuals.models  # noqa: E402
import finance.budgets.models  # noqa: E402
import finance.commitments.models  # noqa: E402
import finance.exchange_rates.models  # noqa: E402
import finance.reports.models  # noqa: E402
import finance.rules.models  # noqa: E402, F401

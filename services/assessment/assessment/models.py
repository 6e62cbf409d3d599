"""The assessment service's tables. Only this service reads or writes them."""

from shared.db import make_base

Base = make_base()
metadata = Base.metadata

# Every aggregate's tables, imported once Base exists, so that metadata is complete for
# Alembic and the migration-drift test whichever module is imported first.
import assessment.assessments.models  # noqa: E402
import assessment.cohort.models  # noqa: E402
import assessment.company_facts.models  # noqa: E402
import assessment.methodology.models  # noqa: E402
import assessment.nomination.models  # noqa: E402
import assessment.targets.models  # noqa: E402, F401

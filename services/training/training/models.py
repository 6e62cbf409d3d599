"""The training service's tables. Only this service reads or writes them."""

from shared.db import make_base

Base = make_base(import_jobs=True)
metadata = Base.metadata

# Every aggregate's tables, imported once Base exists, so that metadata is complete for
# Alembic and the migration-drift test whichever module is imported first.
import training.certifications.models  # noqa: E402
import training.cohorts.models  # noqa: E402
import training.companies.models  # noqa: E402
import training.courses.models  # noqa: E402
import training.enrolments.models  # noqa: E402
import training.internships.models  # noqa: E402
import training.needs.models  # noqa: E402
import training.programme_events.models  # noqa: E402
import training.sessions.models  # noqa: E402
import training.trainees.models  # noqa: E402, F401

"""Events the training service publishes (``blp.training.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
The certification events are the registry's contract: it turns them into programme-verified
certifications on the company's profile.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from shared.events.base import Event


class CertificationVerified(Event):
    """Programme staff verified a trainee's proof of an international certification."""

    event_type = "blp.training.certification.verified"
    subject_field = "certification_id"

    certification_id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    skills_area: str
    vendor: str
    certification: str
    level: str | None = None
    expires_on: date | None = None
    verified_at: datetime | None = None


class CertificationRevoked(Event):
    """A verified certification was withdrawn (forged evidence, revoked by the vendor...)."""

    event_type = "blp.training.certification.revoked"
    subject_field = "certification_id"

    certification_id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    skills_area: str
    vendor: str
    certification: str
    expires_on: date | None = None
    reason: str | None = None

"""Which events from other services the registry applies, and how."""

from registry.programme import handlers as programme
from shared.events.assessment import AssessmentCompleted, CompanySelected
from shared.events.training import CertificationRevoked, CertificationVerified
from shared.messaging.consumer import HandlerMap

EVENT_HANDLERS: HandlerMap = {
    CertificationVerified: [programme.certification_verified],
    CertificationRevoked: [programme.certification_revoked],
    CompanySelected: [programme.company_selected],
    AssessmentCompleted: [programme.assessment_completed],
}

"""Which events from other services the registry applies, and how."""

from registry.participation import handlers as participation
from shared.events.assessment import AssessmentCompleted, CompanySelected
from shared.events.training import CertificationRevoked, CertificationVerified
from shared.messaging.consumer import HandlerMap

EVENT_HANDLERS: HandlerMap = {
    CertificationVerified: [participation.certification_verified],
    CertificationRevoked: [participation.certification_revoked],
    CompanySelected: [participation.company_selected],
    AssessmentCompleted: [participation.assessment_completed],
}

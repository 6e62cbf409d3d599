"""BLP assessment service.

Cohorts, nominations, eligibility, selection board decisions, EFQM and technical
assessments, development plans.
"""

"""Commitments: money the programme and its partners are bound to, made by other services'
events (an enrolment, an internship, a programme event, an assessment visit)."""

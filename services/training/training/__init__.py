"""BLP training service.

Skills areas, course catalogue, trainees, enrolments, certification evidence and
verification, internships, programme events.
"""

"""Trainees: local companies' staff. Their names and emails never leave this service."""

"""Linkages (``/linkages``): what came of a match between a local and an international
company, and the outcome figures (``/outcomes``) they add up to."""

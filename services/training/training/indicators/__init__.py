"""The training service's indicators of the results framework (shared.indicators)."""

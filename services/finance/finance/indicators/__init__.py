"""The finance service's indicators of the results framework (shared.indicators)."""

"""The assessment service's indicators of the results framework (shared.indicators)."""

"""Budgets per programme year (and cohort): cost lines in the seven modules, low and high,
revised as new versions that the ministry approves."""

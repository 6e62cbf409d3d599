"""Per cohort and indicator: the baseline, target and milestones of the results framework."""

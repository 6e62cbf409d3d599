"""Which company is in which cohort: a read model of the assessment's selection decisions."""

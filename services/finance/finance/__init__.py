"""BLP finance service.

Budgets per cohort and module, co-financing rules, commitments, payments and exchange rates.
"""

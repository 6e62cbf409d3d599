"""Events the finance service publishes (``blp.finance.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
"""

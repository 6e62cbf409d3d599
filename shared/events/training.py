"""Events the training service publishes (``blp.training.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
"""

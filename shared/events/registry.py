"""Events the registry service publishes (``blp.registry.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
"""

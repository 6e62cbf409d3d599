"""Events the assessment service publishes (``blp.assessment.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
"""

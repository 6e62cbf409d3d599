"""BLP gateway: routes /v1/<service>/..., issues tokens, rate-limits, serves the merged API docs."""

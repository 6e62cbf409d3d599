"""Reports: budget execution per module (budgeted against committed, by party) and a local
company's statement of its commitments."""

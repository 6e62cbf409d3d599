"""Partner needs (``/needs``): what an international company looks for in a local partner,
and the shortlist of local companies that fit it."""

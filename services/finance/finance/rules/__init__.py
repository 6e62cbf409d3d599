"""Co-financing rules as data: who pays which share of a cost, in which order."""

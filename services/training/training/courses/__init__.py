"""The course catalogue: courses per skills area, proposed by anyone, approved by the PM."""

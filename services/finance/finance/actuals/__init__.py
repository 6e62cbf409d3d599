"""Actuals: invoices, payments, contributions and in-kind recognised, each against one
paying party's line of a commitment."""

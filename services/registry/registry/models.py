"""The registry service's tables. Only this service reads or writes them."""

from shared.db import make_base

Base = make_base()
metadata = Base.metadata

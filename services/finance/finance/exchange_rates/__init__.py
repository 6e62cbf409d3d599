"""Exchange rates: dated, per currency pair, with their source, type and quoting unit."""

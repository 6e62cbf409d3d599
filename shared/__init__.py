"""The BLP platform's own library: what every service shares, declared once."""

"""BLP registry service.

The database of local and international IT companies: profiles, capabilities,
certifications, partner needs and linkages.
"""

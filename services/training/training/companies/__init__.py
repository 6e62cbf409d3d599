"""What the training service knows of the registry's companies: a read model kept from the
registry's company events (kind, status, location), for rules such as a long internship's
host being an international company."""

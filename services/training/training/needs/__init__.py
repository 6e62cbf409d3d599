"""Training needs: each item of an approved development plan, and how far a company's plan
has been implemented."""

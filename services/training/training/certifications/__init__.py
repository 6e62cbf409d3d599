"""Certifications: a trainee's certificate with its evidence, reviewed by programme staff;
a verification or revocation is told to the registry by an event."""

"""Enrolments: a trainee in a course (or a session of it), fulfilling a training need;
enrolled -> completed (passed or failed) or withdrawn, each told to finance by an event."""

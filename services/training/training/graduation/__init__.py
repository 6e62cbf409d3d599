"""Graduation: the companies of a cohort in review whose development plan reached the
programme's threshold, and each one's programme completion certificate (PDF)."""

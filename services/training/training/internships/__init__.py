"""Internships abroad: short study trips for top managers, long placements for IT
specialists at an international company; approval and cancellation are told to finance."""

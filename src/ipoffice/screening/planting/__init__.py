"""Deterministic generators of planted cases: real applications mixed with applications made
abnormal on purpose, with the ids that are truly abnormal, to measure each detector's precision
and recall on realistic data."""

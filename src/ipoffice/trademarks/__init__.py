"""Trademarks: marks, similarity, similar goods, conflict search, bad faith, examination."""

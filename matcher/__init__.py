"""Matching: pair scores, suggestions, schedules, clusters and agendas."""

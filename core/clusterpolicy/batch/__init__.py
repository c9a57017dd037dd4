"""Batch screening: ``flat`` (one cluster per row: columns are profile paths), ``screen`` (chunks, output)."""

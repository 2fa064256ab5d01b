"""Fusion: near-duplicate articles (MinHash/LSH) and the mention → fused-event identity rule.

Pure functions over records; the store calls them inside its transactions and keeps the SQL.
"""

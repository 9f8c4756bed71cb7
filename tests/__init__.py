"""Test suite of the NQ57 dashboard."""

"""Benchmarks: each module has a main(); `python -m bench` runs them all.

They print figures and never assert a time.
"""

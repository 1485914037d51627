"""Matplotlib figures of gradviz: make_…() -> Figure functions built from gradmath data."""

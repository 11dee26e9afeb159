"""Helpers for the Kremlin-Syria coverage notebooks."""
__version__ = "0.1.0"

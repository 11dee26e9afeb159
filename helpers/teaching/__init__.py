"""For workshops: exercises with checks (``exercises``) and interactive explorers (``explore``).
"""

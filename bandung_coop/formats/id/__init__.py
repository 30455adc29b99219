"""Indonesian formats."""

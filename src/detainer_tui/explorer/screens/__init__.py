"""Modal screens: help, row detail, export."""

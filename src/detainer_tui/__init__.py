"""detainer-tui: a terminal explorer for ICE Declined Detainer Outcome Reports."""

__version__ = "0.1.0"

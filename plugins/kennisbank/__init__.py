"""Kennisbank Kansengelijkheid: a pure-Python content engine (load, validate, link, render) under a thin MkDocs plugin."""

__version__ = "0.1.0"

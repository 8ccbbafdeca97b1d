"""The extension's version, for feeds' generator line and Sphinx's metadata."""

__version__ = "1.0.0"

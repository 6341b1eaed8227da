"""Errors the command line turns into a Chinese message and exit code 2."""


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""

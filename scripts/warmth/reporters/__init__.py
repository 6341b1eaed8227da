"""Reporters: one per output format, each turning a Report into text."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from . import github, json_, text

REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json_.render,
    "github": github.render,
}

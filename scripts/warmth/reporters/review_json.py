"""The review as JSON for tools: the Review data as it is, numbers as exact decimal strings,
times in ISO 8601."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal

from ..review import Review


def _plain(o: object) -> object:
    if isinstance(o, Decimal):
        return format(o, "f")
    if isinstance(o, datetime):
        return o.isoformat()
    return str(o)


def render(review: Review) -> str:
    return json.dumps(asdict(review), ensure_ascii=False, indent=2, default=_plain) + "\n"

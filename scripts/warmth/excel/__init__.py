"""Excel both ways: campaign workbooks (internal and public), public data files, templates,
and reading a filled template back."""

from __future__ import annotations

from .outputs import write_internal_workbook, write_public_workbook, write_templates

__all__ = ["write_internal_workbook", "write_public_workbook", "write_templates"]

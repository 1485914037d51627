"""The machinery behind render.py: catalogue access, planning, worker jobs, manifest, reports."""

from __future__ import annotations

__all__: list[str] = []

"""The shape of a lesson file (TOML), checked by pydantic before any template sees it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["NAME_PATTERN", "LandscapeSpec", "EntrySpec", "LessonSpec", "ENTRY_KEYS"]

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
"""Names of landscapes, experiments and entries: they become file names, so letters, digits and _."""

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]


class LandscapeSpec(BaseModel):
    """``[landscapes.NAME]``: a function typed as a formula, its domain and goal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    formula: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    domain: list[tuple[float, float]] = Field(min_length=1, max_length=8)
    goal: Literal["min", "max"] = "min"
    variables: list[Name] | None = None
    labels: list[Text] | None = None
    title: Text | None = None
    symbol: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]$")] | None = None
    same_units: bool | None = None  # maps in equal aspect; default: true when the axes are the bare variable names


class EntrySpec(BaseModel):
    """One ``[[scenes]]`` or ``[[figures]]`` table: a template, and its parameters as further keys."""

    model_config = ConfigDict(extra="allow", frozen=True)

    template: str
    name: Name | None = None
    experiment: Name | None = None
    description: Text | None = None
    alt_text: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None

    def parameters(self) -> dict[str, Any]:
        """The keys that are the template's parameters (everything but the entry's own keys)."""
        return dict(self.model_extra or {})


ENTRY_KEYS = tuple(EntrySpec.model_fields)
"""Keys of an entry that are not template parameters."""


class LessonSpec(BaseModel):
    """A whole lesson file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    theme: Literal["dark", "light"] | None = None
    description: str = ""
    landscapes: dict[Name, LandscapeSpec] = Field(default_factory=dict)
    experiments: dict[Name, dict[str, Any]] = Field(default_factory=dict)
    scenes: list[EntrySpec] = Field(default_factory=list)
    figures: list[EntrySpec] = Field(default_factory=list)

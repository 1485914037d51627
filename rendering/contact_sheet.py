"""The ``index.html`` contact sheet: every scene thumbnail and figure with its name and alt text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from rendering.atomic_io import write_bytes

__all__ = ["Card", "render_contact_sheet", "write_contact_sheet"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;background:#fafafa;color:#1a1a1a}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
figure{margin:0;padding:.75rem;background:#fff;border:1px solid #ddd;border-radius:6px}
figure img{width:100%;height:auto;display:block;background:#eee}
figcaption{font-size:.85rem;margin-top:.5rem} figcaption b{font-family:monospace;font-size:.95rem}
.alt{color:#555} .missing{padding:2rem 1rem;background:#fdecea;color:#8a1c12;font-family:monospace}
.links a{margin-right:.6rem}
"""


@dataclass(frozen=True)
class Card:
    """One tile: a scene's last frame or a figure, with its caption, alt text and links."""

    kind: str  # the entry kind's name: the sheet's section it goes in
    name: str
    alt: str
    description: str = ""
    image: str | None = None  # path relative to the sheet
    links: tuple[tuple[str, str], ...] = ()  # (label, relative path)
    error: str | None = None


def _href(relpath: str) -> str:
    return quote(relpath, safe="/")


def _tile(card: Card) -> str:
    name, alt = escape(card.name), escape(card.alt, quote=True)
    if card.image:
        picture = f'<img src="{_href(card.image)}" alt="{alt}" loading="lazy">'
    else:
        picture = f'<div class="missing">{escape(card.error or "not rendered")}</div>'
    links = " ".join(f'<a href="{_href(rel)}">{escape(label)}</a>' for label, rel in card.links)
    return (
        f'<figure id="{escape(card.kind)}-{name}">{picture}<figcaption><b>{name}</b> '
        f'{escape(card.description)}<br><span class="alt">Alt text: {escape(card.alt)}</span>'
        + (f'<br><span class="links">{links}</span>' if links else "")
        + "</figcaption></figure>"
    )


def render_contact_sheet(cards: Sequence[Card], *, title: str = "gradviz preview",
                         headings: Sequence[tuple[str, str]] = ()) -> str:
    """A self-contained HTML page (relative links only) with a section per kind of card, in the
    order of ``headings`` (kind, heading); kinds not named there follow in order of appearance,
    headed by their plural ("Scenes")."""
    named = dict(headings)
    order = [*named, *dict.fromkeys(c.kind for c in cards if c.kind not in named)]
    sections = []
    for kind in order:
        heading = escape(named.get(kind, f"{kind.capitalize()}s"))
        tiles = [_tile(c) for c in cards if c.kind == kind]
        if tiles:
            sections.append(f"<h2>{heading}</h2>\n<div class=\"grid\">\n" + "\n".join(tiles) + "\n</div>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )


def write_contact_sheet(out: Path, cards: Sequence[Card], *, title: str = "gradviz preview",
                        headings: Sequence[tuple[str, str]] = (), staging: Path | None = None) -> Path:
    """Write ``out/index.html`` atomically (temporary name in ``staging``) and return its path;
    raises :class:`~rendering.atomic_io.WriteFailed`."""
    path = out / "index.html"
    write_bytes(path, render_contact_sheet(cards, title=title, headings=headings).encode("utf-8"), staging=staging)
    return path

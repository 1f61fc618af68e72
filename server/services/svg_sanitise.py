"""An uploaded SVG logo made safe: parsed without entities or DTDs, filtered by an allowlist, re-serialised.

A logo is shown by browsers (``<img>``, and opened on its own at its URL) and drawn by cairosvg,
so whatever could run, fetch or reach outside the picture goes: scripts, ``foreignObject``,
event handlers (every ``on*`` attribute is simply not on the list), links and ``href`` that
are not a ``#fragment`` of the same file, ``style`` elements, ``url()`` other than ``url(#id)``
and anything in a foreign namespace (editors' metadata). The parser is defusedxml's: every entity
declaration (the "billion laughs", external entities) is refused before anything is expanded;
an external DTD is never loaded.

What it costs to draw is bounded too. ``<use>`` copies what it points at, so ten ``<use>`` of a
group of ten ``<use>`` of ... multiply (a 2 KB file of four such levels is 10,000 copies, five
took 22 s of CPU in cairosvg): what every ``<use>`` expands to is counted through the reference
graph, and a file whose drawing would hold more than :data:`MAX_DRAWN_NODES` elements, nests
``<use>`` in ``<use>`` deeper than :data:`MAX_USE_DEPTH` or has a ``<use>`` that reaches itself
is refused (``"complex"``), as is one nested deeper than :data:`MAX_DEPTH` elements.

Allowlisting, not blocklisting: what this module does not know is dropped, so a new SVG feature
never slips through. There is no maintained SVG sanitiser for Python to lean on (bleach is
deprecated and HTML-only, nh3 is HTML-only); the allowlist below is short enough to read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - serialising only; parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_ELEMENTS", "MAX_DEPTH", "MAX_DRAWN_NODES", "MAX_USE_DEPTH", "SvgRefused",
           "sanitise_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Shapes, text, grouping and paint servers: what a logo is drawn with. No script, foreignObject,
# image (it would fetch), a, style, animate/set (they can rewrite href), iframe, feImage.
ALLOWED_ELEMENTS: frozenset[str] = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "pattern",
})
# Geometry and presentation; no on* handler, no style element, no external references.
ALLOWED_ATTRIBUTES: frozenset[str] = frozenset({
    "id", "class", "version", "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2",
    "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "pathLength", "transform", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
    "display", "visibility", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
    "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform", "clip-path", "clip-rule",
    "clipPathUnits", "mask", "maskUnits", "maskContentUnits", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "word-spacing", "dx", "dy",
    "style", "href",
})
_TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc"})
# A url(...) that points anywhere but a fragment of this file, and CSS that could load or escape.
_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"^\s*url\(\s*['\"]?#[A-Za-z0-9_.:-]+['\"]?\s*\)\s*$", re.IGNORECASE)
_CSS_RISK = re.compile(r"[@\\<>]|expression|javascript|behavior|-moz-binding", re.IGNORECASE)
_LOCAL_HREF = re.compile(r"^#[A-Za-z0-9_.:-]+$")
# Far past any logo an editor writes (a few hundred elements, a dozen levels, a <use> or two deep).
MAX_DEPTH = 64
MAX_DRAWN_NODES = 2000
MAX_USE_DEPTH = 4


class SvgRefused(ValueError):
    """The file is not an SVG we can make safe; ``reason`` is ``"entities"``, ``"broken"`` or ``"complex"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _local_name(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _safe_style(style: str) -> str:
    """The declarations of a ``style`` attribute that load nothing (``url(#id)`` alone may stay)."""
    kept = []
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if not prop or not value or prop not in ALLOWED_ATTRIBUTES or _CSS_RISK.search(value):
            continue
        if _URL.search(value) and not _LOCAL_URL.match(value):
            continue
        kept.append(f"{prop}:{value}")
    return ";".join(kept)


def _safe_value(name: str, value: str) -> str | None:
    """``value`` when attribute ``name`` may keep it, a cleaned value for ``style``, None to drop it."""
    if name == "href":
        return value if _LOCAL_HREF.match(value.strip()) else None
    if name == "style":
        return _safe_style(value) or None
    if _URL.search(value):
        return value if _LOCAL_URL.match(value) else None
    if _CSS_RISK.search(value) and name not in ("d", "points"):
        return None
    return value


def _clean(element: ET.Element, depth: int = 0) -> ET.Element | None:
    """A copy of ``element`` with only allowlisted elements and attributes, or None to drop it.

    ``depth`` is how deep ``element`` sits; past :data:`MAX_DEPTH` the file is refused (``"complex"``).
    """
    if depth > MAX_DEPTH:
        raise SvgRefused("complex")
    ns, tag = _local_name(element.tag) if isinstance(element.tag, str) else ("", "")
    if ns != SVG_NS or tag not in ALLOWED_ELEMENTS:
        return None
    # Plain names, the namespace declared once on the root: no ns0: prefixes, no global prefix map.
    out = ET.Element(tag)
    for raw_name, value in element.attrib.items():
        attr_ns, name = _local_name(raw_name)
        if attr_ns == XLINK_NS and name == "href":
            name = "href"  # SVG 2 reads the plain href; xlink:href is written as it
        elif attr_ns == XML_NS and name == "space":
            out.set(raw_name, "preserve" if value == "preserve" else "default")
            continue
        elif attr_ns or name not in ALLOWED_ATTRIBUTES:
            continue
        safe = _safe_value(name, value)
        if safe is not None:
            out.set(name, safe)
    if tag == "use" and "href" not in out.attrib:
        return None  # a <use> without a local target would make cairosvg load the file's own URL
    if tag in _TEXT_ELEMENTS:
        out.text = element.text
    for child in element:
        cleaned = _clean(child, depth + 1)
        if cleaned is not None:
            out.append(cleaned)
            if tag in _TEXT_ELEMENTS:
                cleaned.tail = child.tail
    return out


def _check_expansion(root: ET.Element) -> None:
    """Refuse (``"complex"``) what the ``<use>`` in ``root`` would multiply into (see the module docstring).

    Each element's cost is itself, its children and, for a ``<use>``, what it points at; costs are
    memoised, so a bomb is counted in the time its few elements take, not the copies it would draw.
    An id given twice counts as the dearest of its elements, whichever one a renderer picks.
    """
    by_id: dict[str, list[ET.Element]] = {}
    for element in root.iter():
        if element.get("id"):
            by_id.setdefault(element.get("id", ""), []).append(element)
    memo: dict[int, tuple[int, int]] = {}
    busy: set[int] = set()

    def cost(element: ET.Element) -> tuple[int, int]:
        """(elements drawn, depth of <use> within <use>) for ``element``; refuses on a cycle or a bound."""
        key = id(element)
        if key in memo:
            return memo[key]
        # A <use> that reaches itself, directly or through others; or a chain of <use> so long that
        # no bounded drawing has it (each level at most MAX_DEPTH deep), refused before Python's stack ends.
        if key in busy or len(busy) > (MAX_DEPTH + 1) * (MAX_USE_DEPTH + 1):
            raise SvgRefused("complex")
        busy.add(key)
        nodes, uses = 1, 0
        for child in element:
            child_nodes, child_uses = cost(child)
            nodes, uses = nodes + child_nodes, max(uses, child_uses)
        if element.tag == "use":
            target = element.get("href", "")[1:]
            drawn = [cost(t) for t in by_id.get(target, [])]
            if drawn:
                nodes += max(n for n, _ in drawn)
                uses = max(uses, 1 + max(u for _, u in drawn))
            else:
                uses = max(uses, 1)
        if nodes > MAX_DRAWN_NODES or uses > MAX_USE_DEPTH:
            raise SvgRefused("complex")
        busy.discard(key)
        memo[key] = (nodes, uses)
        return nodes, uses

    cost(root)


def sanitise_svg(data: bytes) -> bytes:
    """``data`` (an SVG file) with only allowlisted elements and attributes, re-serialised as UTF-8.

    Raises :class:`SvgRefused` for an entity declaration (``"entities"``), for text that is not
    well-formed XML with an ``<svg>`` root in the SVG namespace (``"broken"``) and for a drawing
    nested too deep or multiplied too much by ``<use>`` (``"complex"``).
    """
    try:
        # A bare DOCTYPE (editors write svg11.dtd's) is harmless: expat never loads it. Any entity
        # declaration, internal or external, is refused before a single one is expanded.
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SvgRefused("entities") from exc
    except (ET.ParseError, ValueError) as exc:
        raise SvgRefused("broken") from exc
    if _local_name(root.tag) != (SVG_NS, "svg"):
        raise SvgRefused("broken")
    try:
        cleaned = _clean(root)
    except RecursionError as exc:  # pragma: no cover - MAX_DEPTH stops well before Python's limit
        raise SvgRefused("complex") from exc
    if cleaned is None:  # pragma: no cover - the root was checked above
        raise SvgRefused("broken")
    try:
        _check_expansion(cleaned)
    except RecursionError as exc:  # pragma: no cover - the chain bound stops well before Python's limit
        raise SvgRefused("complex") from exc
    cleaned.set("xmlns", SVG_NS)
    return ET.tostring(cleaned, encoding="utf-8", xml_declaration=False)

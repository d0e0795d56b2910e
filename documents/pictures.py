"""Charts as pictures for the documents: the dashboards' Vega-Lite specifications
(progress/charts.py) drawn to PNG by vl-convert, with no browser."""

import json
from typing import Any

import vl_convert

# DejaVu has Armenian and Cyrillic glyphs, so labels read the same in every plan language.
FONT = "DejaVu Sans"


def chart_png(spec: dict[str, Any]) -> bytes:
    """The chart drawn at twice its size, sharp when printed; without its title, which the
    document prints once, as the figure's caption."""
    config = {**spec.get("config", {}), "font": FONT}
    drawn = {key: value for key, value in spec.items() if key != "title"}
    return bytes(vl_convert.vegalite_to_png(json.dumps({**drawn, "config": config}), scale=2))

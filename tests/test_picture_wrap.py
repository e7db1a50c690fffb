"""Wide programs are drawn at full size: layers wrap onto more rows, and the picture scrolls
in a notebook instead of shrinking to the page."""

from __future__ import annotations

import itertools

from symdiff import cse, gradient, parse
from symdiff.notebook.picture import MAX_ROW_WIDTH, Box, Picture, _width, layout, to_svg


def test_a_wide_layer_wraps_onto_rows_no_wider_than_the_limit() -> None:
    picture = Picture()
    inputs = [picture.add(Box(f"x{i}", "input", ())) for i in range(60)]
    for a, b in itertools.pairwise(inputs):
        picture.add(Box(f"t = x{a}*x{b}", "op", (a, b)))
    x, y, _, _ = layout(picture)
    rows: dict[float, list[int]] = {}
    for i, level in enumerate(y):
        rows.setdefault(level, []).append(i)
    assert len(rows) > 2  # 60 inputs and 59 products do not fit on two rows
    for row in rows.values():
        width = sum(_width(picture.boxes[i]) for i in row)
        assert width <= MAX_ROW_WIDTH
    assert len(set(zip(x, y, strict=True))) == len(x)  # no two boxes at one place


def test_the_notebook_picture_is_not_scaled_down() -> None:
    names = [f"x{i}" for i in range(25)]
    f = parse(
        " + ".join(f"100*({b} - {a}^2)^2 + sin({a}*{b})" for a, b in itertools.pairwise(names))
    )
    html = cse(gradient(f, names))._repr_html_()
    assert 'style="max-width:none"' in html and "overflow:auto" in html
    assert 'style="max-width:none"' in to_svg(Picture())

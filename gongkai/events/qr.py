"""A registration's QR code as SVG, drawn here (segno): it holds only the check-in code."""

from __future__ import annotations

import io

import segno


def svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()

"""Benchmark: a small .docx that unpacks to a huge document, parsed without and with the limits.

    .venv/bin/python bench/imports.py                       # 1,000,000 paragraphs (~48 MB of XML)
    .venv/bin/python bench/imports.py --paragraphs 150000   # quicker

One run builds the file once, then in two fresh processes (so peak memory is each one's own):
the baseline, python-docx reading it as the importers did before (every paragraph), and the
platform's importer (gongkai.documents.importer.parse_docx, which inspects the package first,
gongkai/lib/packages.py). Prints the file size, the XML size, wall time and peak RSS of each.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "<w:p><w:r><w:t>各有关单位</w:t></w:r></w:p>".encode()

CHILD = r"""
import io, resource, sys, time
sys.path.insert(0, {root!r})
data = open({path!r}, "rb").read()
start = time.perf_counter()
if {mode!r} == "baseline":
    import docx
    doc = docx.Document(io.BytesIO(data))
    outcome = f"{{len([p.text for p in doc.paragraphs]):,}} paragraphs read"
else:
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from gongkai.documents.importer import parse_docx
    outcome = "; ".join(parse_docx(io.BytesIO(data), "bomb.docx").warnings) or "parsed"
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed:.2f}}\t{{peak:.0f}}\t{{outcome}}")
"""


def build(paragraphs: int) -> tuple[bytes, int]:
    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + PARAGRAPH * paragraphs
        + b"</w:body></w:document>"
    )
    source, out = zipfile.ZipFile(io.BytesIO(plain.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue(), len(xml)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    args = parser.parse_args()
    data, xml_size = build(args.paragraphs)
    with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as f:
        f.write(data)
    print(
        f"file {len(data) / 1024:,.0f} KB, word/document.xml {xml_size / 1e6:,.1f} MB, {args.paragraphs:,} paragraphs\n"
    )
    env = {**os.environ, "DEBUG": "true"}
    print(f"{'':<34}{'seconds':>9}{'peak MB':>9}  outcome")
    for mode, label in (("baseline", "python-docx, no limits (before)"), ("platform", "parse_docx with the limits")):
        code = CHILD.format(root=str(ROOT), path=f.name, mode=mode)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        seconds, peak, outcome = result.stdout.strip().split("\t")
        print(f"{label:<34}{float(seconds):>9.2f}{float(peak):>9.0f}  {outcome}")
    Path(f.name).unlink()


if __name__ == "__main__":
    main()

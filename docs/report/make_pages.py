"""The report pages shown in the README: cover, executive summary, findings, remediation plan.

Run: .venv/bin/python docs/report/make_pages.py

The report of the small demo practice with every addressable decision made (a complete
assessment, as the report tests use it), on the tests' report date, rendered with pypdfium2.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from riskwizard.domain.demo import build_demo
from riskwizard.report import build_report
from riskwizard.resources import installed_questionnaire

TODAY = date(2026, 11, 24)
HERE = Path(__file__).parent
SCALE = 1.6  # US Letter at 115 dpi: 980 x 1268 pixels


def main() -> int:
    questionnaire = installed_questionnaire()
    data = build_demo(questionnaire, "small", TODAY)  # complete as built
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.pdf"
        build_report(data, questionnaire, path, today=TODAY)
        pdf = pdfium.PdfDocument(str(path))
        try:
            texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]

            def first(needle: str) -> int:
                return next(i for i, t in enumerate(texts) if i > 1 and needle in t)

            pages = {"cover": 0, "summary": first("Executive summary"),
                     "findings": first("Each finding is an answer"),
                     "remediation": first("actions, by priority")}
            for name, index in pages.items():
                out = HERE / f"{name}.png"
                image = pdf[index].render(scale=SCALE).to_pil().convert("RGB")
                image.quantize(colors=256).save(out, optimize=True)  # small files
                print(f"wrote {out} (page {index + 1} of {len(pdf)})")
        finally:
            pdf.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`report --brand FILE` and `workshop-report --brand FILE`, run in-process on real files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from assessment.cli import main
from assessment.files.answers_file import dump_answers
from tests import export_shapes as shapes
from tests.builders import mixed

from .report_helpers import ParsedPdf


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def brand_file(tmp_path: Path) -> Path:
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), (11, 83, 148)).save(logo, format="PNG")
    (tmp_path / "logo.png").write_bytes(logo.getvalue())
    path = tmp_path / "brand.yaml"
    path.write_text(
        'prepared_by: Northlight Consulting\nprimary_colour: "#0B5394"\nlogo: logo.png\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def answers(tmp_path: Path, framework) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(dump_answers(mixed(name="Acme Ltd")), encoding="utf-8")
    return path


def test_report_with_a_brand_file(tmp_path, capsys, answers, brand_file):
    out = tmp_path / "plan.pdf"
    status, stdout, stderr = run(
        capsys, "report", str(answers), "-o", str(out), "--brand", str(brand_file)
    )
    assert status == 0, stderr
    pdf = ParsedPdf(out.read_bytes())
    assert "Northlight Consulting" in pdf.pages[0]
    assert "Prepared by Northlight Consulting" in pdf.pages[-1]
    assert pdf.image_count() >= 1


def test_workshop_report_with_a_brand_file(tmp_path, capsys, framework, brand_file):
    name, data = shapes.google_forms(framework)
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "workshop.pdf"
    status, _, stderr = run(
        capsys, "workshop-report", str(src), "-o", str(out), "--brand", str(brand_file)
    )
    assert status == 0, stderr
    pdf = ParsedPdf(out.read_bytes())
    assert "Prepared by Northlight Consulting" in pdf.pages[1]
    assert "Workshop: participation and disagreement" in pdf.text


@pytest.mark.parametrize(
    "content, fragment",
    [
        ('primary_colour: "blue"\n', "primary_colour"),
        ("logo: missing.png\n", "cannot read the logo"),
        ("- just\n- a list\n", "expected keys"),
        ("logo: fake.png\n", "cannot be read"),
    ],
)
def test_a_bad_brand_file_is_one_line_exit_2(tmp_path, capsys, answers, content, fragment):
    (tmp_path / "fake.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    brand = tmp_path / "bad.yaml"
    brand.write_text(content, encoding="utf-8")
    out = tmp_path / "plan.pdf"
    status, stdout, stderr = run(
        capsys, "report", str(answers), "-o", str(out), "--brand", str(brand)
    )
    assert status == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in stderr
    assert not out.exists()
    status, _, stderr = run(
        capsys, "report", str(answers), "-o", str(out), "--brand", str(tmp_path / "nope.yaml")
    )
    assert status == 2 and "cannot read" in stderr

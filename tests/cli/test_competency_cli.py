"""The competency commands as a learner uses them: badges received from the demo issuer over
OID4VCI, its CASE framework imported from its CASE provider URL, the map, the charts, and a
presentation that covers a job's requirements."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from cli_runner import wallet_runner

from wallet.demo.issuer import OfferOptions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "case" / "riverside-skills-framework.json"
PACKAGE_ID = json.loads(SAMPLE.read_text())["CFDocument"]["identifier"]


@pytest.fixture
def wallet(tmp_path: Path):
    return wallet_runner(tmp_path / "home", "competency pass phrase")


def _by_code(report: dict) -> dict[str, dict]:
    (framework,) = report["frameworks"]
    return {c["code"]: c for c in framework["competencies"]}


def test_frameworks_competencies_and_cover(wallet, demo_issuer, tmp_path: Path) -> None:
    url = f"{demo_issuer.url}/ims/case/v1p0/CFPackages/{PACKAGE_ID}"
    assert httpx.get(url).json()["CFDocument"]["identifier"] == PACKAGE_ID

    # a malformed package is refused, clearly, and nothing is stored
    bad = tmp_path / "bad-case.json"
    package = json.loads(SAMPLE.read_text())
    package["CFItems"][5].pop("identifier")
    bad.write_text(json.dumps(package))
    refused = wallet("frameworks", "import", str(bad))
    assert refused.returncode == 1
    assert b"CASE package is malformed: CFItems[5].identifier" in refused.stderr
    (tmp_path / "not-json.json").write_text("{CFDocument: oops")
    assert b"not JSON" in wallet("frameworks", "import", str(tmp_path / "not-json.json")).stderr
    # plain http to a remote party needs the explicit development mode
    assert wallet("frameworks", "import", url).returncode == 1
    assert b"No frameworks yet" in wallet("frameworks", "list").stdout

    imported = wallet("frameworks", "import", "--dev", url)
    assert imported.returncode == 0, imported.stderr
    assert b"35 items" in imported.stdout
    again = wallet("frameworks", "import", "--sample")  # the same CFDocument: replaced
    assert again.returncode == 0
    listed = wallet("frameworks", "list").stdout.decode().strip().splitlines()
    assert len(listed) == 1 and PACKAGE_ID in listed[0]

    link = demo_issuer.issuer.create_offer(
        OfferOptions(
            credentials=(
                "data-analysis",
                "python-jwt",
                "visualization",
                "teamwork",
                "communication",
            )
        )
    )
    received = wallet("receive", "--dev", "--yes", link)
    assert received.returncode == 0, received.stderr
    creds = {c["name"]: c["id"] for c in json.loads(wallet("list", "--json").stdout)}
    assert len(creds) == 5
    teamwork = creds["Teamwork"]
    assert (
        wallet(
            "reflect",
            teamwork[:8],
            "--text",
            "Leading the capstone team.",
            "--competency",
            "WS.1.1",
        ).returncode
        == 0
    )
    assert (
        wallet(
            "reflect",
            creds["Professional Communication"][:8],
            "--text",
            "Chess club.",
            "--competency",
            "Chess strategy",
        ).returncode
        == 0
    )

    report = json.loads(wallet("competencies", "--json").stdout)
    comps = _by_code(report)
    assert comps["DS.1.2"]["level_name"] == "Advanced"  # grade A
    assert comps["DS.3.2"]["level_name"] == "Advanced"  # 91 % (a VC-JWT credential)
    assert comps["DS.4.1"]["level_name"] == "Proficient"  # rubric level 2 of 3
    assert comps["WS.1.1"]["level_name"] == "Emerging"  # one credential, no result
    assert comps["DL.1.1"]["level"] == 0 and comps["DL.1.1"]["credentials"] == []
    assert len(comps["WS.1.1"]["learner_evidence"]) == 1
    # an area collects everything beneath it
    assert sorted(comps["DS"]["credentials"]) == sorted(
        creds[n]
        for n in ("Data Analysis Fundamentals", "Python Programming I", "Data Visualization")
    )
    areas = {a["name"]: a["score"] for a in report["frameworks"][0]["areas"]}
    assert areas == {
        "Data Skills": round(19 / 11, 2),
        "Workplace Skills": 0.75,
        "Digital Literacy": 0,
    }
    # outside the framework: the learner's own "Chess strategy", and the badges' tags
    other = {o["label"]: o for o in report["other"]}
    assert set(other) == {
        "Chess strategy",
        "data",
        "statistics",
        "programming",
        "design",
        "workplace",
    }
    assert (
        other["Chess strategy"]["credentials"] == []
        and len(other["Chess strategy"]["learner_evidence"]) == 1
    )
    assert other["workplace"]["credentials"] == sorted(
        [teamwork, creds["Professional Communication"]]
    )
    # growth: 9 framework items and 5 named skills (tags) with issuer evidence, all from today
    assert len(report["growth"]) == 1 and report["growth"][0][1] == 14

    text = wallet("competencies").stdout.decode()
    assert "DS.1.2 Clean and prepare tabular data  [Advanced]  1 credential" in text
    assert "Outside the imported frameworks" in text and "Chess strategy" in text

    flower, growth = tmp_path / "flower.svg", tmp_path / "growth.png"
    charted = wallet("competencies", "--chart", str(flower), "--growth", str(growth))
    assert charted.returncode == 0
    svg = ElementTree.fromstring(flower.read_text())
    assert svg.tag.endswith("svg") and "Data Skills" in flower.read_text()
    assert growth.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    out = tmp_path / "vp.json"
    made = wallet(
        "present", "--cover", "Test and debug code, WS.1, Quantum physics", "--out", str(out)
    )
    assert made.returncode == 0, made.stderr
    assert b"not covered by any credential: Quantum physics" in made.stderr
    assert b"chosen to cover them: Python Programming I, Teamwork" in made.stderr
    assert b"2 credentials" in made.stdout  # plurals without "(s)"
    # the two badges, with the reflection on WS.1.1 (below WS.1) but not the chess one (on a
    # competency not asked for, linked to a credential not chosen)
    presented = out.read_text()
    assert "Leading the capstone team." in presented and "Chess club." not in presented
    assert "Python Programming I" in presented and '"Teamwork"' in presented
    assert "Data Visualization" not in presented
    checked = wallet("verify", "--dev", str(out))
    assert checked.returncode == 0, checked.stdout

    nothing = wallet("present", "--cover", "Quantum physics", "--out", str(tmp_path / "x.json"))
    assert nothing.returncode == 1 and b"No credential shows any" in nothing.stderr

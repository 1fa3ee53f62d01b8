"""pyld as the wallet imports it (wallet.ld._pyld): without its package ``__init__``, its network
loaders or lxml's HTML at first — and nothing of pyld lost: the rest of its face, its loaders and
``lxml.html`` are pyld's and lxml's own when used; its default document loader, which the wallet
never uses, loads nothing. Each check runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_what_is_not_imported_at_first() -> None:
    out = _run("""
        import sys
        import wallet.ld.jsonld
        print(sorted(m for m in ("asyncio", "ssl", "lxml.etree", "pyld.documentloader.aiohttp",
                                 "pyld.documentloader.requests", "pyld.documentloader.frozen")
                     if m in sys.modules))
    """)
    assert out.strip() == "[]"


def test_pylds_default_loader_loads_nothing() -> None:
    out = _run("""
        import wallet.ld.jsonld
        from pyld import jsonld
        try:
            jsonld.expand({"@context": "https://www.w3.org/ns/credentials/v2"})
        except jsonld.JsonLdError as exc:
            print("refused", exc.code, jsonld.get_document_loader().__qualname__)
    """)
    assert out.startswith("refused") and "dummy_document_loader" in out, out


def test_nothing_of_pyld_or_lxml_is_lost() -> None:
    out = _run("""
        import wallet.ld.jsonld
        import pyld
        print(pyld.FrozenDocumentLoader.__name__, pyld.AioHttpDocumentLoader.__name__)
        import pyld.documentloader.requests as loaders
        print(loaders.RequestsDocumentLoader.__name__)
        import lxml.html
        print(lxml.html.fromstring("<p>hi</p>").text)
        from pyld import jsonld
        print(jsonld.lxml.html.fromstring("<b>x</b>").tag)
        print(jsonld.expand({"@context": {"n": "https://n.example/n"}, "n": 1})[0])
    """)
    assert out.split("\n")[:5] == [
        "FrozenDocumentLoader AioHttpDocumentLoader",
        "RequestsDocumentLoader",
        "hi",
        "b",
        "{'https://n.example/n': [{'@value': 1}]}",
    ]


def test_imported_first_elsewhere_pyld_is_left_as_it_is() -> None:
    out = _run("""
        import sys
        import pyld
        import wallet.ld.jsonld
        print("pyld.documentloader.aiohttp" in sys.modules, type(sys.modules["lxml.html"]))
    """)
    assert out.strip() == "True <class 'module'>"

"""pyld's JSON-LD processor, imported without what the wallet never uses.

pyld's package ``__init__`` imports every document loader it has; ``pyld.jsonld``, when
imported, makes its default document loader (requests', else aiohttp's — importing asyncio and
ssl to find aiohttp missing — else one that loads nothing) and imports ``lxml.html`` to read
JSON-LD out of HTML pages. The wallet passes its own strict loader to every call (bundled
contexts only) and reads JSON, never HTML. Together that was most of the time a cold ``wallet
verify`` spent importing pyld. So, unless something imported them first:

* the ``pyld`` package is made without running its ``__init__``: its submodules import as
  usual, and the first use of any other name of pyld's face (``pyld.FrozenDocumentLoader``…)
  runs the real ``__init__`` then;
* while ``pyld.jsonld`` is imported, its network loaders stand aside, so that its default
  loader is the one that loads nothing (nothing the wallet does uses it — and nothing can
  fetch through it); they are pyld's own again afterwards;
* ``lxml.html`` is a stand-in until a name of it is used (when pyld reads HTML, which the
  wallet never asks of it): then it is lxml's own module.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any

__all__ = ["ContextResolver", "jsonld"]

_NETWORK_LOADERS = ("requests", "aiohttp")


def _package_without_init(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def rest_of_face(attribute: str) -> object:  # PEP 562: a name __init__ would have set
        qualified = f"{name}.{attribute}"
        if qualified in sys.modules:  # one being imported (`from pyld import jsonld` in it)
            return sys.modules[qualified]
        if not attribute.startswith("_") and importlib.util.find_spec(qualified) is not None:
            return importlib.import_module(qualified)  # `from pyld import iri_resolver`
        module.__dict__.pop("__getattr__", None)
        loader.exec_module(module)
        return getattr(module, attribute)

    module.__dict__["__getattr__"] = rest_of_face
    sys.modules[name] = module


def _stand_in_until_used(name: str) -> None:
    """``name`` (a module) in ``sys.modules`` as a stand-in that imports the real module, and
    answers with it, the first time one of its names is used."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent package (lxml's is tiny)
    if spec is None:
        return
    stand_in = ModuleType(name)
    stand_in.__spec__ = spec
    parent, _, child = name.rpartition(".")

    def real(attribute: str) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__dict__["__getattr__"] = real
    sys.modules[name] = stand_in
    if parent in sys.modules:
        setattr(sys.modules[parent], child, stand_in)


def _import_jsonld() -> ModuleType:
    if "pyld.jsonld" in sys.modules:
        return sys.modules["pyld.jsonld"]
    import pyld.documentloader as loaders

    def stand_aside(**_options: object) -> object:
        raise ImportError("the wallet gives pyld its own document loader")

    aside: dict[str, ModuleType] = {}
    for kind in _NETWORK_LOADERS:
        name = f"pyld.documentloader.{kind}"
        if name not in sys.modules:
            stand_in = ModuleType(name)
            setattr(stand_in, f"{kind}_document_loader", stand_aside)
            aside[kind] = stand_in
            sys.modules[name] = stand_in
            setattr(loaders, kind, stand_in)
    try:
        import pyld.jsonld
    finally:
        for kind, stand_in in aside.items():
            if sys.modules.get(f"pyld.documentloader.{kind}") is stand_in:
                del sys.modules[f"pyld.documentloader.{kind}"]
            if getattr(loaders, kind, None) is stand_in:
                delattr(loaders, kind)
    return pyld.jsonld


_package_without_init("pyld")
_stand_in_until_used("lxml.html")
jsonld: Any = _import_jsonld()  # pyld has no types

from pyld.context_resolver import ContextResolver  # noqa: E402 - pyld.jsonld first, as above

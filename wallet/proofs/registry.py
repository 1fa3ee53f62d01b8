"""Which cryptosuite reads which proof: ``DataIntegrityProof`` by its ``cryptosuite``, older
proofs by their ``type``.

======================  ======================================  ==================
proof                   module                                  the wallet can
======================  ======================================  ==================
``eddsa-rdfc-2022``     :mod:`~wallet.proofs.eddsa_rdfc_2022`   create, verify
``eddsa-2022``          :mod:`~wallet.proofs.eddsa_rdfc_2022`   verify
``Ed25519Signature2020``  :mod:`~wallet.proofs.eddsa_rdfc_2022` verify
``eddsa-jcs-2022``      :mod:`~wallet.proofs.eddsa_jcs_2022`    create, verify
``ecdsa-rdfc-2019``     :mod:`~wallet.proofs.ecdsa_rdfc_2019`   create, verify (P-256, P-384)
``ecdsa-jcs-2019``      :mod:`~wallet.proofs.ecdsa_jcs_2019`    create, verify (P-256, P-384)
``ecdsa-sd-2023``       :mod:`~wallet.proofs.ecdsa_sd_2023`     create base, derive, verify
                                                                derived; base as the holder
======================  ======================================  ==================
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

from wallet.proofs.base import DATA_INTEGRITY_PROOF, Cryptosuite

__all__ = ["CRYPTOSUITES", "PROOF_TYPES", "cryptosuite", "suite_for"]


class _Suites(Mapping[str, Cryptosuite]):
    """Name → suite, each suite's module imported when it is first asked for (verifying an
    eddsa-rdfc-2022 credential imports neither the ECDSA suites nor selective disclosure's CBOR);
    read-only."""

    def __init__(self, where: Mapping[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._found: dict[str, Cryptosuite] = {}

    def __getitem__(self, name: str) -> Cryptosuite:
        suite = self._found.get(name)
        if suite is None:
            module, attribute = self._where[name]
            suite = getattr(importlib.import_module(f"wallet.proofs.{module}"), attribute)
            self._found[name] = suite
        return suite

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


CRYPTOSUITES: Mapping[str, Cryptosuite] = _Suites(
    {
        "eddsa-rdfc-2022": ("eddsa_rdfc_2022", "SUITE"),
        "eddsa-2022": ("eddsa_rdfc_2022", "LEGACY"),
        "eddsa-jcs-2022": ("eddsa_jcs_2022", "SUITE"),
        "ecdsa-rdfc-2019": ("ecdsa_rdfc_2019", "SUITE"),
        "ecdsa-jcs-2019": ("ecdsa_jcs_2019", "SUITE"),
        "ecdsa-sd-2023": ("ecdsa_sd_2023", "SUITE"),
    }
)
"""``DataIntegrityProof`` cryptosuites, by the ``cryptosuite`` value."""

PROOF_TYPES: Mapping[str, Cryptosuite] = _Suites(
    {
        "Ed25519Signature2020": ("eddsa_rdfc_2022", "ED25519_SIGNATURE_2020"),
    }
)
"""Proofs older than Data Integrity, by their ``type``."""

_HOLDER: Mapping[str, Cryptosuite] = _Suites({"ecdsa-sd-2023": ("ecdsa_sd_2023", "HOLDER_SUITE")})


def cryptosuite(name: str) -> Cryptosuite | None:
    """The suite called ``name`` (a ``cryptosuite`` value or an older proof type)."""
    return CRYPTOSUITES.get(name) or PROOF_TYPES.get(name)


def suite_for(proof: Mapping[str, Any], *, holder: bool = False) -> Cryptosuite | None:
    """The suite that verifies ``proof``; ``None`` if the wallet has none. As the ``holder``,
    ecdsa-sd-2023 base proofs are accepted too (a verifier refuses them)."""
    if proof.get("type") == DATA_INTEGRITY_PROOF:
        name = proof.get("cryptosuite")
        if not isinstance(name, str):
            return None
        return (_HOLDER.get(name) if holder else None) or CRYPTOSUITES.get(name)
    kind = proof.get("type")
    return PROOF_TYPES.get(kind) if isinstance(kind, str) else None

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

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from wallet.proofs import (
    ecdsa_jcs_2019,
    ecdsa_rdfc_2019,
    ecdsa_sd_2023,
    eddsa_jcs_2022,
    eddsa_rdfc_2022,
)
from wallet.proofs.base import DATA_INTEGRITY_PROOF, Cryptosuite

__all__ = ["CRYPTOSUITES", "PROOF_TYPES", "cryptosuite", "suite_for"]

CRYPTOSUITES: Mapping[str, Cryptosuite] = MappingProxyType({s.name: s for s in (
    eddsa_rdfc_2022.SUITE,
    eddsa_rdfc_2022.LEGACY,
    eddsa_jcs_2022.SUITE,
    ecdsa_rdfc_2019.SUITE,
    ecdsa_jcs_2019.SUITE,
    ecdsa_sd_2023.SUITE,
)})
"""``DataIntegrityProof`` cryptosuites, by the ``cryptosuite`` value."""

PROOF_TYPES: Mapping[str, Cryptosuite] = MappingProxyType({
    "Ed25519Signature2020": eddsa_rdfc_2022.ED25519_SIGNATURE_2020,
})
"""Proofs older than Data Integrity, by their ``type``."""

_HOLDER = MappingProxyType({ecdsa_sd_2023.NAME: ecdsa_sd_2023.HOLDER_SUITE})


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

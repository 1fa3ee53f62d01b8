"""The JSON Canonicalization Scheme (RFC 8785), as the ``*-jcs-*`` cryptosuites use it.

The serialization is Trail of Bits' ``rfc8785`` package (checked here against the RFC's own
examples, ``tests/core/test_jcs.py``); this module only gives its failures the wallet's names:
a value JCS cannot represent — an integer outside ±(2**53 − 1), NaN or infinity, a non-string
object key, a lone surrogate — is a :class:`~wallet.errors.JcsError`, never a wrong hash.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from wallet.errors import JcsError

__all__ = ["canonicalize"]


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical form of ``value`` (parsed JSON), as UTF-8 bytes."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise JcsError(f"the JSON cannot be canonicalized (RFC 8785): {exc}") from None
    except (TypeError, ValueError, UnicodeError, RecursionError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise JcsError(f"the JSON cannot be canonicalized (RFC 8785): {reason}") from None

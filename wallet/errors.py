"""Every error the wallet raises, in one tree.

::

    WalletError
    ├── InputError                    the input cannot be read as a credential
    │   ├── MalformedJSONError        not JSON, or JSON the strict reader refuses: duplicate
    │   │                             keys, NaN, over-long numbers, unpaired surrogates
    │   ├── UnsupportedInputError     neither JSON, a JWT nor a baked badge
    │   ├── BakedBadgeError           a PNG/SVG that is damaged or carries no credential
    │   ├── InputTooLargeError        too many bytes, or JSON nested too deeply
    │   │   └── ImageTooLargeError    an image with more pixels than the wallet decodes
    │   ├── ImageError                an image that is not PNG, JPEG, GIF or WebP, or damaged
    │   ├── FrameworkError            a CASE package that is malformed (nothing is imported)
    │   ├── TrustListError            a trust list file that is not one (nothing is imported)
    │   ├── RecipientError            an Open Badges 2.0 recipient that cannot be matched: an
    │   │                             identity that is not text, an unknown hash algorithm
    │   ├── FolderError               a folder that cannot be made or used (a file is there)
    │   ├── DcqlError                 a DCQL query that is malformed or too large
    │   ├── NotAuthenticError         a credential read but not authentic (its proof, data
    │   │                             model or contexts fail): not admitted, nothing stored
    │   ├── OtherSubjectError         a credential received for another subject: its subject
    │   │                             does not bind the holder's key; nothing stored
    │   └── CborldError               a CBOR-LD payload or ``VP1-`` text that cannot be read
    │       ├── Vp1TextError          not ``VP1-B`` + base32: a wrong alphabet or length
    │       ├── CborldTruncatedError  the payload ends before its last item
    │       ├── CborldTagError        not CBOR-LD: no tag, an unknown tag, a tag inside
    │       ├── CborldTermError       a term or context id the table does not hold
    │       ├── CborldLimitError      a CBOR bomb: lengths, nesting or size over the bounds
    │       └── CborldMalformedError  anything else no CBOR-LD encoder writes
    │   ├── PdfError                  a PDF that cannot be read, or carries no presentation
    │   │   ├── PdfAttachmentError    no attached presentation, or more than one
    │   │   └── PdfActiveContentError a PDF with JavaScript or actions that launch things
    │   └── QrImageError              an image with several QR codes, or one that holds no
    │                                 credential or presentation
    ├── JsonLdError                   JSON-LD processing (always offline)
    │   ├── ContextNotAllowedError    a context URL that is not bundled (never fetched)
    │   ├── UndefinedTermError        safe mode: a property or type the contexts do not define
    │   ├── RelativeIriError          safe mode: an IRI that is not absolute
    │   ├── InvalidJsonLdError        the document is not valid JSON-LD
    │   ├── CborldEncodeError         a document CBOR-LD cannot carry exactly (an undefined
    │   │                             term, a value it would change)
    │   └── DocumentTooComplexError   more work than any real credential needs (hostile
    │       └── CanonicalizationLimitError  input): too many nodes or values, a quadratic
    │                                 merge, too many blank-node hashing steps
    ├── KeyFormatError                a key, multibase or JWK that cannot be decoded
    ├── DidResolutionError            a DID or verification method that cannot be resolved
    ├── ProofError                    a proof that cannot be created or checked
    │   ├── UnsupportedProofError
    │   ├── MalformedProofError       a proof value that cannot be read (CBOR, multibase, length)
    │   ├── KeyTypeError              a key of another type or curve than the cryptosuite's
    │   ├── BadSignatureError         a signature that does not match what it signs
    │   ├── DisclosureError           a derived proof whose statements and signatures disagree
    │   ├── BaseProofError            a selective-disclosure base proof shown to a verifier
    │   ├── SelectionError            a JSON pointer that selects nothing in the document
    │   └── JcsError                  JSON that RFC 8785 (JCS) cannot canonicalize
    ├── FetchError                    the injected fetcher could not get a document
    │   ├── FetchRefusedError         policy: not https, private address, redirect off-origin
    │   ├── ShareUnavailableError     a share link that is withdrawn, expired or mistyped
    │   └── FetchLimitError           too large or too slow
    ├── SigningError
    │   └── DataModelError            a document that breaks a VC Data Model MUST (names the
    │                                 rule: details["rule"], e.g. "VC-SUBJECT-EMPTY")
    ├── FontError                     no Unicode font to set a PDF in (install fonts-nanum)
    ├── QrTooLargeError               a presentation too large for one QR code (says how much)
    └── VaultError                    the encrypted vault
        ├── VaultLockedError          locked, or no key to open it
        ├── WrongPassphraseError
        ├── KeyringError              the OS keyring failed or lost the vault's key
        ├── IntegrityError            a record or blob was altered or damaged (names the item)
        ├── NotFoundError
        ├── ProfileError
        └── BackupError               a backup file that is damaged, foreign or too new
            └── BackupKdfError        key-derivation settings costlier than the wallet writes
    ExchangeError (WalletError)       an exchange with an issuer or a verifier failed
    ├── OfferError                    an offer that cannot be read or used
    ├── IssuerMetadataError           issuer or authorization-server metadata unusable
    ├── TokenError                    the token endpoint refused (e.g. a wrong tx_code)
    │   └── OfferUsedError            the offer's code is spent or expired (no tx_code asked)
    ├── CredentialRequestError        the credential endpoint refused (invalid_proof, …)
    ├── IssuanceRejectedError         what the issuer sent is not authentic or not ours
    ├── PresentationRequestError      a presentation request the wallet refuses (invalid_request)
    │   ├── RequestObjectError        a signed request whose signature, typ or kid is wrong
    │   │                             (invalid_request_object)
    │   ├── VerifierTrustError        who asks cannot be established: an x5c chain that does
    │   │                             not validate, a SAN that differs, a refused client_id
    │   │                             prefix (invalid_client)
    │   ├── VerifierKeyError          the verifier's encryption key cannot be used (nothing
    │   │                             is sent)
    │   └── TransactionDataError      transaction data the wallet does not understand
    │                                 (invalid_transaction_data)
    ├── NothingMatchesError           no credential in the wallet satisfies the query
    │                                 (access_denied)
    ├── AnswerRefusedError            the verifier refused the wallet's answer
    ├── ProblemDetailsError           an RFC 9457 problem from a VC-API exchange
    ├── ExchangeFlowError             a VC-API exchange that loops, redirects to another
    │   │                             origin or answers out of turn
    │   └── ExchangeRelayError        a VC-API exchange asks for a presentation for another
    │                                 website (its ``domain``): a relay; nothing is sent
    └── ResponseRejectedError         our verifier refuses an answer: replayed, for another
                                      request, expired, or bound to another nonce

Each class carries a stable ``code`` (used by the CLI's JSON output, the UI's message table and the
i18n layer); user-facing text is produced by :func:`wallet.record.report.describe_error` from the
error, never by ``str(exception)`` alone. Messages never contain key material.

Why one module over 600 lines: the tree above is the point of it — one place to read every
way the wallet can refuse something, and one import (``from wallet.errors import …``) at the
base of every layer. The classes are three lines each and hold no logic; splitting them by
layer would put the base of the import contracts in several modules and hide the tree.
"""

from __future__ import annotations

__all__ = [
    "BakedBadgeError",
    "BadSignatureError",
    "BaseProofError",
    "CanonicalizationLimitError",
    "CborldEncodeError",
    "CborldError",
    "CborldLimitError",
    "CborldMalformedError",
    "CborldTagError",
    "CborldTermError",
    "CborldTruncatedError",
    "ContextNotAllowedError",
    "DataModelError",
    "DidResolutionError",
    "DisclosureError",
    "DocumentTooComplexError",
    "FetchError",
    "FetchLimitError",
    "FetchRefusedError",
    "FontError",
    "FrameworkError",
    "TrustListError",
    "FolderError",
    "RecipientError",
    "InputError",
    "InputTooLargeError",
    "ImageError",
    "ImageTooLargeError",
    "InvalidJsonLdError",
    "JcsError",
    "JsonLdError",
    "KeyFormatError",
    "KeyTypeError",
    "MalformedProofError",
    "MalformedJSONError",
    "ProofError",
    "RelativeIriError",
    "SelectionError",
    "ShareUnavailableError",
    "SigningError",
    "UndefinedTermError",
    "UnsupportedInputError",
    "UnsupportedProofError",
    "VaultError",
    "VaultLockedError",
    "WrongPassphraseError",
    "KeyringError",
    "IntegrityError",
    "NotAuthenticError",
    "NotFoundError",
    "OtherSubjectError",
    "ProfileError",
    "BackupError",
    "BackupKdfError",
    "ExchangeError",
    "OfferError",
    "IssuerMetadataError",
    "OfferUsedError",
    "TokenError",
    "CredentialRequestError",
    "IssuanceRejectedError",
    "DcqlError",
    "PresentationRequestError",
    "RequestObjectError",
    "VerifierTrustError",
    "VerifierKeyError",
    "TransactionDataError",
    "NothingMatchesError",
    "AnswerRefusedError",
    "ProblemDetailsError",
    "ExchangeFlowError",
    "ExchangeRelayError",
    "ResponseRejectedError",
    "Vp1TextError",
    "PdfError",
    "PdfAttachmentError",
    "PdfActiveContentError",
    "QrImageError",
    "QrTooLargeError",
    "WalletError",
]


class WalletError(Exception):
    """Base of every error the wallet raises on purpose."""

    code = "wallet_error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InputError(WalletError):
    code = "unreadable_input"


class MalformedJSONError(InputError):
    code = "malformed_json"


class UnsupportedInputError(InputError):
    code = "unsupported_input"


class BakedBadgeError(InputError):
    code = "baked_badge"


class InputTooLargeError(InputError):
    code = "input_too_large"


class ImageTooLargeError(InputTooLargeError):
    """An image whose header declares more pixels (or a file of more bytes) than the wallet
    decodes (:mod:`wallet.formats.images`): refused before any pixel is decoded."""

    code = "image_too_large"


class ImageError(InputError):
    """An image the wallet does not read: not PNG, JPEG, GIF or WebP, or damaged."""

    code = "image"


class FrameworkError(InputError):
    code = "case_package"


class TrustListError(InputError):
    code = "trust_list"


class FolderError(InputError):
    """A folder the wallet was told to use (``share-server --data``) that cannot be made or
    used: a file has its name, or permission is lacking."""

    code = "folder"


class RecipientError(InputError):
    """An Open Badges 2.0 ``recipient`` (IdentityObject) that cannot be compared with anyone's
    identity: an identity that is not one string, a hash in an unknown algorithm."""

    code = "recipient"


class DcqlError(InputError):
    """A DCQL query (OpenID4VP 1.0 §6) that is malformed or larger than the wallet reads."""

    code = "dcql"


class NotAuthenticError(InputError):
    """A credential that was read but is not authentic — a failed proof, data-model rule or
    context (``details["result"]``: the verification): not admitted, however it arrived
    (:mod:`wallet.services.admission`)."""

    code = "not_authentic"


class OtherSubjectError(InputError):
    """A credential received for the holder whose subject is someone else: no subject
    identifier binds the holder's key (:func:`wallet.verification.binding.bind_key`)."""

    code = "other_subject"


class CborldError(InputError):
    """A CBOR-LD payload (or the ``VP1-`` text of an offline QR code) that cannot be read.
    Nothing of it is used; ``details`` may name the ``offset`` of the fault."""

    code = "cborld"


class Vp1TextError(CborldError):
    """Text that is not ``VP1-B`` followed by RFC 4648 base32 (upper case, no padding): a
    character outside the alphabet, a length no byte string has, bits left over."""

    code = "vp1_text"


class CborldTruncatedError(CborldError):
    code = "cborld_truncated"


class CborldTagError(CborldError):
    """Bytes that do not start with a CBOR-LD tag (legacy 0x0500/0x0501, or 0xcb1d), or that
    hold another CBOR tag inside."""

    code = "cborld_tag"


class CborldTermError(CborldError):
    """A term id, or a compressed context id, that the contexts named by the payload (and the
    registered context table) do not define."""

    code = "cborld_unknown_term"


class CborldLimitError(CborldError):
    """A CBOR bomb: a declared length longer than the bytes there are, nesting deeper than any
    document, a payload or a value larger than the bounds — refused before allocating."""

    code = "cborld_too_large"


class CborldMalformedError(CborldError):
    """CBOR that no CBOR-LD encoder writes: an indefinite length, a duplicate key, text that is
    not UTF-8, a value of the wrong kind for its term, bytes after the end."""

    code = "cborld_malformed"


class PdfError(InputError):
    """A PDF the wallet cannot read a presentation from: damaged, encrypted, or without one."""

    code = "pdf"


class PdfAttachmentError(PdfError):
    """A PDF whose attachments are not exactly one signed presentation: none, two or more
    (which one would be meant is not guessed), or an attachment that is not JSON."""

    code = "pdf_attachment"


class PdfActiveContentError(PdfError):
    """A PDF with JavaScript, or actions that launch programs, submit forms or import data:
    nothing the wallet writes has them, and a reader that runs them is attacked."""

    code = "pdf_active_content"


class QrImageError(InputError):
    """An image holding several QR codes (which to read is not guessed), or a QR code that
    holds neither a credential, a presentation nor a link the wallet opens."""

    code = "qr_image"


class JsonLdError(WalletError):
    code = "jsonld"


class ContextNotAllowedError(JsonLdError):
    code = "context_not_allowed"


class UndefinedTermError(JsonLdError):
    code = "undefined_term"


class RelativeIriError(JsonLdError):
    code = "relative_iri"


class InvalidJsonLdError(JsonLdError):
    code = "invalid_jsonld"


class CborldEncodeError(JsonLdError):
    """A document that CBOR-LD cannot carry exactly: a property no context defines, an ``id``
    or ``type`` that is not text, a context that is not a URL or an object, a value the
    decoder would not give back as it was."""

    code = "cborld_encode"


class DocumentTooComplexError(JsonLdError):
    """A document that would need more work than any real credential: too many objects,
    values or bytes, a node map that would merge quadratically, or blank nodes too costly to
    canonicalize (see :mod:`wallet.limits`). ``details["limit"]`` names the bound."""

    code = "document_too_complex"


class CanonicalizationLimitError(DocumentTooComplexError):
    """Blank nodes whose canonical labelling (RDFC-1.0 Hash N-Degree Quads) needs more steps or
    memory than :mod:`wallet.limits` allows."""

    code = "canonicalization_limit"


class KeyFormatError(WalletError):
    code = "key_format"


class DidResolutionError(WalletError):
    code = "did_resolution"


class ProofError(WalletError):
    code = "proof"


class UnsupportedProofError(ProofError):
    code = "unsupported_proof"


class MalformedProofError(ProofError):
    code = "malformed_proof"


class KeyTypeError(ProofError):
    """The verification method's key is not one the cryptosuite uses (an Ed25519 key for an
    ECDSA suite, a P-384 key for ecdsa-sd-2023, a signature sized for another curve)."""

    code = "wrong_key_type"


class BadSignatureError(ProofError):
    code = "bad_signature"


class DisclosureError(ProofError):
    """A derived (selective-disclosure) proof whose disclosed statements do not line up with
    its signatures: a statement added or left out."""

    code = "disclosure_mismatch"


class BaseProofError(ProofError):
    """An ecdsa-sd-2023 base proof where a derived proof belongs: base proofs are for the
    holder only."""

    code = "base_proof"


class SelectionError(ProofError):
    """A JSON pointer (RFC 6901) that selects nothing, or is not a valid pointer."""

    code = "bad_pointer"


class JcsError(ProofError):
    """A value that the JSON Canonicalization Scheme (RFC 8785) cannot represent."""

    code = "jcs"


class FetchError(WalletError):
    code = "fetch"


class FetchRefusedError(FetchError):
    code = "fetch_refused"


class ShareUnavailableError(FetchError):
    """A share link the share service no longer serves (withdrawn, expired, mistyped), or a
    share service that cannot be reached."""

    code = "share_unavailable"


class FetchLimitError(FetchError):
    code = "fetch_limit"


class SigningError(WalletError):
    code = "signing"


class DataModelError(SigningError):
    """The signer refuses a document that breaks a rule of the VC Data Model
    (:mod:`wallet.rules.vcdm`): ``details["rule"]`` is the rule's code, ``details["section"]`` the
    specification section it cites, ``details["path"]`` where."""

    code = "data_model"


class FontError(WalletError):
    code = "pdf_font"


class QrTooLargeError(WalletError):
    """What was to go in an offline QR code does not fit one (the largest holds 4,296
    characters of ``VP1-`` text at error correction L). ``details``: ``bytes`` (its CBOR-LD),
    ``capacity`` (the most one code holds) and ``over``: nothing is ever cut to fit."""

    code = "qr_too_large"


class VaultError(WalletError):
    code = "vault"


class VaultLockedError(VaultError):
    code = "vault_locked"


class WrongPassphraseError(VaultError):
    code = "wrong_passphrase"


class KeyringError(VaultError):
    code = "keyring"


class IntegrityError(VaultError):
    code = "integrity"


class NotFoundError(VaultError):
    code = "not_found"


class ProfileError(VaultError):
    code = "profile"


class BackupError(VaultError):
    code = "backup"


class BackupKdfError(BackupError):
    """A backup whose key-derivation settings ask for more work than the wallet itself writes
    (:mod:`wallet.storage.backup`): refused before any key is derived."""

    code = "backup_kdf"


class ExchangeError(WalletError):
    """An exchange failed; ``error`` is the protocol's error code when the other party gave
    one (RFC 6749 §5.2, OID4VCI §8.3.1.2), or the code this wallet answers with (OpenID4VP
    1.0 §8.5: :attr:`protocol_error` of the class unless given)."""

    code = "exchange"
    protocol_error: str | None = None

    def __init__(self, message: str, *, error: str | None = None, **details: object) -> None:
        super().__init__(message, **details)
        self.error = error if error is not None else self.protocol_error


class OfferError(ExchangeError):
    code = "offer"


class IssuerMetadataError(ExchangeError):
    code = "issuer_metadata"


class TokenError(ExchangeError):
    code = "token"


class OfferUsedError(TokenError):
    """The offer's pre-authorized code was refused and no transaction code was involved: the
    offer was used already, or has expired."""

    code = "offer_used"


class CredentialRequestError(ExchangeError):
    code = "credential_request"


class IssuanceRejectedError(ExchangeError):
    code = "issuance_rejected"


class PresentationRequestError(ExchangeError):
    """A presentation request (OpenID4VP, VC-API) the wallet refuses to answer."""

    code = "presentation_request"
    protocol_error = "invalid_request"


class RequestObjectError(PresentationRequestError):
    code = "request_object"
    protocol_error = "invalid_request_object"


class VerifierTrustError(PresentationRequestError):
    code = "verifier_trust"
    protocol_error = "invalid_client"


class VerifierKeyError(PresentationRequestError):
    """The key a verifier gives to encrypt the answer to (``direct_post.jwt``) cannot be used:
    malformed, not on its curve, or of a kind the wallet does not encrypt to. Found before
    anything is sent."""

    code = "verifier_key"


class TransactionDataError(PresentationRequestError):
    code = "transaction_data"
    protocol_error = "invalid_transaction_data"


class NothingMatchesError(ExchangeError):
    code = "nothing_matches"
    protocol_error = "access_denied"


class AnswerRefusedError(ExchangeError):
    code = "answer_refused"


class ProblemDetailsError(ExchangeError):
    """RFC 9457: ``details`` carry the problem's ``type``, ``title`` and ``status``."""

    code = "problem_details"


class ExchangeFlowError(ExchangeError):
    code = "exchange_flow"


class ExchangeRelayError(ExchangeFlowError):
    """A VC-API exchange names another origin as the presentation's ``domain``: what the
    learner signed would verify at that other website (a relay). Nothing is signed or sent."""

    code = "exchange_relay"


class ResponseRejectedError(ExchangeError):
    code = "response_rejected"
    protocol_error = "invalid_request"

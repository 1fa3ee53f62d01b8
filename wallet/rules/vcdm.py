"""The W3C Verifiable Credentials Data Model v2.0 rules — every MUST a document can break —
checked, for the verifier and the signer alike. The rules themselves, one table with their codes,
sections and levels, are :mod:`wallet.rules.vcdm_table`; this module walks a document through
them.

* The verifier (:mod:`wallet.verification.verify`) reports a violation through the four-level
  verdict: a rule whose breach changes what the document means (``error``) makes it *not
  verified*; the others are conformance findings (``finding``: *verified with warnings*, *not
  verified* under ``--strict``).
* The signer (:func:`wallet.proofs.dataintegrity.create_proof`, and so everything that signs: the
  learner's CLR and presentations, the demo issuer) refuses to sign a credential or presentation
  that breaks any of them: :class:`~wallet.errors.DataModelError`, naming the rule.

The Open Badges 3.0 / CLR 2.0 rules stay in :mod:`wallet.reading.structure`; where both speak of one
path, the verifier reports this module's rule
(:func:`wallet.verification.checks.structure_and_model`).

``VC-RELATED-MATCH`` is checked where the resource is at hand — an inline ``data:`` URL, bytes
the caller supplies (the learner's own files), a JSON-LD context the wallet bundles (the copy it
uses is the one that must match) — and reported as *unchecked* (:class:`DigestCheck`, a warning)
where it would need the network. Nothing here fetches anything; documents are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from wallet.credential import parse_datetime, type_names
from wallet.errors import DataModelError
from wallet.rules.digests import bundled_context_bytes, data_url_bytes, matches, read_digests
from wallet.rules.shapes import is_absolute_iri, is_text, join, show
from wallet.rules.vcdm_table import RULES, DigestCheck, Report, Rule, Violation
from wallet.vocab import VC1_CONTEXT, VC2_CONTEXT

__all__ = [
    "RULES",
    "DigestCheck",
    "Report",
    "Rule",
    "Violation",
    "check_credential",
    "check_document",
    "check_presentation",
    "require_conforming",
]


# --- the walk -------------------------------------------------------------------------------


class _Check:
    def __init__(self, doc: Mapping[str, Any], resources: Mapping[str, bytes] | None) -> None:
        self.doc = doc
        self.resources = resources or {}
        self.violations: list[Violation] = []
        self.digests: list[DigestCheck] = []
        self.v1 = _is_v1(doc)

    def add(self, code: str, path: str, message: str) -> None:
        rule = RULES[code]
        if self.v1 and not rule.v1:
            return
        self.violations.append(Violation(rule, path, message))

    def report(self) -> Report:
        return Report(tuple(self.violations), tuple(self.digests))

    # --- shared by credentials and presentations -----------------------------------------

    def context(self) -> None:
        ctx = self.doc.get("@context")
        first = VC1_CONTEXT if self.v1 else VC2_CONTEXT
        if ctx is None or ctx == []:
            self.add(
                "VC-CONTEXT-FIRST",
                "@context",
                f"@context is missing; its first item must be {first}",
            )
            return
        items = ctx if isinstance(ctx, list) else [ctx]
        if not isinstance(ctx, list | str | Mapping):
            self.add(
                "VC-CONTEXT-ITEMS",
                "@context",
                "@context must be a URL or a list of URLs and objects",
            )
            return
        if items[0] != first:
            self.add(
                "VC-CONTEXT-FIRST",
                "@context",
                f"the first @context item must be {first} (got {show(items[0])})",
            )
        seen: set[str] = set()
        for i, item in enumerate(items):
            p = f"@context[{i}]" if isinstance(ctx, list) else "@context"
            if isinstance(item, str):
                if not is_absolute_iri(item):
                    self.add("VC-CONTEXT-ITEMS", p, f"{p} must be a URL (got {show(item)})")
                elif item in seen:
                    self.add(
                        "VC-CONTEXT-ITEMS", p, f"{p} repeats {item}: @context is an ordered set"
                    )
                seen.add(item)
            elif not isinstance(item, Mapping):
                self.add(
                    "VC-CONTEXT-ITEMS", p, f"{p} must be a URL or an object (got {show(item)})"
                )

    def ident(self, node: Mapping[str, Any], path: str) -> None:
        if "id" in node and not is_absolute_iri(node["id"]):
            p = join(path, "id")
            self.add(
                "VC-ID",
                p,
                f"{p} must be a single URL such as https://… or urn:uuid:… "
                f"(got {show(node['id'])})",
            )

    def types(self, code: str, wanted: str) -> None:
        value = self.doc.get("type")
        names = type_names(value)
        if (
            value is None
            or value == []
            or (isinstance(value, list) and len(names) != len(value))
            or not names
        ):
            self.add(
                code,
                "type",
                f"type must be a string or a list of strings that includes "
                f"{wanted} (got {show(value)})",
            )
        elif wanted not in names:
            self.add(code, "type", f"type must include {wanted}")

    def entries(self, key: str, code: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """The objects under ``key`` with their paths; a non-object entry or one without a
        ``type`` breaks ``code`` (every entry of these properties must specify its type)."""
        value = self.doc.get(key)
        if value is None:
            return
        p = join("", key)
        items = (
            [(f"{p}[{i}]", v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [(p, value)]
        )
        if not items:
            self.add(code, p, f"{p} must hold one or more objects, each with a type")
        for item_path, item in items:
            if not isinstance(item, Mapping):
                self.add(
                    code, item_path, f"{item_path} must be an object with a type (got {show(item)})"
                )
                continue
            kind = item.get("type")
            names = type_names(kind)
            if kind is None or not names or (isinstance(kind, list) and len(names) != len(kind)):
                self.add(
                    code,
                    join(item_path, "type"),
                    f"{join(item_path, 'type')} is "
                    f"required: each {key} entry must specify its type",
                )
            yield item_path, item

    def unique(self, found: list[tuple[str, Mapping[str, Any]]], code: str, key: str) -> None:
        seen: set[str] = set()
        for item_path, item in found:
            ident = item.get("id")
            if isinstance(ident, str):
                if ident in seen:
                    self.add(
                        code,
                        join(item_path, "id"),
                        f"{join(item_path, 'id')} repeats "
                        f"{show(ident)}: two {key} entries must not share an id",
                    )
                seen.add(ident)

    # --- a credential ---------------------------------------------------------------------

    def credential(self) -> None:
        doc = self.doc
        self.context()
        self.ident(doc, "")
        self.types("VC-TYPE", "VerifiableCredential")
        for key in ("name", "description"):
            if doc.get(key) is not None and not is_text(doc[key]):
                self.add(
                    "VC-NAME",
                    key,
                    f"{key} must be a string or language value objects (got {show(doc[key])})",
                )
        self.issuer()
        self.subjects()
        if not self.v1:
            self.validity()
        statuses = list(self.entries("credentialStatus", "VC-STATUS-TYPE"))
        for item_path, item in statuses:
            self.ident(item, item_path)
        self.unique(statuses, "VC-STATUS-UNIQUE", "credentialStatus")
        schemas = list(self.entries("credentialSchema", "VC-SCHEMA-TYPE"))
        for item_path, item in schemas:
            if not is_absolute_iri(item.get("id")):
                p = join(item_path, "id")
                self.add(
                    "VC-SCHEMA-ID",
                    p,
                    f"{p} is required and must be a URL identifying "
                    f"the schema (got {show(item.get('id'))})",
                )
        self.unique(schemas, "VC-SCHEMA-UNIQUE", "credentialSchema")
        for key, code in (
            ("refreshService", "VC-REFRESH-TYPE"),
            ("termsOfUse", "VC-TERMS-TYPE"),
            ("evidence", "VC-EVIDENCE-TYPE"),
        ):
            for item_path, item in self.entries(key, code):
                self.ident(item, item_path)
        if not self.v1:
            self.related()

    def issuer(self) -> None:
        issuer = self.doc.get("issuer")
        if issuer is None:
            self.add("VC-ISSUER", "issuer", "issuer is required")
        elif isinstance(issuer, Mapping):
            if not is_absolute_iri(issuer.get("id")):
                self.add(
                    "VC-ISSUER",
                    "issuer.id",
                    f"issuer.id is required and must be a URL (got {show(issuer.get('id'))})",
                )
        elif not is_absolute_iri(issuer):
            self.add(
                "VC-ISSUER",
                "issuer",
                f"issuer must be a URL or an object with an id (got {show(issuer)})",
            )

    def subjects(self) -> None:
        value = self.doc.get("credentialSubject")
        if value is None or value == []:
            self.add("VC-SUBJECT", "credentialSubject", "credentialSubject is required")
            return
        items = (
            [(f"credentialSubject[{i}]", v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [("credentialSubject", value)]
        )
        for p, subject in items:
            if not isinstance(subject, Mapping):
                self.add("VC-SUBJECT", p, f"{p} must be an object (got {show(subject)})")
            elif not subject:
                self.add(
                    "VC-SUBJECT-EMPTY",
                    p,
                    f"{p} is an empty object: a credential subject "
                    "must be the subject of one or more claims",
                )
            else:
                self.ident(subject, p)

    def validity(self) -> None:
        for key in ("validFrom", "validUntil"):
            value = self.doc.get(key)
            if value is not None and not is_datetime_stamp(value):
                self.add(
                    "VC-VALIDITY-DATE",
                    key,
                    f"{key} must be an XSD dateTimeStamp with a "
                    f"time zone, like 2024-05-01T09:00:00Z (got {show(value)})",
                )
        start = parse_datetime(self.doc.get("validFrom"), require_zone=True)
        end = parse_datetime(self.doc.get("validUntil"), require_zone=True)
        if start is not None and end is not None and end < start:
            self.add(
                "VC-VALIDITY-ORDER",
                "validUntil",
                f"validUntil "
                f"({self.doc['validUntil']}) is earlier than validFrom "
                f"({self.doc['validFrom']})",
            )

    def related(self) -> None:
        value = self.doc.get("relatedResource")
        if value is None:
            return
        items = (
            [(f"relatedResource[{i}]", v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [("relatedResource", value)]
        )
        if not items:
            self.add(
                "VC-RELATED-OBJECT",
                "relatedResource",
                "relatedResource must hold one or more objects",
            )
        seen: set[str] = set()
        for p, item in items:
            if not isinstance(item, Mapping):
                self.add(
                    "VC-RELATED-OBJECT",
                    p,
                    f"{p} must be an object with an id and a digest (got {show(item)})",
                )
                continue
            ident = item.get("id")
            if not is_absolute_iri(ident):
                self.add(
                    "VC-RELATED-OBJECT",
                    join(p, "id"),
                    f"{join(p, 'id')} is required and must be a URL (got {show(ident)})",
                )
                ident = None
            elif ident in seen:
                self.add(
                    "VC-RELATED-UNIQUE",
                    join(p, "id"),
                    f"{join(p, 'id')} repeats {show(ident)}: each related resource is listed once",
                )
            else:
                seen.add(ident)
            digests = read_digests(item, p)
            if isinstance(digests, tuple):
                self.add("VC-RELATED-DIGEST", digests[0], digests[1])
            elif ident is not None:
                self.digests.append(self.compare(p, ident, digests))

    def compare(self, path: str, ident: str, digests: list[tuple[str, bytes]]) -> DigestCheck:
        content = self.resources.get(ident)
        source = "the file given"
        if content is None and ident.startswith("data:"):
            content, source = data_url_bytes(ident), "the inline data"
            if content is None:
                return DigestCheck(
                    path,
                    ident,
                    "mismatch",
                    f"{path}: the inline data: URL cannot be read, so it cannot match its digest",
                )
        if content is None:
            content, source = bundled_context_bytes(ident), "the wallet's copy of this context"
        if content is None:
            return DigestCheck(
                path,
                ident,
                "unchecked",
                f"{show(ident)} was not checked against its digest: that would need the network",
            )
        if matches(content, digests):
            return DigestCheck(path, ident, "matched", f"{show(ident)} matches its digest")
        return DigestCheck(
            path,
            ident,
            "mismatch",
            f"{show(ident)} does not match its digest "
            f"({source} differs from what the issuer secured)",
        )

    # --- a presentation ---------------------------------------------------------------------

    def presentation(self) -> None:
        doc = self.doc
        self.context()
        self.ident(doc, "")
        self.types("VP-TYPE", "VerifiablePresentation")
        holder = doc.get("holder")
        if holder is not None:
            ident = holder.get("id") if isinstance(holder, Mapping) else holder
            if not is_absolute_iri(ident):
                self.add(
                    "VP-HOLDER",
                    "holder",
                    f"holder must be a URL or an object whose id is a URL (got {show(holder)})",
                )
        value = doc.get("verifiableCredential")
        if value is None:
            return
        items = (
            [(f"verifiableCredential[{i}]", v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [("verifiableCredential", value)]
        )
        for p, item in items:
            if not isinstance(item, Mapping):
                self.add(
                    "VP-CREDENTIAL",
                    p,
                    f"{p} must be a credential object (or an "
                    f"EnvelopedVerifiableCredential), not {show(item)}",
                )
            elif "EnvelopedVerifiableCredential" in type_names(item.get("type")):
                ident = item.get("id")
                if item.get("@context") in (None, []):
                    self.add(
                        "VP-ENVELOPED",
                        join(p, "@context"),
                        f"{join(p, '@context')} is required in an EnvelopedVerifiableCredential",
                    )
                if not (isinstance(ident, str) and ident.startswith("data:") and "," in ident):
                    self.add(
                        "VP-ENVELOPED",
                        join(p, "id"),
                        f"{join(p, 'id')} must be a data: URL holding the enveloped credential",
                    )


# --- XSD dateTimeStamp (XML Schema 1.1 Part 2 §3.4.28) ----------------------------------------

_STAMP = re.compile(
    r"^-?(?:[1-9]\d{3,}|0\d{3})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?"
    r"(?:Z|[+-](\d\d):(\d\d))$",
    re.ASCII,
)


def is_datetime_stamp(value: Any) -> bool:
    """An ``xsd:dateTimeStamp`` lexically: a date and time with its time zone — of any year,
    even one :func:`wallet.credential.parse_datetime` cannot represent (9999-12-31T23:59:59-14:00
    is one; a verifier then cannot compare it, which is the validity check's to say)."""
    match = _STAMP.match(value) if isinstance(value, str) else None
    if match is None:
        return False
    month, day, hour, minute, second, fraction, zh, zm = match.groups()
    year = int(value[: value.index("-", 1)])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not 1 <= int(month) <= 12 or not 1 <= int(day) <= days[int(month) - 1]:
        return False
    end_of_day = (hour, minute, second) == ("24", "00", "00") and not (fraction or "").strip(".0")
    if (int(hour) > 23 and not end_of_day) or int(minute) > 59 or int(second) > 59:
        return False
    return zh is None or (int(zm) <= 59 and (int(zh) < 14 or (zh == "14" and zm == "00")))


# --- public API -----------------------------------------------------------------------------


def _is_v1(doc: Mapping[str, Any]) -> bool:
    ctx = doc.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    return VC1_CONTEXT in items and VC2_CONTEXT not in items


def check_credential(
    doc: Mapping[str, Any], *, resources: Mapping[str, bytes] | None = None
) -> Report:
    """Every rule a credential breaks (VC 1.1 documents: only the rules that hold for 1.1).
    ``resources`` (URL → bytes) are related resources at hand, checked against their
    digests. Never raises for any JSON value; ``doc`` is not changed."""
    if not isinstance(doc, Mapping):
        return Report((Violation(RULES["VC-TYPE"], "", "a credential must be a JSON object"),))
    check = _Check(doc, resources)
    check.credential()
    return check.report()


def check_presentation(
    doc: Mapping[str, Any], *, resources: Mapping[str, bytes] | None = None
) -> Report:
    """Every rule a presentation breaks itself. The credentials inside are each checked as
    the credentials they are (the verifier verifies each on its own; the signer of a
    presentation does not re-judge the credentials it carries — their issuers signed them)."""
    if not isinstance(doc, Mapping):
        return Report((Violation(RULES["VP-TYPE"], "", "a presentation must be a JSON object"),))
    check = _Check(doc, resources)
    check.presentation()
    return check.report()


def check_document(
    doc: Mapping[str, Any], *, resources: Mapping[str, bytes] | None = None
) -> Report | None:
    """The rules of what ``doc`` is: a presentation (its ``type`` says so, or it holds
    ``verifiableCredential`` or a ``holder``), else a credential when its ``type`` says so, it
    has a ``credentialSubject`` or its first ``@context`` is a VC context; ``None`` for other
    JSON-LD (a Data Integrity proof may secure any document)."""
    if not isinstance(doc, Mapping):
        return None
    names = type_names(doc.get("type"))
    ctx = doc.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    model = first in (VC2_CONTEXT, VC1_CONTEXT)
    if "VerifiablePresentation" in names or (
        model
        and "VerifiableCredential" not in names
        and ("verifiableCredential" in doc or "holder" in doc)
    ):
        return check_presentation(doc, resources=resources)
    if model or "VerifiableCredential" in names or "credentialSubject" in doc:
        return check_credential(doc, resources=resources)
    return None


def require_conforming(
    doc: Mapping[str, Any], *, resources: Mapping[str, bytes] | None = None
) -> None:
    """Raise :class:`~wallet.errors.DataModelError` naming the first rule ``doc`` breaks —
    any MUST, whatever its level, and a related resource at hand that does not match its
    digest; other JSON-LD documents pass (see :func:`check_document`)."""
    report = check_document(doc, resources=resources)
    if report is None:
        return
    if report.violations:
        first = report.violations[0]
        more = len(report.violations) - 1
        raise DataModelError(
            f"cannot sign: it breaks {first.code} ({first.rule.citation}): {first.message}"
            + (f"; and {more} more" if more else ""),
            rule=first.code,
            section=first.rule.citation,
            path=first.path,
        )
    if report.mismatches:
        bad = report.mismatches[0]
        rule = RULES["VC-RELATED-MATCH"]
        raise DataModelError(
            f"cannot sign: it breaks {rule.code} ({rule.citation}): {bad.message}",
            rule=rule.code,
            section=rule.citation,
            path=bad.path,
        )

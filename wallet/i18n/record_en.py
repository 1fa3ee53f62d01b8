"""What an employer reads, in English: the shared record (page and PDF), verdicts, every check
by its id and outcome (refined by its detail code), and every error by its code.

Keys ending in ``.one`` are the singular of the key without it (:func:`wallet.i18n.t` picks
them by ``count``).

Why one module over 600 lines: it is one table of sentences, not code — a key a line, kept in
the order of the screens, beside its twin in the other language so a translator reads both
side by side; splitting it would only scatter the keys (the i18n tests check every key used
is in both tables).
"""

from __future__ import annotations

RECORD: dict[str, str] = {
    # --- the record: header, learner, verdict --------------------------------------------------
    "record.title": "Learner record of {name}",
    "record.title_anonymous": "Shared learner record",
    "record.presented_by": "Presented by {name}",
    "record.presented_anonymous": "Presented by a learner who gave no name",
    "record.as_given": "as given by the learner",
    "record.signed_by_learner": "signed with the learner's own key",
    "record.holder_key": "Learner's key: {did}",
    "record.links": "The learner's links",
    "record.names_match": "{matched} of {total} issuers name their recipient {name}",
    "record.names_match.one": "{matched} of {total} issuer names their recipient {name}",
    "record.names_other": "{count} name someone else: {names}",
    "record.names_other.one": "{count} names someone else: {names}",
    "record.names_none": "The issuers do not name their recipient; the credentials are issued "
    "to the learner's key",
    "record.checked": "Checked {when}",
    "record.expires": "This link works until {when}",
    "record.part.presentation": "The presentation",
    "record.part.learner": "The learner's record",
    "record.language": "Language",
    "verdict.level.verified": "Verified",
    "verdict.level.verified_with_warnings": "Verified, with warnings",
    "verdict.level.issuer_not_confirmed": "Issuer not confirmed",
    "verdict.level.not_verified": "Not verified",
    "summary.credentials": "{count} credentials",
    "summary.credentials.one": "{count} credential",
    "summary.all_verified": "all verified",
    "summary.all_authentic": "all authentic",
    "summary.with_warnings": "{count} with warnings",
    "summary.with_warnings.one": "{count} with warnings",
    "summary.not_confirmed": "{count} with an issuer not confirmed",
    "summary.not_confirmed.one": "{count} with an issuer not confirmed",
    "summary.not_verified": "{count} not verified",
    "summary.not_verified.one": "{count} not verified",
    "summary.recognised": "issued by {count} recognised institutions",
    "summary.recognised.one": "issued by {count} recognised institution",
    "summary.some_recognised": "issued by {count} institutions, {recognised} recognised",
    "summary.some_recognised.one": "issued by {count} institution, {recognised} recognised",
    "summary.none_recognised": "issued by {count} institutions no trust list names",
    "summary.none_recognised.one": "issued by {count} institution no trust list names",
    "summary.presentation_problem": "the learner's record did not verify",
    "summary.inner_verified": "each verifies on its own",
    # --- a credential's card -------------------------------------------------------------------
    "card.credential": "Credential",
    "card.issued": "Issued {date}",
    "card.expires": "Expires {date}",
    "card.expired": "Expired {date}",
    "card.no_expiry": "Does not expire",
    "card.issued_by": "Issued by {issuer}",
    "card.issuer_unnamed": "an issuer that gives no name",
    "card.recognised_by": "Recognised by {list}",
    "card.recognised_as": "Recognised by {list} as {name}",
    "card.not_recognised": "Not on a trust list this service keeps; the name is the issuer's own",
    "card.issued_to": "Issued to {name}",
    "card.issued_to_other": "Issued to {name} (not the name the learner gives)",
    "card.result": "{label}: {value}",
    "card.result_default": "Result",
    "card.criteria": "How it was earned",
    "card.competencies": "Competencies",
    "card.framework": "Framework: {framework}",
    "card.includes": "Includes",
    "card.type.transcript": "Transcript",
    "type.Achievement": "Achievement",
    "type.Assessment": "Assessment",
    "type.AssociateDegree": "Associate degree",
    "type.Award": "Award",
    "type.Badge": "Badge",
    "type.BachelorDegree": "Bachelor's degree",
    "type.Certificate": "Certificate",
    "type.Certification": "Certification",
    "type.CommunityService": "Community service",
    "type.Competency": "Competency",
    "type.Course": "Course",
    "type.Degree": "Degree",
    "type.Diploma": "Diploma",
    "type.Fieldwork": "Fieldwork",
    "type.License": "License",
    "type.LearningProgram": "Learning program",
    "type.MasterDegree": "Master's degree",
    "type.MicroCredential": "Micro-credential",
    "card.credits": "{count} credits",
    "card.credits.one": "{count} credit",
    # --- how this was checked, and the learner's own material ---------------------------------
    "checks.title": "How this was checked",
    "checks.intro": "Each credential was checked by this service when the page was opened: "
    "its signature, who signed it, its dates and whether the issuer revoked it.",
    "checks.presentation": "The presentation as a whole",
    "checks.learner_record": "The learner's record that carries the credentials",
    "checks.technical": "Technical detail: {message}",
    "outcome.passed": "Passed",
    "outcome.failed": "Failed",
    "outcome.warning": "Warning",
    "outcome.skipped": "Did not apply",
    "learner.title": "From the learner",
    "learner.intro": "Written or provided by the learner; no issuer vouches for it.",
    "learner.reflection": "Learner-asserted · Reflection",
    "learner.artifact": "Learner-asserted · Work sample",
    "learner.untitled": "Untitled",
    "learner.download": "Download the file",
    "learner.open_link": "Open the link",
    "learner.about": "About: {names}",
    "learner.file_intact": "The file is exactly the one the learner signed",
    "learner.file_changed": "The file was changed after the learner signed it",
    "learner.file_unchecked": "The file could not be checked",
    "claims.title": "Claims no issuer supports",
    "claims.body": "The learner lists these achievements, but no issuer-signed credential here "
    "awards them:",
    "raw.download": "Download the presentation (JSON)",
    "raw.hint": "verify it yourself with any W3C Verifiable Credentials verifier",
    "gone.title": "Link not available",
    "gone.rate_limited": "Too many requests; try again in a minute.",
    "gone.unknown": "There is no such shared record.",
    "gone.revoked": "The learner has withdrawn this link.",
    "gone.expired": "This link has expired.",
    "gone.used_up": "This link has been viewed as many times as the learner allowed.",
    "gone.wrong": "This link is incomplete or wrong.",
    "gone.unavailable": "This link is no longer available.",
    "gone.unreadable": "This shared record is not readable.",
    "gone.no_file": "There is no such file in this shared record.",
    "gone.bad_file": "This file cannot be opened: it is damaged, or not part of this shared "
    "record.",
    # --- the employer's request page (our verifier) ----------------------------------------------
    "askform.page_title": "Ask for credentials",
    "askform.title": "Ask a learner for credentials",
    "askform.intro": (
        "Choose what you need. You get a QR code to show the learner; their wallet "
        "answers, and the answer appears on the same page, checked."
    ),
    "askform.purpose": "Why you ask (the learner sees this)",
    "askform.purpose_default": "Job application: data analyst",
    "askform.credential": "Credential {n}",
    "askform.credential_optional": "Credential {n} (optional)",
    "askform.kind": "What",
    "askform.count": "How many",
    "askform.competency": "Showing the skill (its name, or its address in a skills framework)",
    "askform.competency_hint": "Clean and prepare tabular data",
    "askform.issuer": "Issued by (optional: the school's web address or identifier)",
    "askform.advanced": "Advanced",
    "askform.format": "Format",
    "askform.type.OpenBadgeCredential": "a badge (Open Badge)",
    "askform.type.ClrCredential": "a learner record (transcript, CLR)",
    "askform.type.VerifiableCredential": "any credential",
    "askform.type.none": "nothing",
    "askform.format.any": "any format (recommended)",
    "askform.format.ldp_vc": "linked-data credentials only (Data Integrity, JSON-LD)",
    "askform.format.jwt_vc_json": "token credentials only (VC-JWT)",
    "askform.how": "Advanced: how the request is sent",
    "askform.how_hint": "The defaults suit most uses; change them only if your IT team asks.",
    "askform.prefix": "How the learner's wallet knows it is you",
    "askform.prefix.decentralized_identifier": (
        "the request is sealed, so it cannot be changed on the way (signed, did:key) — default"
    ),
    "askform.prefix.did_web": "the request is signed as this website (did:web)",
    "askform.prefix.x509_san_dns": "the request is signed with this website's certificate (X.509)",
    "askform.prefix.redirect_uri": (
        "not signed: the wallet shows you as not verified (redirect_uri)"
    ),
    "askform.mode": "How the answer comes back",
    "askform.mode.direct_post": "sent to this page (direct_post) — default",
    "askform.mode.direct_post.jwt": "encrypted for this page (direct_post.jwt)",
    "askform.method": "How the wallet fetches the request",
    "askform.method.get": "it reads the request (request URI by GET) — default",
    "askform.method.post": "it tells what it supports first (request URI by POST, with wallet "
    "metadata)",
    "askform.create": "Create the request",
    "ask.decline_reported": "A decline was reported — not authenticated",
    "ask.decline_body": "A wallet said: “{reason}”. Anyone who has this request's link could "
    "send that, so the request stays open: the learner can still answer.",
    "ask.unshowable": "An answer arrived that this page cannot show",
    "ask.unshowable_body": "It is not verified. Its content is not shown.",
    "ask.no_request": "There is no such request.",
    "ask.qr_alt": "QR code of the request",
    "ask.waiting.title": "Waiting for the learner",
    "ask.waiting.scan": "Asking for {what}. Scan with a wallet (OpenID4VP), or open the link on "
    "the phone.",
    "ask.waiting.link": "Link",
    "ask.waiting.interaction": "Interaction URL (VCALM: OpenID4VP or VC-API)",
    "ask.waiting.expires": "Expires in {minutes} min {seconds} s · this page refreshes itself",
    "ask.failed_answer": "An answer arrived but did not verify",
    "ask.expired.title": "Expired",
    "ask.expired.heading": "This request has expired",
    "ask.expired.body": "Create a new one.",
    "ask.thanks.title": "Sent",
    "ask.thanks.heading": "Thank you",
    "ask.thanks.body": "Your answer reached the employer.",
    "ask.what.OpenBadgeCredential": "{count} Open Badges",
    "ask.what.OpenBadgeCredential.one": "an Open Badge",
    "ask.what.ClrCredential": "{count} learner records (CLR)",
    "ask.what.ClrCredential.one": "a learner record (CLR)",
    "ask.what.any": "{count} credentials",
    "ask.what.any.one": "any credential",
    "ask.label.plain": "{what}",
    "ask.label.competency": "{what} showing the competency {competency}",
    "ask.label.issuer": "{what} issued by {issuer}",
    "ask.label.both": "{what} showing the competency {competency}, issued by {issuer}",
    "ask.list_separator": "; ",
    "answer.title": "{verdict}: an answer arrived",
    "answer.answered": "Answered over {protocol} on {when}",
    "answer.protocol.oid4vp": "OpenID4VP",
    "answer.protocol.vcapi": "a VC-API exchange",
    "answer.holder": "Sent by the holder of the key {did}",
    "answer.holder_unknown": "Sent by a holder who gave no identifier",
    "answer.asked": "You asked for: {what}",
    "answer.problems": "{count} problems: the answer does not match the request, or a part of "
    "it could not be verified.",
    "answer.problems.one": "{count} problem: the answer does not match the request, or a part "
    "of it could not be verified.",
    # --- the PDF --------------------------------------------------------------------------------
    "pdf.exported": "Exported {when}",
    "pdf.verdict": "Verdict when exported: {verdict} (checked {when})",
    "pdf.scan": "Scan to verify",
    "pdf.open": "or open the link:",
    "pdf.no_link": "The signed presentation is the file {name}; verify it with any W3C "
    "Verifiable Credentials verifier.",
    "pdf.page": "Page {page} of {pages}",
    "pdf.no_image": "Image not shown",
    "pdf.qr_title": "Shared learner record",
    "pdf.qr_body": "Scan the code, or open the link:",
    # --- shared links, as the learner sees them ------------------------------------------------
    "pdf.banner": "{verdict} when exported — not proof by itself",
    "pdf.banner_link": "{verdict} when exported — check it again at the link",
    "pdf.not_proof": (
        "A PDF can be edited by anyone: what it says, its colours and this box "
        "prove nothing. The signatures do — check them as below."
    ),
    "pdf.card_scan": "Scan to verify — works without the internet",
    "pdf.card_code": (
        "This QR code holds the credential itself, signed by its issuer (a VP1 "
        "code, QR version {version}-{level})."
    ),
    "pdf.card_too_large": (
        "This credential does not fit one QR code: compressed, it is "
        "{size} bytes, {over} bytes more than one code holds. Check it from "
        "the file attached to this PDF{or_link}."
    ),
    "pdf.card_or_link": " or at the link",
    "pdf.card_no_code": (
        "This credential cannot be put in an offline QR code (it is a JWT, or "
        "uses terms the format cannot carry). Check it from the file attached "
        "to this PDF{or_link}."
    ),
    "pdf.howto.title": "How to check this PDF with no server",
    "pdf.howto.qr": (
        "Scan a credential's QR code with a verifier that reads VP1 codes (the DCC "
        "Learner Credential Wallet, or `wallet verify` on a photo of it): the "
        "credential and its issuer's signature are in the code, so nothing is "
        "looked up online."
    ),
    "pdf.howto.file": (
        "This PDF carries the signed presentation as an attached file, {name} "
        "(SHA-256 {digest}). Open the PDF's attachments, or run `wallet verify` "
        "on this PDF; any W3C Verifiable Credentials verifier checks the file."
    ),
    "pdf.howto.expires": (
        "The learner's signature on the attached file is valid until {when}; "
        "the credentials inside, and each QR code, stay verifiable as long as "
        "their issuers' signatures and validity dates allow."
    ),
    "pdf.howto.link": "The link checks it again online, until {when}.",
    "pdf.howto.no_file": (
        "This PDF carries no signed file: it must be checked from the signed "
        "presentation it was made from."
    ),
    "check.title": "Check a PDF or a QR image",
    "check.intro": (
        "Upload the PDF a learner's wallet saved (it carries the signed "
        "presentation), a picture of an offline QR code, or paste the code's text. "
        "Nothing you upload is kept."
    ),
    "check.file": "A PDF or a QR image (at most {mb} MB)",
    "check.text": "…or the text of an offline QR code (VP1-…)",
    "check.go": "Check",
    "check.empty": "Choose a file, or paste the text of an offline QR code.",
    "check.unreadable": "This could not be checked: {reason}",
    "check.too_large": "The file is too large (at most {mb} MB), or was not sent in time.",
    "check.busy": "Too many checks right now; try again in a minute.",
    "check.from_pdf": "Checked from the signed presentation attached to {name}",
    "check.from_qr": "Checked from the offline QR code in {name}",
    "check.from_vp1": "Checked from the offline QR code's text",
    "check.from_file": "Checked from {name}",
    "share.status.active": "active",
    "share.status.expired": "expired",
    "share.status.withdrawn": "withdrawn",
    "share.status.used_up": "used up",
    "share.views": "{count} views",
    "share.views.one": "{count} view",
    "share.last_view": "last viewed {when}",
    "share.never_viewed": "not viewed yet",
    "share.views_unknown": "views unknown ({reason})",
    "share.until": "until {when}",
    "share.credentials": "{count} credentials",
    "share.credentials.one": "{count} credential",
    # the CLI report (wallet verify --lang)
    "report.unreadable": "UNREADABLE",
    "report.unnamed_presentation": "(unnamed presentation)",
    "report.unnamed_credential": "(unnamed credential)",
    "report.issuer": "issuer",
    "report.holder": "holder",
    "report.type": "type",
    "report.endorsement": "endorsement",
    # --- check names ----------------------------------------------------------------------------
    "check.title.format": "Readable",
    "check.title.structure": "Well-formed",
    "check.title.jsonld": "Every term defined",
    "check.title.proof": "Signature",
    "check.title.issuer_binding": "Issuer's key",
    "check.title.validity": "Dates",
    "check.title.status": "Revocation",
    "check.title.endorsements": "Endorsements",
    "check.title.nested": "Credentials inside",
    "check.title.holder_binding": "Learner's key",
    "check.title.challenge": "Made for this link",
    "check.title.claims": "Claims backed by issuers",
    "check.title.evidence": "Attached files",
    "check.title.conformance": "Standards",
    "check.title.recognition": "Recognised issuer",
    "check.title.related_resources": "Linked resources",
    # the CLI's short labels (wallet verify)
    "check.label.format": "readable",
    "check.label.structure": "structure",
    "check.label.jsonld": "JSON-LD",
    "check.label.proof": "signature",
    "check.label.issuer_binding": "issuer's key",
    "check.label.validity": "validity",
    "check.label.status": "status",
    "check.label.endorsements": "endorsements",
    "check.label.nested": "contents",
    "check.label.holder_binding": "holder's key",
    "check.label.challenge": "challenge",
    "check.label.claims": "learner's claims",
    "check.label.evidence": "evidence",
    "check.label.conformance": "conformance",
    "check.label.recognition": "recognised by",
    "check.label.related_resources": "related resources",
    # --- every check, by id and outcome (then refined by its detail code) ----------------------
    "check.format.passed": "It could be read.",
    "check.format.failed": "It could not be read as a credential.",
    "check.format.warning": "It could be read, with difficulty.",
    "check.format.skipped": "Reading it was not needed.",
    "check.structure.passed": "It has every part its kind of credential requires.",
    "check.structure.failed": "Parts it must have are missing or malformed, so it cannot be "
    "relied on.",
    "check.structure.warning": "Some of its parts are unusual.",
    "check.structure.skipped": "Its structure was not checked.",
    "check.jsonld.passed": "Every term in it has a defined meaning, so nothing was left out of "
    "what was signed.",
    "check.jsonld.failed": "It uses terms without a defined meaning, so its signature cannot be "
    "checked.",
    "check.jsonld.failed.context_not_allowed": "It refers to a vocabulary this service does not "
    "know, so its signature cannot be checked.",
    "check.jsonld.warning": "Some of its terms are unusual.",
    "check.jsonld.skipped": "Not needed for this format.",
    "check.proof.passed": "The signature is valid: nothing was changed after it was signed.",
    "check.proof.failed": "The signature could not be verified: it was changed after it was "
    "signed, or signed by someone else.",
    "check.proof.failed.bad_signature": "The signature does not match: it was changed after it "
    "was signed.",
    "check.proof.failed.no_proof": "It carries no signature.",
    "check.proof.failed.unsupported_suite": "It is signed in a way this service cannot check.",
    "check.proof.failed.proof_expired": "Its signature has expired.",
    "check.proof.failed.did_resolution": "The key that signed it could not be found.",
    "check.proof.failed.wrong_purpose": "Its signature was made for another purpose.",
    "check.proof.failed.broken_chain": "Its chain of signatures is broken: a countersignature, "
    "or a signature it builds on, does not verify.",
    "check.proof.failed.too_many_proofs": "It carries more signatures than any real credential "
    "does, so none was checked.",
    "check.proof.warning": "It also carries signatures that could not be used.",
    "check.proof.skipped": "The signature was not checked.",
    "check.issuer_binding.passed": "The key that signed it belongs to the issuer.",
    "check.issuer_binding.passed.trusted_key": "A trust list vouches for the key that signed it.",
    "check.issuer_binding.failed": "It was signed with a key the issuer does not list as its own.",
    "check.issuer_binding.failed.no_issuer": "It names no issuer.",
    "check.issuer_binding.warning": "Nothing ties the key that signed it to the issuer it names: "
    "anyone can sign in any name.",
    "check.issuer_binding.skipped": "There is no valid signature to tie to an issuer.",
    "check.holder_binding.passed": "The learner signed it with their own key.",
    "check.holder_binding.passed.trusted_key": "A trust list vouches for the key that signed it.",
    "check.holder_binding.failed": "It was signed with a key that is not the learner's.",
    "check.holder_binding.warning": "Nothing ties the key that signed it to the learner it names.",
    "check.holder_binding.warning.no_holder": "It does not say which learner presents it.",
    "check.holder_binding.skipped": "There is no valid signature to tie to the learner.",
    "check.validity.passed": "It is within its validity dates.",
    "check.validity.passed.until": "It is valid until {date}.",
    "check.validity.failed": "It is outside its validity dates.",
    "check.validity.failed.expired": "It expired on {date}.",
    "check.validity.failed.not_yet_valid": "It is not valid yet (from {date}).",
    "check.validity.failed.bad_date": "Its dates cannot be read.",
    "check.validity.warning": "Its dates are unusual.",
    "check.validity.skipped": "It has no dates to check.",
    "check.status.passed": "The issuer has not revoked it.",
    "check.status.failed": "The issuer has withdrawn it.",
    "check.status.failed.revoked": "The issuer has revoked it.",
    "check.status.failed.suspended": "The issuer has suspended it.",
    "check.status.warning": "Whether the issuer revoked it could not be checked: the issuer's "
    "list could not be reached.",
    "check.status.skipped": "The issuer gives no way to revoke it.",
    "check.status.skipped.not_checked": "Revocation was not checked.",
    "check.endorsements.passed": "Its endorsements are genuine.",
    "check.endorsements.failed": "Its endorsements are not genuine.",
    "check.endorsements.warning": "Some of its endorsements could not be verified.",
    "check.endorsements.skipped": "It carries no endorsements.",
    "check.nested.passed": "Every credential inside verified.",
    "check.nested.failed": "A credential inside did not verify.",
    "check.nested.warning": "Every credential inside is authentic; some carry warnings.",
    "check.nested.warning.issuer_not_confirmed": "The issuer of a credential inside could not "
    "be confirmed.",
    "check.nested.skipped": "It carries no credentials.",
    "check.challenge.passed": "It was made for this very link, so it is not a copy replayed "
    "from elsewhere.",
    "check.challenge.failed": "It was made for another request: it may be a copy replayed from "
    "elsewhere.",
    "check.challenge.failed.domain_mismatch": "It was made for another verifier.",
    "check.challenge.warning": "It may not have been made for this request.",
    "check.challenge.skipped": "Whether it was made for this request was not checked.",
    "check.claims.passed": "Every achievement the learner lists is awarded by an issuer-signed "
    "credential.",
    "check.claims.failed": "The learner lists achievements no issuer-signed credential awards.",
    "check.claims.warning": "The learner lists achievements no issuer-signed credential awards.",
    "check.claims.skipped": "The learner lists no achievements of their own.",
    "check.evidence.passed": "The attached files are exactly those that were signed.",
    "check.evidence.failed": "An attached file was changed after it was signed.",
    "check.evidence.warning": "Some attached files could not be checked.",
    "check.evidence.skipped": "There are no attached files to check.",
    "check.evidence.skipped.listed": "The evidence listed is described or linked by the issuer; "
    "none of it is an attached file whose fingerprint could be "
    "compared.",
    "check.conformance.passed": "It follows the standards.",
    "check.conformance.failed": "It departs from the standards.",
    "check.conformance.warning": "It departs from the standards in small ways that do not "
    "change what it says.",
    "check.conformance.skipped": "Conformance was not checked.",
    "check.recognition.passed": "A trust list ({list}) recognises the issuer.",
    "check.recognition.passed.named": "A trust list ({list}) recognises the issuer as {name}.",
    "check.recognition.failed": "No trust list recognises the issuer.",
    "check.recognition.warning": "No trust list this service keeps names the issuer; its name "
    "is as the issuer gives it.",
    "check.recognition.skipped": "No trust list was consulted.",
    # --- Open Badges 2.0 badges on a card (wallet.record.badge) ---------------------------
    "card.narrative": "What was done",
    "card.evidence": "Evidence",
    "card.ob2": "Open Badges 2.0",
    "card.ob2.unchecked": "An Open Badges 2.0 badge, not an Open Badges 3.0 credential: it could "
    "not be checked",
    "card.ob2.hosted": "Open Badges 2.0 · hosted by {origin}",
    "card.ob2.signed": "Open Badges 2.0 · signed by {issuer}",
    "card.ob2.checked_hosted": (
        "An Open Badges 2.0 badge, not an Open Badges 3.0 "
        "credential: checked with its host, {origin}, which must serve "
        "this very badge where its issuer says its badges are"
    ),
    "card.ob2.checked_signed": (
        "An Open Badges 2.0 badge, not an Open Badges 3.0 "
        "credential: checked by its signature (JWS), made with a key "
        "{issuer} lists in its own profile"
    ),
    "card.ob2.awarded_you": "Awarded to the learner: it names one of their identities",
    "card.ob2.awarded_other": "Awarded to someone else: it names none of the learner's identities",
    "summary.ob2_badges": "{count} Open Badges 2.0 badges, checked the Open Badges 2.0 way",
    "summary.ob2_badges.one": "{count} Open Badges 2.0 badge, checked the Open Badges 2.0 way",
    # --- Open Badges 2.0 (wallet.ob2.verify): the recipient, and the details of its checks -----
    "check.title.recipient": "Awarded to",
    "check.label.recipient": "recipient",
    "check.recipient.passed": "It was awarded to this learner.",
    "check.recipient.failed": "It was awarded to someone else.",
    "check.recipient.failed.recipient_unreadable": "Who it was awarded to cannot be read.",
    "check.recipient.warning": "It was awarded to a kind of identity the learner has not given, "
    "so whether it is theirs cannot be told.",
    "check.recipient.skipped": "Who it was awarded to was not compared with the learner's "
    "identities.",
    "check.structure.failed.document_unavailable": "A document the badge is made of (its "
    "BadgeClass or its issuer's profile) could not "
    "be fetched.",
    "check.structure.failed.cycle": "The badge's documents point back at each other.",
    "check.structure.failed.claim_mismatch": "The endorsement is about something else.",
    "check.jsonld.failed.context_redefines": "It gives Open Badges terms another meaning than "
    "the standard's.",
    "check.jsonld.skipped.not_jsonld": "An Open Badges 1.0 badge has no terms to check.",
    "check.proof.passed.hosted": "Its issuer's web site serves this very badge.",
    "check.proof.passed.signed": "Its signature is valid, made with a key of its issuer.",
    "check.proof.failed.hosted_mismatch": "Its issuer's web site serves a different badge: "
    "this copy was changed.",
    "check.proof.failed.http_status": "Its issuer's web site does not serve it.",
    "check.proof.failed.redirected": "Its web address sends readers to another site.",
    "check.proof.failed.html": "A web page came back where the badge itself was expected.",
    "check.proof.failed.fetch_limit": "The answer was too large or too slow.",
    "check.proof.failed.fetch_refused": "Its address is not one the wallet may reach.",
    "check.proof.failed.unreachable": "Its issuer's web site could not be reached.",
    "check.proof.failed.not_json": "Its issuer's web site does not answer with the badge.",
    "check.proof.failed.id_mismatch": "The document at its address says it is another one.",
    "check.proof.failed.signed_without_jws": "It says it is signed, but came without its "
    "signature.",
    "check.proof.failed.hosted_no_url": "It has no web address to be checked at.",
    "check.proof.failed.alg_refused": "It is signed in a way anyone could imitate; refused.",
    "check.proof.failed.no_key": "Its issuer publishes no key to check the signature with.",
    "check.proof.skipped.hosted_gone": "Its issuer's web site no longer serves it.",
    "check.proof.skipped.key_not_listed": "It was signed with a key that is not its issuer's.",
    "check.proof.skipped.key_owner_mismatch": "The key that signed it belongs to someone else.",
    "check.proof.skipped.unsigned_presentation": (
        "It is not signed by whoever presents it: "
        "the credentials inside prove themselves, each by its issuer's signature."
    ),
    "check.proof.warning.issuer_not_confirmed": "Not re-checked: offline. Only its issuer's web "
    "site can vouch for it.",
    "check.proof.warning.offline_since": "Not re-checked: offline. Its issuer last vouched for "
    "it on {date}.",
    "check.issuer_binding.passed.hosted_scope": "It is hosted where its issuer says its badges "
    "are.",
    "check.issuer_binding.passed.key_listed": "The key that signed it is listed in its issuer's "
    "own profile.",
    "check.issuer_binding.failed.outside_scope": "It is hosted on another site than its "
    "issuer's: anyone can host a copy.",
    "check.issuer_binding.failed.no_scope": "Its issuer has no web address to check it against.",
    "check.issuer_binding.failed.key_not_listed": "It was signed with a key its issuer does not "
    "list.",
    "check.issuer_binding.failed.key_owner_mismatch": "The key that signed it belongs to "
    "another issuer.",
    "check.issuer_binding.warning.not_rechecked": "Where it is hosted was not re-checked: offline.",
    "check.status.passed.hosted": "Its issuer's web site still serves it and has not revoked it.",
    "check.status.warning.not_rechecked": "Whether it was revoked was not re-checked: offline.",
    "check.related_resources.passed": "The resources it links to are exactly those its issuer "
    "secured.",
    "check.related_resources.failed": "A resource it links to was changed after its issuer "
    "secured it.",
    "check.related_resources.warning": "Some resources it links to could not be checked "
    "without going online.",
    "check.related_resources.skipped": "It links to no resources to check.",
    # --- errors, by code (wallet.errors) -------------------------------------------------------
    "error.answer_refused": "The verifier refused the answer.",
    "error.dcql": "The request's query (DCQL) is malformed or too large.",
    "error.not_authentic": (
        "The credential is not authentic (its signature, data or contexts "
        "do not check out); it was not stored."
    ),
    "error.other_subject": "The credential was issued to someone else, not to you; it was not "
    "stored.",
    "error.cborld": "The content of the offline QR code (CBOR-LD) cannot be read.",
    "error.vp1_text": (
        "This is not the text of an offline QR code (VP1-…): a character is wrong or missing."
    ),
    "error.cborld_truncated": "The content of the offline QR code is cut short.",
    "error.cborld_tag": "This is not compressed linked data (CBOR-LD) this wallet reads.",
    "error.cborld_unknown_term": (
        "The offline QR code uses a term its vocabularies do not "
        "define: it was changed, or made for other vocabularies."
    ),
    "error.cborld_too_large": (
        "The content of the offline QR code declares sizes or nesting "
        "far beyond any credential; it was refused."
    ),
    "error.cborld_malformed": "The content of the offline QR code is damaged.",
    "error.cborld_encode": (
        "It cannot be put in an offline QR code: it uses a term without a "
        "defined meaning, or a value the format would change."
    ),
    "error.pdf": "This PDF cannot be read: it is damaged, encrypted or not a PDF.",
    "error.pdf_attachment": (
        "This PDF does not carry exactly one signed presentation as an "
        "attached file, so it cannot be checked by itself."
    ),
    "error.pdf_active_content": (
        "This PDF holds JavaScript or actions that launch programs; it was refused."
    ),
    "error.qr_image": (
        "The image holds several QR codes, or a code that holds no credential: "
        "crop it to the one code to read."
    ),
    "error.qr_too_large": (
        "It does not fit one QR code; nothing was cut to fit. Share a link instead."
    ),
    "error.exchange_flow": "The exchange did not go as the protocol says; nothing was stored.",
    "error.exchange_relay": (
        "The exchange asks you to sign an answer for another website, "
        "which it could pass on as yours; refused, nothing was sent."
    ),
    "error.nothing_matches": "None of your credentials matches what is asked for.",
    "error.presentation_request": "The request for credentials cannot be read or used.",
    "error.problem_details": "The other party reported a problem.",
    "error.request_object": "The signed request is malformed or its signature does not check.",
    "error.response_rejected": (
        "The answer was refused: it was made for another request, replayed, or does not verify."
    ),
    "error.transaction_data": "The request carries transaction data this wallet does not know.",
    "error.verifier_trust": "Who is asking could not be confirmed; nothing was sent.",
    "error.verifier_key": "The verifier's encryption key is unusable; nothing was sent.",
    "error.document_too_complex": (
        "The document asks for more work than any real credential needs; it was refused."
    ),
    "error.wallet_error": "Something went wrong.",
    "error.unreadable_input": "The input could not be read as a credential.",
    "error.unreadable_input.not_a_request_link": (
        "This is not a request link. An employer's request link begins with openid4vp:// or "
        "https:// — check that it was copied whole."
    ),
    "error.unreadable_input.not_an_offer_link": (
        "This is not an offer link. An issuer's offer link begins with "
        "openid-credential-offer:// or https:// — check that it was copied whole."
    ),
    "error.malformed_json": "The file is not valid JSON.",
    "error.unsupported_input": "This is not a credential this wallet can read (JSON, a JWT or "
    "a badge image).",
    "error.baked_badge": "The badge image is damaged or carries no credential.",
    "error.input_too_large": "The input is too large.",
    "error.image_too_large": "The image has more pixels than this wallet opens; it was not read.",
    "error.image": "The image cannot be read (PNG, JPEG, GIF or WebP).",
    "error.folder": "The folder cannot be used: it is a file, or it cannot be made or written to.",
    "error.case_package": "The competency framework file is malformed; nothing was imported.",
    "error.trust_list": "The trust list file is not a trust list; nothing was imported.",
    "error.recipient": "The badge's recipient cannot be compared with anyone's identity.",
    "error.jsonld": "The credential's linked data could not be processed.",
    "error.context_not_allowed": "The credential refers to a vocabulary this wallet does not know.",
    "error.undefined_term": "The credential uses a term without a defined meaning.",
    "error.relative_iri": "The credential uses an address that is not complete.",
    "error.invalid_jsonld": "The credential's linked data is not valid.",
    "error.canonicalization_limit": "The credential is built to be too expensive to check.",
    "error.key_format": "A key in it cannot be read.",
    "error.did_resolution": "The signer's key could not be found.",
    "error.proof": "The signature could not be checked.",
    "error.unsupported_proof": "It is signed in a way this wallet cannot check.",
    "error.malformed_proof": "The signature cannot be read.",
    "error.wrong_key_type": "The signature was made with the wrong kind of key.",
    "error.bad_signature": "The signature does not match: it was changed after it was signed.",
    "error.disclosure_mismatch": "The disclosed parts do not match their signatures.",
    "error.base_proof": "This signature is meant for the holder only, not for a verifier.",
    "error.bad_pointer": "A selected field does not exist.",
    "error.jcs": "The document cannot be put in canonical form.",
    "error.fetch": "A document could not be fetched.",
    "error.fetch_refused": "That address is not allowed.",
    "error.fetch_limit": "The answer was too large or too slow.",
    "error.share_unavailable": (
        "This link is not available: it was withdrawn, has expired or is mistyped."
    ),
    "error.pdf_font": "There is no font to write the PDF in (install fonts-nanum).",
    "error.signing": "It could not be signed.",
    "error.data_model": (
        "It was not signed: it breaks a rule of the Verifiable Credentials data model."
    ),
    "error.vault": "The wallet's storage failed.",
    "error.vault_locked": "The wallet is locked; unlock it first.",
    "error.wrong_passphrase": "The passphrase is wrong.",
    "error.keyring": "The system keyring failed or lost the wallet's key.",
    "error.integrity": "Something stored was altered or damaged.",
    "error.not_found": "There is no such item.",
    "error.profile": "There is a problem with the profile.",
    "error.backup": "The backup file is damaged, from another wallet, or too new.",
    "error.backup_kdf": (
        "The backup asks for more key-derivation work than this wallet writes; it was not opened."
    ),
    "error.exchange": "The exchange with the other service failed.",
    "error.offer": "The offer cannot be read or used.",
    "error.offer.unknown": (
        "The issuer's server does not know this offer (it may have been "
        "withdrawn or mistyped). Ask the issuer for a new link."
    ),
    "error.offer.refused": "The issuer's server would not give this offer. Try again later, "
    "or ask the issuer for a new link.",
    "error.offer.unreachable": "The issuer's server could not be reached. Check your "
    "connection and try again.",
    "error.issuer_metadata": "The issuer's description of itself cannot be used.",
    "error.issuer_metadata.unknown": "The issuer's server does not describe itself as an "
    "issuer of credentials; nothing was received.",
    "error.issuer_metadata.refused": "The issuer's server would not describe itself. Try "
    "again later.",
    "error.issuer_metadata.unreachable": "The issuer's server could not be reached. Check "
    "your connection and try again.",
    "error.token": "The issuer refused the request (perhaps a wrong transaction code).",
    "error.offer_used": "This offer was already used or has expired; ask the issuer for a new one.",
    "error.credential_request": "The issuer refused to issue the credential.",
    "error.issuance_rejected": "What the issuer sent is not authentic, or not for you.",
    "error.os": "The file could not be read: {name}",
    "error.unexpected": "An unexpected error occurred.",
}

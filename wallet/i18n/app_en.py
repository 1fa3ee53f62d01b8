"""The app's screens in English (the table is :mod:`wallet.i18n`).

Why one module over 600 lines: it is one table of sentences, not code — a key a line, kept in
the order of the screens, beside its twin in the other language so a translator reads both
side by side; splitting it would only scatter the keys (the i18n tests check every key used
is in both tables).
"""

from __future__ import annotations

APP: dict[str, str] = {
    "app.title": "Learner Wallet",
    "nav.credentials": "Credentials",
    "nav.receive": "Receive",
    "nav.portfolio": "Portfolio",
    "nav.competencies": "Competencies",
    "portfolio.competency": "About a competency (optional)",
    "comp.title": "Your competencies",
    "comp.none": "Competency frameworks describe skills in a hierarchy (1EdTech CASE). Import the "
    "one your school or employer uses to see what your credentials show.",
    "comp.import_sample": "Import the sample framework",
    "comp.import_file": "Import a CASE file",
    "comp.import_url": "CASE package address (…/ims/case/v1p0/CFPackages/…)",
    "comp.import_url_go": "Import from the address",
    "comp.imported": "Imported {title}: {items} competencies",
    "comp.framework": "Framework",
    "comp.flower": "Competency areas",
    "comp.flower_label": "Competency areas chart: {summary}",
    "comp.growth": "Competencies shown over time",
    "comp.growth_label": "Growth chart: {count} competencies shown by {date}",
    "comp.growth_none": "Growth chart: no dated evidence yet",
    "comp.export": "Export the charts (PNG and SVG)",
    "comp.exported": "Charts saved in {path}",
    "comp.tree": "Framework",
    "comp.rule": "Levels come from grades and rubric levels where credentials carry them, else "
    "from how many credentials show a competency and how recent they are; a "
    "competency with parts is at least the average of its parts. Your own "
    "reflections and work samples are shown apart.",
    "comp.evidence": "{count} credentials",
    "comp.evidence.one": "{count} credential",
    "comp.yours": "{count} of yours",
    "comp.hidden": "{count} more competencies without evidence are not shown",
    "comp.others": "Outside the imported frameworks",
    "comp.level.0": "None",
    "comp.level.1": "Emerging",
    "comp.level.2": "Developing",
    "comp.level.3": "Proficient",
    "comp.level.4": "Advanced",
    "comp.job": "Apply for a job",
    "comp.job_help": "Tick the competencies the job asks for above, or paste them here (names, "
    "codes or CASE addresses; one per line or comma-separated).",
    "comp.job_field": "The job's required competencies",
    "comp.picked": "Picked: {names}",
    "comp.cover": "Find the fewest credentials",
    "comp.chosen": "{count} credentials cover what can be covered",
    "comp.chosen.one": "{count} credential covers what can be covered",
    "comp.covered_by": "{requirement}: {names}",
    "comp.uncovered": "Not covered yet: {names}",
    "comp.all_covered": "Everything asked for is covered.",
    "comp.own": "Your own evidence that comes along: {names}",
    "comp.use": "Present these",
    "nav.present": "Present",
    "nav.verify": "Verify",
    "nav.settings": "Settings",
    "first.title": "Welcome to your learner wallet",
    "first.body": "Your badges and records stay on this device, encrypted. Give your name — the "
    "one employers will see — and choose how the wallet's key is protected.",
    "first.name": "Profile name",
    "first.protection": "Protection",
    "first.keyring": "OS keyring (opens when you are logged in)",
    "first.passphrase": "Passphrase",
    "first.passphrase_field": "Passphrase (at least 8 characters)",
    "first.passphrase_repeat": "Repeat the passphrase",
    "first.backup": "Back up regularly (Settings, then Back up): a backup file, protected by its "
    "own passphrase, is the only way to restore your wallet on another device.",
    "first.create": "Create my wallet",
    "first.mismatch": "The two passphrases differ.",
    "first.too_short": "The passphrase needs at least 8 characters.",
    "first.no_keyring": "No OS keyring is available here, so a passphrase protects this wallet.",
    "unlock.title": "Unlock your wallet",
    "unlock.passphrase": "Passphrase",
    "unlock.button": "Unlock",
    "first.creating": "Creating your wallet…",
    "unlock.profile": "Profile: {name}",
    "unlock.opening": "Unlocking…",
    "server.refused.title": "Not let in",
    "server.refused.secret": "This window was not opened with the wallet's address. Open the "
    "address the wallet printed when it started (it ends in ?token=…).",
    "server.refused.spent": "This opening link was used already. Open the address the wallet "
    "printed when it started. If you did not open the wallet in "
    "another window, stop it (Ctrl-C): someone else may have.",
    "server.refused.host": "The wallet answers only at 127.0.0.1, localhost or [::1] with its "
    "own port, never under another name.",
    "server.refused.origin": "A page of another site or port tried to reach the wallet.",
    "list.search": "Search names, issuers, skills",
    "list.sort": "Sort",
    "list.sort.received": "Newest first",
    "list.sort.name": "Name",
    "list.sort.issuer": "Issuer",
    "list.filter.all": "All",
    "list.filter.verified": "Verified",
    "list.filter.warning": "With warnings",
    "list.filter.failed": "Not verified",
    "list.empty": "No credentials yet. Receive your first badge: paste an offer link or open a QR "
    "code on the Receive tab.",
    "list.empty.button": "Receive a badge",
    "list.more": "Show more",
    "list.count": "{shown} of {total}",
    "list.count_all": "{count} credentials",
    "list.count_all.one": "{count} credential",
    "list.count_found": "{count} of your {total} credentials match",
    "list.count_found.one": "{count} of your {total} credentials matches",
    "list.count_shown": "showing {shown}",
    "list.filters": "Filter and sort",
    "card.checked": "checked {when}",
    "detail.back": "Back",
    "detail.endorsements": "Endorsements",
    "detail.raw": "Raw JSON",
    "detail.reverify": "Verify again",
    "detail.reflect": "Reflect",
    "detail.attach": "Attach a file",
    "detail.tag": "Add tag",
    "detail.share": "Share",
    "detail.delete": "Delete",
    "detail.deleted": "Moved to the trash",
    "detail.undo": "Undo",
    "detail.tags": "Tags",
    "receive.title": "Receive credentials",
    "receive.link": "Offer link",
    "receive.go": "Receive",
    "receive.qr": "Open a QR code image",
    "receive.file": "Import a file (JSON, JWT, badge image, PDF, offline QR code)",
    "receive.consent.title": "{issuer} offers you",
    "receive.consent.accept": "Accept",
    "receive.consent.decline": "Decline",
    "receive.tx.title": "Transaction code",
    "receive.tx.field": "Code",
    "receive.tx.ok": "Continue",
    "receive.working": "Receiving…",
    "receive.done": "Received {count} credentials",
    "receive.done.one": "Received {count} credential",
    "receive.pending": "{count} credentials will arrive later",
    "receive.pending.one": "{count} credential will arrive later",
    "receive.declined": "You declined the offer. Nothing was received.",
    "receive.error": "Could not receive: {reason}",
    "receive.rejected": "Rejected: {reason}",
    "receive.arrived": "{count} credentials you were waiting for arrived: {names}",
    "receive.arrived.one": "A credential you were waiting for arrived: {names}",
    "receive.deferred.title": "Waiting for the issuer",
    "receive.deferred.from": "From {issuer}",
    "receive.deferred.state": "The issuer is still preparing it",
    "receive.deferred.since": "asked for on {date}",
    "receive.deferred.due": "asked for again at the next check",
    "receive.deferred.next": "asked for again in {count} minutes",
    "receive.deferred.next.one": "asked for again in a minute",
    "receive.deferred.check": "Check now",
    "receive.deferred.checking": "Asking the issuers for what you are waiting for…",
    "receive.deferred.not_yet": (
        "Not ready yet. The wallet asks again by itself and tells you when it arrives."
    ),
    "receive.sign_in": "Sign in at {issuer} in the tab that opened. The wallet waits for you here.",
    "receive.sign_in_cancel": "Cancel the sign-in",
    "portfolio.reflections": "Reflections",
    "portfolio.artifacts": "Work samples",
    "portfolio.timeline": "Timeline of growth",
    "portfolio.new": "New reflection",
    "portfolio.text": "Reflection (Markdown)",
    "portfolio.preview": "Preview",
    "portfolio.link_to": "About",
    "portfolio.save": "Save reflection",
    "portfolio.saved": "Reflection saved",
    "portfolio.attach": "Attach a file",
    "portfolio.link": "Add a link",
    "portfolio.attached": "Attached {name}",
    "portfolio.none": "Nothing yet.",
    "present.choose": "Choose credentials to present",
    "present.reflections": "Include my reflections",
    "present.artifacts": "Include my work samples",
    "present.expires": "Link expires in",
    "present.preview": "Preview what the employer sees",
    "present.share": "Create link and QR code",
    "present.link": "Share link",
    "present.copy": "Copy link",
    "present.copied": "Link copied",
    "present.revoke": "Withdraw",
    "present.export": "Save as file",
    "present.export_pdf": "Save QR as PDF",
    "present.exported": "Saved to {path}",
    "present.active": "Your shared links",
    "present.views": "{count} views",
    "present.views.one": "{count} view",
    "present.none_selected": "Choose at least one credential.",
    "present.title": "Name this link (optional)",
    "present.title_help": (
        "So you can tell your links apart, e.g. “Data analyst at Acme”. "
        "Employers see it as the page's title."
    ),
    "present.qr_label": "QR code of the share link",
    "who.title": "What identifies you in what you share",
    "who.name": "Your name: {name}",
    "who.no_name": (
        "No name: employers see “a learner who gave no name”. Add your name in "
        "Settings › About you."
    ),
    "who.headline": "Your headline: {headline}",
    "who.photo": "Your photo",
    "who.link": "Your link: {link}",
    "who.email": "Your email: {email}",
    "who.student_id": "Your student number: {id}",
    "who.key": "The wallet's own key, which proves that you sent it (it carries no name)",
    "who.change": "As you give them in Settings › About you.",
    "links.withdraw_title": "Withdraw “{title}”?",
    "links.withdraw_body": (
        "Whoever has the link can no longer open it. This cannot be undone: "
        "to share again, create a new link."
    ),
    "links.withdrawn": "Withdrawn: {title}",
    "open.opening": "Opening…",
    "open.opened": "Opened in a new tab of your browser.",
    "open.already": "It is open already, in another tab of your browser.",
    "save.downloaded": "Downloaded as {name} (see your browser's downloads).",
    "save.saved": "Saved as {path}",
    "export.json_too": "The signed file lets any verifier check it again, whenever it is needed.",
    "export.save_json": "Also save the signed file (JSON)",
    "loading": "Loading…",
    "present.server": "Share service",
    "verify.title": "Verify a credential or presentation",
    "verify.input": "Link or JSON",
    "verify.go": "Verify",
    "verify.qr": "Open a QR code image or a PDF",
    "settings.profile": "Profile",
    "settings.did": "Your DID",
    "settings.protection": "Protection",
    "settings.lock": "Lock now",
    "settings.autolock": "Lock after minutes idle",
    "settings.backup": "Back up to a file",
    "settings.backup_pass": "Backup passphrase",
    "settings.backup_done": "Backup written: {path}",
    "settings.restore": "Restore from a backup file",
    "settings.restored": "Restored {count} items",
    "settings.restored.one": "Restored {count} item",
    "settings.language": "Language",
    "settings.theme": "Dark theme",
    "settings.trusted": "Trusted issuers (DIDs)",
    "settings.trust_add": "Add",
    "settings.new_profile": "New profile",
    "settings.switch": "Switch",
    "error.generic": "Something went wrong: {reason}",
    # the app's screens, components and view model
    "nav.more": "More",
    "list.filter.unconfirmed": "Issuer not confirmed",
    "card.received": "received {date}",
    "status.checked": "status checked {when}",
    "status.revoked": "revoked by the issuer (noticed {date})",
    "status.suspended": "suspended by the issuer (noticed {date})",
    "when.never": "never",
    "when.today": "today",
    "when.yesterday": "yesterday",
    "when.days_ago.one": "{count} day ago",
    "when.days_ago": "{count} days ago",
    "recheck.progress": "Checking the status of your credentials: {done} of {total}",
    "recheck.failed": "The status re-check stopped: {reason}",
    "recheck.revoked.one": "Revoked since the last check: {names}",
    "recheck.revoked": "{count} revoked since the last check: {names}",
    "detail.details": "Details (technical)",
    "detail.yours": "Your reflections and work samples",
    "comp.yours.one": "{count} of yours",
    "comp.scale": "Scale: Emerging · Developing · Proficient · Advanced (centre: none yet)",
    "comp.growth_axis": "Competencies",
    "comp.opened": "From your credential",
    "comp.not_in_framework": "That competency is not in an imported framework.",
    "receive.hint": "openid-credential-offer://…",
    "receive.help": (
        "Paste the offer link the issuer gave you (it starts with "
        "openid-credential-offer://), or open its QR code. An Open Badges 2.0 badge you "
        "already have: paste its web address or its JSON, or add its image as a file"
    ),
    "receive.empty": (
        "Paste the offer link first: the issuer gives it to you as a "
        "link or a QR code, starting with openid-credential-offer://"
    ),
    "receive.used": "This offer was already used or has expired. Ask the issuer for a new one.",
    "receive.already": "You already have {name} (received {date}). Accepting keeps a second copy.",
    "receive.consent.second_copy": "Keep a second copy",
    "receive.consent.claimed": (
        "The name is the issuer's own: no trust list you keep names this issuer."
    ),
    "receive.consent.recognised": 'Recognised by your trust list "{list}".',
    "receive.consent.tx_code": "You will be asked for the transaction code the issuer sent you.",
    "receive.consent.granted": "{issuer} will send you {count} credentials",
    "receive.consent.granted.one": "{issuer} will send you {count} credential",
    "receive.cancelled": "Nothing was received: you declined, or gave no code.",
    "receive.duplicate": "{name} was already in your wallet; it is kept once.",
    "receive.tx.help": "The issuer sent you a code (by e-mail or text message).",
    "receive.tx.issuer_says": "In the issuer's words: “{text}”",
    "receive.tx.wrong": "That code was not accepted. Check it and try again.",
    "portfolio.empty": "Write something first.",
    "portfolio.file": "{type} · {size} bytes",
    "portfolio.kind.credential": "Credential",
    "portfolio.kind.reflection": "Reflection",
    "portfolio.kind.artifact": "Work sample",
    "portfolio.link_add": "Add the link",
    "portfolio.link_more": "Link to a credential",
    "portfolio.linked": "Link added",
    "portfolio.edit": "Edit",
    "portfolio.delete": "Delete",
    "portfolio.edited": "Saved. The earlier version is kept.",
    "portfolio.save_edit": "Save the changes",
    "portfolio.history_kept": "The earlier version is kept: you can read it under the card.",
    "portfolio.deleted": "Moved to the trash: {title}",
    "portfolio.earlier": "{count} earlier versions",
    "portfolio.earlier.one": "{count} earlier version",
    "portfolio.version_of": "Until {date}:",
    "portfolio.was_named": "Called “{name}” until {date}",
    "portfolio.sample_name": "Name of the work sample",
    "portfolio.shows": "Shows: {name}",
    "present.days.one": "{count} day",
    "present.days": "{count} days",
    "offline.title": "Offline QR code",
    "offline.scan": "Scan to verify — works without the internet",
    "offline.image": "Offline QR code of the credential",
    "offline.about.one": (
        "It holds the credential itself, signed by its issuer: anyone can "
        "verify it with no server and no link (QR version {version}-{level})."
    ),
    "offline.about": (
        "It holds the {count} credentials themselves, each signed by its issuer: "
        "anyone can verify them with no server and no link (QR version "
        "{version}-{level})."
    ),
    "offline.copy": "Copy its text",
    "offline.copied": "The VP1 text is copied",
    "offline.save": "Save the image and text",
    "offline.saved": "Saved: {path}",
    "offline.too_large": "No offline QR code: {reason} Share a link instead.",
    "offline.over": (
        "Compressed, it is {size} bytes, {over} bytes more than one QR code "
        "holds ({capacity}); nothing was cut to fit."
    ),
    "detail.offline": "Offline QR code",
    "present.offline": "Offline QR code",
    "present.share_pdf": "Save the PDF (with the link)",
    "present.share_pdf_saved": "PDF saved: {path}",
    "present.until": "until {date}",
    "present.withdrawn": "Withdrawn",
    "respond.entry": "Did an employer send you a request for credentials (a link or a QR code)?",
    "respond.open": "Respond to a request",
    "respond.title": "Respond to a request",
    "respond.back": "Back",
    "respond.intro": (
        "Paste the link the employer gave you, or choose a picture of its QR code. "
        "You will see who asks and exactly what would be sent before anything leaves your "
        "wallet."
    ),
    "respond.link": "Request link",
    "respond.hint": "openid4vp://… or https://…",
    "respond.help": (
        "An openid4vp:// link, an https link carrying a request, or an interaction "
        "address (…?iuv=1)."
    ),
    "respond.go": "Read the request",
    "respond.qr": "From a QR code image",
    "respond.empty": "Paste the request link first (it starts with openid4vp:// or https://).",
    "respond.reading": "Reading the request…",
    "respond.is_offer": (
        "This link is an offer of credentials, not a request: it is on the "
        "Receive screen. Press Receive to see what is offered."
    ),
    "respond.asks": "asks you for credentials",
    "respond.verified": "Verified",
    "respond.not_verified": "Not verified",
    "respond.integrity": "Signed — sender not verified",
    "respond.mark.verified": "verified",
    "respond.mark.integrity": "signed — sender NOT verified",
    "respond.mark.unverified": "NOT verified",
    "respond.claimed": "It calls itself “{name}”: its own claim, which nothing confirms.",
    "respond.how.did": (
        "The request is signed with an identifier (a DID) that anyone can make for "
        "themselves: the signature shows only that the request was not changed, not who sent it."
    ),
    "respond.how.did_web": (
        "The request is signed with a key that the DID document served by "
        "{name} lists: it comes from whoever runs {name}."
    ),
    "respond.how.x509": (
        "The request is signed with a certificate for {name}, from an "
        "authority this computer trusts."
    ),
    "respond.how.unsigned": (
        "The request is not signed, so anyone could have made it. It only "
        "says that answers go to {origin}."
    ),
    "respond.how.added": "A verifier you added yourself, under the name you gave it.",
    "respond.how.web": (
        "Reached at its web address {origin} over a secure connection; the "
        "address is what identifies it."
    ),
    "respond.how.web_plain": (
        "Reached at {origin} without a secure connection; nothing confirms who runs it."
    ),
    "respond.goes_to": "Your answer goes to {origin}",
    "respond.purpose": "Why, in their words: {purpose}",
    "respond.did_auth": "It asks you to prove that this wallet's identifier is yours.",
    "respond.what": "What they ask for",
    "respond.type.badge": "Open Badge",
    "respond.type.clr": "Learner record (CLR)",
    "respond.type.any": "A credential",
    "respond.or": " or ",
    "respond.required": "Required",
    "respond.optional": "Optional",
    "respond.one_of": "Required — or send instead: {others}",
    "respond.several": "You may choose several.",
    "respond.reason": "In their words: “{reason}”",
    "respond.asks_about": "Asks about: {claim}",
    "respond.claim.competency": "Shows the competency: {what}",
    "respond.claim.issuer": "Issued by: {what}",
    "respond.choice_unverified": "not verified",
    "respond.none_for_this": "Send none for this",
    "respond.also_accepted": "Also accepted, but none of your credentials matches: {what}",
    "respond.unmatched": "None of your credentials matches: {what}",
    "respond.nothing": (
        "None of your credentials matches what {name} asks for. Decline tells "
        "them so; nothing is shared."
    ),
    "respond.disclosed": "Exactly what {name} will receive",
    "respond.fields": "All {count} fields (sent as the issuer signed them)",
    "respond.fields.one": "Its {count} field (sent as the issuer signed it)",
    "respond.own_title": "Written by you — no issuer vouches for these:",
    "respond.reflection": "Your reflection “{title}”",
    "respond.artifact": "Your work sample “{name}”",
    "respond.no_credentials": "No credential is sent.",
    "respond.note": (
        "Each credential is sent whole, exactly as its issuer signed it, inside a "
        "presentation you sign for this request only."
    ),
    "respond.note_own": (
        "Your reflections and work samples go with it, signed by you and marked as written by you."
    ),
    "respond.holder_title": "They also learn your wallet's identifier",
    "respond.holder": "Your wallet's identifier: {did}",
    "respond.send": "Send",
    "respond.decline": "Decline",
    "respond.sending": "Sending your answer…",
    "respond.declining": "Telling the verifier no…",
    "respond.sent": "Sent to {name}.",
    "respond.declined": "Declined: nothing was shared.",
    "respond.declined_nothing": (
        "Declined: the verifier was told that none of your credentials matches; nothing was shared."
    ),
    "respond.stopped.asks_again": (
        "The exchange then asked for another signed presentation than "
        "the one you agreed to. One consent signs one: nothing more was signed or sent. Open its "
        "link again if you expected another step."
    ),
    "respond.continue": "{name} asks you to continue on its site (open it only if you expect to):",
    "respond.open_link": "Open the link",
    "respond.not_stored": "{count} delivered credentials were not kept",
    "respond.not_stored.one": "{count} delivered credential was not kept",
    "respond.delivery.title": "Keep the delivered credentials?",
    "respond.delivery.body": "The exchange delivers: {names}. Keep them in your wallet?",
    "respond.delivery.keep": "Keep them",
    "respond.finish": "Done",
    "respond.another": "Respond to another request",
    "verify.hint": "https://… (a share link), VP1-… (an offline QR code) or the JSON",
    "verify.empty": "Paste a share link, a credential's address or its JSON first.",
    "verify.working": "Verifying…",
    "verify.unavailable": (
        "This link is not available: it was withdrawn, has expired or is mistyped."
    ),
    "verify.issued_by": "Issued by {issuer}",
    "settings.backups": "Backups",
    "settings.current": "current",
    "settings.create": "Create",
    "settings.rename": "Rename",
    "settings.rename_field": "New name",
    "settings.delete": "Delete",
    "settings.delete_title": "Delete the profile {name}?",
    "settings.delete_body": (
        "Its credentials, reflections and keys are deleted for good. "
        "Make a backup first if you may need them."
    ),
    "settings.deleted": "Deleted the profile {name}",
    "settings.advanced": "Technical details",
    "settings.key_help": (
        "Your wallet proves that what you share comes from you with a key of "
        "its own. Its public identifier (a DID) is below; it says nothing "
        "about who you are."
    ),
    "settings.kdf.passphrase": (
        "The passphrase is stretched with Argon2id before it opens the wallet's key."
    ),
    "settings.kdf.keyring": (
        "The wallet's key is kept in your computer's keyring (the system's password store)."
    ),
    "settings.protection.passphrase": (
        "Your passphrase protects this wallet. Nobody can open "
        "it without the passphrase, so keep a backup."
    ),
    "settings.protection.keyring": (
        "Your computer's login protects this wallet: it opens when you are logged in."
    ),
    "settings.server_help": (
        "Where your share links are kept (encrypted). Change it only if "
        "your school or employer runs its own share service."
    ),
    "settings.server_use": "Use this share service",
    "settings.server_saved": "Share service saved",
    "settings.backup_help": (
        "A backup holds your whole wallet, keys included, in one file "
        "protected by a passphrase you choose now. Nobody can recover that "
        "passphrase: write it down."
    ),
    "settings.backup_repeat": "Repeat the backup passphrase",
    "settings.backup_mismatch": (
        "The two backup passphrases differ. Type the same one twice: nobody can recover it later."
    ),
    "settings.restore_pass": "The backup's passphrase (to restore)",
    "settings.new_learner_help": (
        "The name employers see on what you share from this profile "
        "(it may differ from the profile's name)."
    ),
    "settings.new_learner": "Name employers see (for this profile)",
    "settings.new_name_needed": "Give the new profile a name.",
    "settings.creating": "Creating the profile…",
    "restore.done": "Restored {what}.",
    "restore.and": " and ",
    "restore.nothing": "Nothing new was restored.",
    "restore.skipped": "{count} items were here already.",
    "restore.skipped.one": "{count} item was here already.",
    "restore.refused": "{count} credentials were left out: they are not authentic.",
    "restore.refused.one": "{count} credential was left out: it is not authentic.",
    "restore.kind.credential": "{count} credentials",
    "restore.kind.credential.one": "{count} credential",
    "restore.kind.reflection": "{count} reflections",
    "restore.kind.reflection.one": "{count} reflection",
    "restore.kind.artifact": "{count} work samples",
    "restore.kind.artifact.one": "{count} work sample",
    "restore.kind.framework": "{count} competency frameworks",
    "restore.kind.framework.one": "{count} competency framework",
    "restore.kind.share": "{count} shared links",
    "restore.kind.share.one": "{count} shared link",
    "restore.kind.trust_list": "{count} trust lists",
    "restore.kind.trust_list.one": "{count} trust list",
    "restore.kind.presentation": "{count} saved presentations",
    "restore.kind.presentation.one": "{count} saved presentation",
    "restore.kind.preset": "{count} saved selections",
    "restore.kind.preset.one": "{count} saved selection",
    "restore.kind.pending": "{count} credentials still on their way",
    "restore.kind.pending.one": "{count} credential still on its way",
    "restore.kind.other": "{count} other items (your settings and keys)",
    "restore.kind.other.one": "{count} other item (your settings or a key)",
    "settings.never": "Never",
    "settings.minutes.one": "{count} minute",
    "settings.minutes": "{count} minutes",
    "dialog.cancel": "Cancel",
    "trust.title": "Trusted issuers",
    "trust.help": (
        "Issuers on these lists are shown as recognised. Add one "
        "yourself, or import a registry (a file or an address)."
    ),
    "trust.own": "My trusted issuers",
    "trust.none": "No trust lists yet.",
    "trust.issuer": "Issuer (DID or https address)",
    "trust.name": "Its name (optional)",
    "trust.add": "Trust",
    "trust.added": "Issuer added",
    "trust.import_file": "Import a registry file",
    "trust.url": "Registry address (https://…)",
    "trust.import_url": "Import from the address",
    "trust.imported": "Trust list imported",
    "trust.remove": "Remove the list",
    "trust.remove_entry": "Remove {id}",
    "trust.from": "From {source}",
    "trust.more.one": "and {count} more",
    "trust.more": "and {count} more",
    # --- the learner's identity, the preview as the page, files, links, disclosure ----------
    "first.your_name": "Your name",
    "first.your_name_help": "Your full name, as employers will see it on what you share. It also "
    "names this profile; you can change both in Settings.",
    "first.name_needed": "Type your name: employers see it on what you share.",
    "about.title": "About you",
    "about.help": "What every presentation carries about you, marked as given by you: employers "
    "see it with your credentials.",
    "about.name": "Your name",
    "about.headline": "Headline (optional)",
    "about.links": "Your links (optional, one a line)",
    "about.links_help": "A portfolio, a LinkedIn profile…: web addresses (https://…), at most 5.",
    "about.identities": "Your e-mail addresses, phone numbers and web addresses (one a line)",
    "about.identities_help": "Kept in this wallet only, never sent anywhere: with them the wallet "
    "tells whether an Open Badges 2.0 badge was awarded to you.",
    "about.save": "Save",
    "about.saved": "Saved: employers will see this from your next presentation",
    "about.name_needed": "Your name cannot be empty: employers see it on what you share.",
    "about.no_name": "No name given yet",
    "about.as_given": "as given by you",
    "about.photo_label": "The learner's photo",
    "about.photo_choose": "Choose a photo",
    "about.photo_change": "Change the photo",
    "about.photo_remove": "Remove the photo",
    "about.photo_saved": "Photo saved",
    "about.photo_removed": "Photo removed",
    "preview.intro": "Exactly what the employer's page will show, checked now as the employer's "
    "check will be.",
    "preview.checks_intro": "Each credential was checked by this wallet just now: its "
    "signature, who signed it, its dates and whether the issuer "
    "revoked it.",
    "export.button": "Save as PDF and file",
    "export.title": "Saved",
    "export.pdf": "PDF, to read, print or send: {path}",
    "export.json": "The signed presentation, for any verifier: {path}",
    "export.done": "Saved in {folder}",
    "links.none": "You have not shared a link yet.",
    "links.show_qr": "Show the QR code again",
    "links.hide_qr": "Hide the QR code",
    "links.viewed_at": "Viewed {times}",
    "links.views_unknown": "views unknown (the share service did not answer)",
    "links.linkedin": "Add to LinkedIn",
    "links.linkedin_named": "Add {name} to LinkedIn",
    "sd.choose": "Choose what to show",
    "sd.help": "This credential lets you leave parts out: what you untick is not in what you "
    "share at all, and the rest still verifies. What the issuer requires is always "
    "included.",
    "sd.everything": "Everything is shown",
    "sd.left_out": "{count} parts left out",
    "sd.left_out.one": "{count} part left out",
    "sd.always": "{claim} (always included)",
    "sd.claim.other": "Other: {name}",
    "sd.claim.name": "Name",
    "sd.claim.issuer": "Issuer",
    "sd.claim.validFrom": "Issue date",
    "sd.claim.issuanceDate": "Issue date",
    "sd.claim.validUntil": "Expiry date",
    "sd.claim.expirationDate": "Expiry date",
    "sd.claim.awardedDate": "Date awarded",
    "sd.claim.description": "Description",
    "sd.claim.image": "Picture",
    "sd.claim.evidence": "Evidence from the issuer",
    "sd.claim.endorsement": "Endorsements",
    "sd.claim.endorsementJwt": "Endorsements",
    "sd.claim.subject.achievement": "The achievement (what it is, its criteria and competencies)",
    "sd.claim.subject.result": "Results (grades, scores)",
    "sd.claim.subject.name": "Your name as the issuer wrote it",
    "sd.claim.subject.identifier": "How the issuer identifies you (email, student id)",
    "sd.claim.subject.creditsEarned": "Credits earned",
    "sd.claim.subject.activityStartDate": "Start date",
    "sd.claim.subject.activityEndDate": "End date",
    "sd.claim.subject.term": "Term",
    "sd.claim.subject.licenseNumber": "Licence number",
    "sd.claim.subject.role": "Role",
    "sd.claim.subject.source": "Awarded by (another organization)",
    "sd.claim.subject.image": "Picture",
}

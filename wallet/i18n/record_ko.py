"""What an employer reads, in Korean (the keys of :mod:`wallet.i18n.record_en`).

Why one module over 600 lines: it is one table of sentences, not code — a key a line, kept in
the order of the screens, beside its twin in the other language so a translator reads both
side by side; splitting it would only scatter the keys (the i18n tests check every key used
is in both tables).
"""

from __future__ import annotations

RECORD: dict[str, str] = {
    # --- 기록: 머리말, 학습자, 판정 ---
    "record.title": "{name}의 학습 기록",
    "record.title_anonymous": "공유된 학습 기록",
    "record.presented_by": "제출자: {name}",
    "record.presented_anonymous": "이름을 밝히지 않은 학습자가 제출함",
    "record.as_given": "학습자 본인이 입력한 정보",
    "record.signed_by_learner": "학습자 본인의 키로 서명됨",
    "record.holder_key": "학습자의 키: {did}",
    "record.links": "학습자의 링크",
    "record.names_match": "발급기관 {total}곳 중 {matched}곳이 수령인을 {name}(으)로 명시합니다",
    "record.names_match.one": "발급기관 {total}곳 중 {matched}곳이 수령인을 {name}(으)로 "
    "명시합니다",
    "record.names_other": "{count}곳은 다른 사람을 명시합니다: {names}",
    "record.names_other.one": "{count}곳은 다른 사람을 명시합니다: {names}",
    "record.names_none": "발급기관이 수령인의 이름을 밝히지 않습니다. 자격증명은 학습자의 키로 "
    "발급되었습니다",
    "record.checked": "{when} 확인",
    "record.expires": "이 링크는 {when}까지 유효합니다",
    "record.part.presentation": "제출물",
    "record.part.learner": "학습자의 기록",
    "record.language": "언어",
    "verdict.level.verified": "검증됨",
    "verdict.level.verified_with_warnings": "검증됨 (경고 있음)",
    "verdict.level.issuer_not_confirmed": "발급기관 확인 안 됨",
    "verdict.level.not_verified": "검증 실패",
    "summary.credentials": "자격증명 {count}개",
    "summary.credentials.one": "자격증명 {count}개",
    "summary.all_verified": "모두 검증됨",
    "summary.all_authentic": "모두 진본",
    "summary.with_warnings": "{count}개 경고 있음",
    "summary.with_warnings.one": "{count}개 경고 있음",
    "summary.not_confirmed": "{count}개 발급기관 확인 안 됨",
    "summary.not_confirmed.one": "{count}개 발급기관 확인 안 됨",
    "summary.not_verified": "{count}개 검증 실패",
    "summary.not_verified.one": "{count}개 검증 실패",
    "summary.recognised": "공인된 기관 {count}곳에서 발급",
    "summary.recognised.one": "공인된 기관 {count}곳에서 발급",
    "summary.some_recognised": "기관 {count}곳에서 발급, 그중 {recognised}곳 공인됨",
    "summary.some_recognised.one": "기관 {count}곳에서 발급, 그중 {recognised}곳 공인됨",
    "summary.none_recognised": "신뢰 목록에 없는 기관 {count}곳에서 발급",
    "summary.none_recognised.one": "신뢰 목록에 없는 기관 {count}곳에서 발급",
    "summary.presentation_problem": "학습자의 기록이 검증되지 않았습니다",
    "summary.inner_verified": "각 자격증명은 그 자체로 검증됨",
    # --- 자격증명 카드 ---
    "card.credential": "자격증명",
    "card.issued": "{date} 발급",
    "card.expires": "{date} 만료 예정",
    "card.expired": "{date} 만료됨",
    "card.no_expiry": "만료 없음",
    "card.issued_by": "발급기관: {issuer}",
    "card.issuer_unnamed": "이름을 밝히지 않은 발급기관",
    "card.recognised_by": "{list}에서 공인",
    "card.recognised_as": "{list}에서 {name}(으)로 공인",
    "card.not_recognised": "이 서비스의 신뢰 목록에 없음. 이름은 발급기관이 스스로 밝힌 것입니다",
    "card.issued_to": "수령인: {name}",
    "card.issued_to_other": "수령인: {name} (학습자가 밝힌 이름과 다름)",
    "card.result": "{label}: {value}",
    "card.result_default": "결과",
    "card.criteria": "취득 기준",
    "card.competencies": "역량",
    "card.framework": "프레임워크: {framework}",
    "card.includes": "포함된 자격증명",
    "card.type.transcript": "성적 증명서",
    "type.Achievement": "성취",
    "type.Assessment": "평가",
    "type.AssociateDegree": "전문학사 학위",
    "type.Award": "상",
    "type.Badge": "배지",
    "type.BachelorDegree": "학사 학위",
    "type.Certificate": "수료증",
    "type.Certification": "자격 인증",
    "type.CommunityService": "지역사회 봉사",
    "type.Competency": "역량",
    "type.Course": "과목",
    "type.Degree": "학위",
    "type.Diploma": "졸업장",
    "type.Fieldwork": "현장 실습",
    "type.License": "면허",
    "type.LearningProgram": "학습 프로그램",
    "type.MasterDegree": "석사 학위",
    "type.MicroCredential": "마이크로 자격증명",
    "card.credits": "{count}학점",
    "card.credits.one": "{count}학점",
    # --- 확인 방법, 학습자 자료 ---
    "checks.title": "확인 방법",
    "checks.intro": "이 페이지를 열 때 이 서비스가 각 자격증명의 서명, 서명한 사람, 날짜, "
    "발급기관의 취소 여부를 확인했습니다.",
    "checks.presentation": "제출물 전체",
    "checks.learner_record": "자격증명을 담은 학습자의 기록",
    "checks.technical": "기술 정보: {message}",
    "outcome.passed": "통과",
    "outcome.failed": "실패",
    "outcome.warning": "경고",
    "outcome.skipped": "해당 없음",
    "learner.title": "학습자가 제공한 자료",
    "learner.intro": "학습자가 직접 쓰거나 제공한 것으로, 어떤 발급기관도 보증하지 않습니다.",
    "learner.reflection": "학습자 작성 · 성찰",
    "learner.artifact": "학습자 제공 · 작업물",
    "learner.untitled": "제목 없음",
    "learner.download": "파일 내려받기",
    "learner.open_link": "링크 열기",
    "learner.about": "관련: {names}",
    "learner.file_intact": "학습자가 서명한 파일 그대로입니다",
    "learner.file_changed": "학습자가 서명한 뒤 파일이 바뀌었습니다",
    "learner.file_unchecked": "파일을 확인할 수 없었습니다",
    "claims.title": "발급기관이 뒷받침하지 않는 주장",
    "claims.body": "학습자가 아래 성취를 나열했지만, 이 기록의 어떤 발급기관 서명 자격증명도 "
    "이를 수여하지 않습니다:",
    "raw.download": "제출물 내려받기 (JSON)",
    "raw.hint": "어떤 W3C 검증 가능한 자격증명 검증기로도 직접 검증할 수 있습니다",
    "gone.title": "링크를 열 수 없습니다",
    "gone.rate_limited": "요청이 너무 많습니다. 1분 뒤에 다시 시도하세요.",
    "gone.unknown": "그런 공유 기록이 없습니다.",
    "gone.revoked": "학습자가 이 링크를 철회했습니다.",
    "gone.expired": "이 링크는 만료되었습니다.",
    "gone.used_up": "학습자가 허용한 조회 횟수를 모두 사용했습니다.",
    "gone.wrong": "링크가 불완전하거나 잘못되었습니다.",
    "gone.unavailable": "이 링크는 더 이상 사용할 수 없습니다.",
    "gone.unreadable": "이 공유 기록을 읽을 수 없습니다.",
    "gone.no_file": "이 공유 기록에는 그런 파일이 없습니다.",
    "gone.bad_file": "이 파일을 열 수 없습니다. 손상되었거나 이 공유 기록의 일부가 아닙니다.",
    # --- 고용주의 요청 페이지 (검증기) ---
    "askform.page_title": "자격증명 요청",
    "askform.title": "학습자에게 자격증명 요청하기",
    "askform.intro": (
        "필요한 것을 고르세요. 학습자에게 보여 줄 QR 코드가 만들어지고, 학습자의 "
        "지갑이 답하면 같은 페이지에 확인된 답이 나타납니다."
    ),
    "askform.purpose": "요청하는 이유 (학습자에게 보입니다)",
    "askform.purpose_default": "입사 지원: 데이터 분석가",
    "askform.credential": "자격증명 {n}",
    "askform.credential_optional": "자격증명 {n} (선택)",
    "askform.kind": "무엇을",
    "askform.count": "몇 개",
    "askform.competency": "보여 줄 역량 (이름, 또는 역량 체계 안의 주소)",
    "askform.competency_hint": "표 형식 데이터 정리 및 준비",
    "askform.issuer": "발급기관 (선택: 학교의 웹 주소나 식별자)",
    "askform.advanced": "고급",
    "askform.format": "형식",
    "askform.type.OpenBadgeCredential": "배지 (오픈 배지)",
    "askform.type.ClrCredential": "학습 기록 (성적증명, CLR)",
    "askform.type.VerifiableCredential": "어떤 자격증명이든",
    "askform.type.none": "없음",
    "askform.format.any": "모든 형식 (권장)",
    "askform.format.ldp_vc": "연결 데이터 자격증명만 (Data Integrity, JSON-LD)",
    "askform.format.jwt_vc_json": "토큰 자격증명만 (VC-JWT)",
    "askform.how": "고급: 요청을 보내는 방식",
    "askform.how_hint": "대부분은 기본값이 알맞습니다. IT 담당자가 요청할 때만 바꾸세요.",
    "askform.prefix": "학습자의 지갑이 요청자를 확인하는 방법",
    "askform.prefix.decentralized_identifier": (
        "도중에 바뀌지 않도록 요청을 봉인 (서명, did:key) — 기본값"
    ),
    "askform.prefix.did_web": "이 웹사이트 이름으로 요청에 서명 (did:web)",
    "askform.prefix.x509_san_dns": "이 웹사이트의 인증서로 요청에 서명 (X.509)",
    "askform.prefix.redirect_uri": "서명하지 않음: 지갑에 확인되지 않은 요청자로 표시 "
    "(redirect_uri)",
    "askform.mode": "답을 받는 방법",
    "askform.mode.direct_post": "이 페이지로 전송 (direct_post) — 기본값",
    "askform.mode.direct_post.jwt": "이 페이지만 열 수 있게 암호화 (direct_post.jwt)",
    "askform.method": "지갑이 요청을 가져오는 방법",
    "askform.method.get": "요청을 읽음 (요청 URI, GET) — 기본값",
    "askform.method.post": "지원하는 기능을 먼저 알림 (요청 URI, POST, 지갑 메타데이터 포함)",
    "askform.create": "요청 만들기",
    "ask.decline_reported": "거절이 보고되었습니다 — 인증되지 않음",
    "ask.decline_body": "한 지갑이 “{reason}”라고 보냈습니다. 이 요청의 링크를 가진 누구나 "
    "이렇게 보낼 수 있으므로 요청은 열려 있습니다. 학습자는 아직 답할 수 "
    "있습니다.",
    "ask.unshowable": "이 페이지에 표시할 수 없는 답변이 도착했습니다",
    "ask.unshowable_body": "검증되지 않았습니다. 내용은 표시하지 않습니다.",
    "ask.no_request": "그런 요청이 없습니다.",
    "ask.qr_alt": "요청의 QR 코드",
    "ask.waiting.title": "학습자의 답을 기다리는 중",
    "ask.waiting.scan": "요청 내용: {what}. 지갑으로 스캔하거나(OpenID4VP) 휴대전화에서 링크를 "
    "여세요.",
    "ask.waiting.link": "링크",
    "ask.waiting.interaction": "상호작용 URL (VCALM: OpenID4VP 또는 VC-API)",
    "ask.waiting.expires": "{minutes}분 {seconds}초 뒤 만료 · 이 페이지는 저절로 새로 고쳐집니다",
    "ask.failed_answer": "답이 왔지만 검증되지 않았습니다",
    "ask.expired.title": "만료됨",
    "ask.expired.heading": "이 요청은 만료되었습니다",
    "ask.expired.body": "새 요청을 만드세요.",
    "ask.thanks.title": "보냄",
    "ask.thanks.heading": "감사합니다",
    "ask.thanks.body": "답이 고용주에게 전달되었습니다.",
    "ask.what.OpenBadgeCredential": "오픈 배지 {count}개",
    "ask.what.OpenBadgeCredential.one": "오픈 배지",
    "ask.what.ClrCredential": "학습 기록(CLR) {count}개",
    "ask.what.ClrCredential.one": "학습 기록(CLR)",
    "ask.what.any": "자격증명 {count}개",
    "ask.what.any.one": "자격증명",
    "ask.label.plain": "{what}",
    "ask.label.competency": "‘{competency}’ 역량을 보여 주는 {what}",
    "ask.label.issuer": "{issuer}에서 발급한 {what}",
    "ask.label.both": "{issuer}에서 발급한, ‘{competency}’ 역량을 보여 주는 {what}",
    "ask.list_separator": "; ",
    "answer.title": "{verdict}: 답이 도착했습니다",
    "answer.answered": "{when}에 {protocol}(으)로 답함",
    "answer.protocol.oid4vp": "OpenID4VP",
    "answer.protocol.vcapi": "VC-API 교환",
    "answer.holder": "보낸 사람의 키: {did}",
    "answer.holder_unknown": "보낸 사람이 식별자를 밝히지 않았습니다",
    "answer.asked": "요청한 것: {what}",
    "answer.problems": "문제 {count}건: 답이 요청과 맞지 않거나, 일부를 검증할 수 없었습니다.",
    "answer.problems.one": "문제 {count}건: 답이 요청과 맞지 않거나, 일부를 검증할 수 없었습니다.",
    # --- PDF ---
    "pdf.exported": "{when} 내보냄",
    "pdf.verdict": "내보낼 때의 판정: {verdict} ({when} 확인)",
    "pdf.scan": "스캔하여 검증",
    "pdf.open": "또는 아래 링크를 여세요:",
    "pdf.no_link": "서명된 제출물은 {name} 파일입니다. 어떤 W3C 검증 가능한 자격증명 검증기로도 "
    "검증할 수 있습니다.",
    "pdf.page": "{pages}쪽 중 {page}쪽",
    "pdf.no_image": "이미지 생략",
    "pdf.qr_title": "공유된 학습 기록",
    "pdf.qr_body": "코드를 스캔하거나 링크를 여세요:",
    # --- 공유한 링크 ---
    "pdf.banner": "내보낼 때 {verdict} — PDF만으로는 증명이 아닙니다",
    "pdf.banner_link": "내보낼 때 {verdict} — 링크에서 다시 확인하세요",
    "pdf.not_proof": (
        "PDF는 누구나 고칠 수 있습니다. 적힌 내용, 색, 이 상자는 아무것도 증명하지 "
        "않습니다. 증명은 서명이 합니다. 아래처럼 확인하세요."
    ),
    "pdf.card_scan": "스캔하여 검증 — 인터넷 없이도 됩니다",
    "pdf.card_code": (
        "이 QR 코드에는 발급기관이 서명한 자격증명 자체가 들어 있습니다 (VP1 코드, "
        "QR 버전 {version}-{level})."
    ),
    "pdf.card_too_large": (
        "이 자격증명은 QR 코드 하나에 들어가지 않습니다. 압축하면 "
        "{size}바이트로, 코드 하나에 담기는 양보다 {over}바이트 "
        "많습니다. 이 PDF에 첨부된 파일{or_link}에서 확인하세요."
    ),
    "pdf.card_or_link": "이나 링크",
    "pdf.card_no_code": (
        "이 자격증명은 오프라인 QR 코드에 담을 수 없습니다 (JWT이거나 형식이 "
        "담지 못하는 용어를 씁니다). 이 PDF에 첨부된 파일{or_link}에서 "
        "확인하세요."
    ),
    "pdf.howto.title": "서버 없이 이 PDF를 확인하는 방법",
    "pdf.howto.qr": (
        "자격증명의 QR 코드를 VP1 코드를 읽는 검증기(DCC Learner Credential Wallet, "
        "또는 사진에 대해 `wallet verify`)로 스캔하세요. 자격증명과 발급기관의 서명이 "
        "코드 안에 있어 온라인에서 아무것도 조회하지 않습니다."
    ),
    "pdf.howto.file": (
        "이 PDF에는 서명된 제출물이 첨부 파일 {name}(SHA-256 {digest})로 들어 "
        "있습니다. PDF의 첨부 파일을 열거나 이 PDF에 `wallet verify`를 실행하세요. "
        "W3C 검증 가능한 자격증명 검증기라면 어느 것으로도 확인할 수 있습니다."
    ),
    "pdf.howto.expires": (
        "첨부 파일에 대한 학습자의 서명은 {when}까지 유효합니다. 안에 든 "
        "자격증명과 각 QR 코드는 발급기관의 서명과 유효 기간이 허락하는 동안 "
        "계속 검증할 수 있습니다."
    ),
    "pdf.howto.link": "링크로는 {when}까지 온라인에서 다시 확인할 수 있습니다.",
    "pdf.howto.no_file": (
        "이 PDF에는 서명된 파일이 없습니다. 이 PDF를 만든 서명된 제출물로 확인해야 합니다."
    ),
    "check.title": "PDF나 QR 이미지 확인",
    "check.intro": (
        "학습자의 지갑이 저장한 PDF(서명된 제출물이 첨부되어 있습니다), 오프라인 QR "
        "코드 사진을 올리거나 코드의 텍스트를 붙여 넣으세요. 올린 것은 보관하지 "
        "않습니다."
    ),
    "check.file": "PDF 또는 QR 이미지 (최대 {mb}MB)",
    "check.text": "…또는 오프라인 QR 코드의 텍스트 (VP1-…)",
    "check.go": "확인",
    "check.empty": "파일을 고르거나 오프라인 QR 코드의 텍스트를 붙여 넣으세요.",
    "check.unreadable": "확인할 수 없습니다: {reason}",
    "check.too_large": "파일이 너무 크거나(최대 {mb}MB) 제때 전송되지 않았습니다.",
    "check.busy": "지금은 확인 요청이 너무 많습니다. 1분 뒤에 다시 시도하세요.",
    "check.from_pdf": "{name}에 첨부된 서명된 제출물로 확인했습니다",
    "check.from_qr": "{name}의 오프라인 QR 코드로 확인했습니다",
    "check.from_vp1": "오프라인 QR 코드의 텍스트로 확인했습니다",
    "check.from_file": "{name}(으)로 확인했습니다",
    "share.status.active": "사용 중",
    "share.status.expired": "만료됨",
    "share.status.withdrawn": "철회됨",
    "share.status.used_up": "조회 한도 도달",
    "share.views": "조회 {count}회",
    "share.views.one": "조회 {count}회",
    "share.last_view": "마지막 조회 {when}",
    "share.never_viewed": "아직 조회되지 않음",
    "share.views_unknown": "조회 기록을 알 수 없음 ({reason})",
    "share.until": "{when}까지",
    "share.credentials": "자격증명 {count}개",
    "share.credentials.one": "자격증명 {count}개",
    # CLI 보고서 (wallet verify --lang)
    "report.unreadable": "읽을 수 없음",
    "report.unnamed_presentation": "(이름 없는 제출물)",
    "report.unnamed_credential": "(이름 없는 자격증명)",
    "report.issuer": "발급기관",
    "report.holder": "소지자",
    "report.type": "유형",
    "report.endorsement": "보증",
    # --- 검사 이름 ---
    "check.title.format": "읽기",
    "check.title.structure": "형식",
    "check.title.jsonld": "용어 정의",
    "check.title.proof": "서명",
    "check.title.issuer_binding": "발급기관의 키",
    "check.title.validity": "유효 기간",
    "check.title.status": "취소 여부",
    "check.title.endorsements": "보증",
    "check.title.nested": "포함된 자격증명",
    "check.title.holder_binding": "학습자의 키",
    "check.title.challenge": "이 링크를 위해 만들어짐",
    "check.title.claims": "발급기관이 뒷받침하는 주장",
    "check.title.evidence": "첨부 파일",
    "check.title.conformance": "표준 준수",
    "check.title.recognition": "공인된 발급기관",
    "check.title.related_resources": "연결된 자료",
    "check.label.format": "읽기",
    "check.label.structure": "형식",
    "check.label.jsonld": "JSON-LD",
    "check.label.proof": "서명",
    "check.label.issuer_binding": "발급기관의 키",
    "check.label.validity": "유효 기간",
    "check.label.status": "상태",
    "check.label.endorsements": "보증",
    "check.label.nested": "내용",
    "check.label.holder_binding": "소지자의 키",
    "check.label.challenge": "챌린지",
    "check.label.claims": "학습자의 주장",
    "check.label.evidence": "증거",
    "check.label.conformance": "표준 준수",
    "check.label.recognition": "공인",
    "check.label.related_resources": "연결 자료",
    # --- 검사 결과 ---
    "check.format.passed": "읽을 수 있습니다.",
    "check.format.failed": "자격증명으로 읽을 수 없습니다.",
    "check.format.warning": "읽을 수는 있지만 문제가 있습니다.",
    "check.format.skipped": "읽을 필요가 없었습니다.",
    "check.structure.passed": "이 종류의 자격증명에 필요한 항목을 모두 갖추었습니다.",
    "check.structure.failed": "반드시 있어야 할 항목이 없거나 잘못되어 믿을 수 없습니다.",
    "check.structure.warning": "일부 항목이 일반적이지 않습니다.",
    "check.structure.skipped": "형식을 확인하지 않았습니다.",
    "check.jsonld.passed": "모든 용어의 의미가 정의되어 있어, 서명된 내용에서 빠진 것이 없습니다.",
    "check.jsonld.failed": "의미가 정의되지 않은 용어를 사용해 서명을 확인할 수 없습니다.",
    "check.jsonld.failed.context_not_allowed": "이 서비스가 모르는 어휘를 참조해 서명을 확인할 "
    "수 없습니다.",
    "check.jsonld.warning": "일부 용어가 일반적이지 않습니다.",
    "check.jsonld.skipped": "이 형식에는 필요하지 않습니다.",
    "check.proof.passed": "서명이 유효합니다. 서명된 뒤 바뀐 것이 없습니다.",
    "check.proof.failed": "서명을 확인할 수 없습니다. 서명된 뒤 바뀌었거나 다른 사람이 "
    "서명했습니다.",
    "check.proof.failed.bad_signature": "서명이 일치하지 않습니다. 서명된 뒤 내용이 바뀌었습니다.",
    "check.proof.failed.no_proof": "서명이 없습니다.",
    "check.proof.failed.unsupported_suite": "이 서비스가 확인할 수 없는 방식으로 서명되었습니다.",
    "check.proof.failed.proof_expired": "서명이 만료되었습니다.",
    "check.proof.failed.did_resolution": "서명한 키를 찾을 수 없습니다.",
    "check.proof.failed.wrong_purpose": "다른 목적으로 만든 서명입니다.",
    "check.proof.failed.broken_chain": "서명의 연결이 끊어졌습니다: 연서명이나 그 바탕이 된 서명을 "
    "확인할 수 없습니다.",
    "check.proof.failed.too_many_proofs": "실제 자격 증명보다 훨씬 많은 서명이 붙어 있어 어느 것도 "
    "확인하지 않았습니다.",
    "check.proof.warning": "사용할 수 없는 서명도 함께 들어 있습니다.",
    "check.proof.skipped": "서명을 확인하지 않았습니다.",
    "check.issuer_binding.passed": "서명한 키가 발급기관의 것입니다.",
    "check.issuer_binding.passed.trusted_key": "신뢰 목록이 서명한 키를 보증합니다.",
    "check.issuer_binding.failed": "발급기관이 자기 키로 밝히지 않은 키로 서명되었습니다.",
    "check.issuer_binding.failed.no_issuer": "발급기관이 명시되어 있지 않습니다.",
    "check.issuer_binding.warning": "서명한 키와 명시된 발급기관을 잇는 근거가 없습니다. 누구나 "
    "아무 이름으로나 서명할 수 있습니다.",
    "check.issuer_binding.skipped": "발급기관과 연결할 유효한 서명이 없습니다.",
    "check.holder_binding.passed": "학습자가 본인의 키로 서명했습니다.",
    "check.holder_binding.passed.trusted_key": "신뢰 목록이 서명한 키를 보증합니다.",
    "check.holder_binding.failed": "학습자의 것이 아닌 키로 서명되었습니다.",
    "check.holder_binding.warning": "서명한 키와 명시된 학습자를 잇는 근거가 없습니다.",
    "check.holder_binding.warning.no_holder": "어느 학습자가 제출했는지 밝히지 않습니다.",
    "check.holder_binding.skipped": "학습자와 연결할 유효한 서명이 없습니다.",
    "check.validity.passed": "유효 기간 안에 있습니다.",
    "check.validity.passed.until": "{date}까지 유효합니다.",
    "check.validity.failed": "유효 기간을 벗어났습니다.",
    "check.validity.failed.expired": "{date}에 만료되었습니다.",
    "check.validity.failed.not_yet_valid": "아직 유효하지 않습니다 ({date}부터).",
    "check.validity.failed.bad_date": "날짜를 읽을 수 없습니다.",
    "check.validity.warning": "날짜가 일반적이지 않습니다.",
    "check.validity.skipped": "확인할 날짜가 없습니다.",
    "check.status.passed": "발급기관이 취소하지 않았습니다.",
    "check.status.failed": "발급기관이 철회했습니다.",
    "check.status.failed.revoked": "발급기관이 취소했습니다.",
    "check.status.failed.suspended": "발급기관이 효력을 정지했습니다.",
    "check.status.warning": "발급기관의 목록에 접속할 수 없어 취소 여부를 확인하지 못했습니다.",
    "check.status.skipped": "발급기관이 취소할 방법을 두지 않았습니다.",
    "check.status.skipped.not_checked": "취소 여부를 확인하지 않았습니다.",
    "check.endorsements.passed": "보증이 진본입니다.",
    "check.endorsements.failed": "보증이 진본이 아닙니다.",
    "check.endorsements.warning": "일부 보증을 검증할 수 없었습니다.",
    "check.endorsements.skipped": "보증이 없습니다.",
    "check.nested.passed": "포함된 자격증명이 모두 검증되었습니다.",
    "check.nested.failed": "포함된 자격증명 중 검증되지 않은 것이 있습니다.",
    "check.nested.warning": "포함된 자격증명은 모두 진본이며, 일부에 경고가 있습니다.",
    "check.nested.warning.issuer_not_confirmed": "포함된 자격증명 중 발급기관을 확인할 수 없는 "
    "것이 있습니다.",
    "check.nested.skipped": "포함된 자격증명이 없습니다.",
    "check.challenge.passed": "바로 이 링크를 위해 만들어졌으므로, 다른 곳에서 복사해 재사용한 "
    "것이 아닙니다.",
    "check.challenge.failed": "다른 요청을 위해 만들어졌습니다. 다른 곳에서 복사해 재사용한 "
    "것일 수 있습니다.",
    "check.challenge.failed.domain_mismatch": "다른 검증자를 위해 만들어졌습니다.",
    "check.challenge.warning": "이 요청을 위해 만들어지지 않았을 수 있습니다.",
    "check.challenge.skipped": "이 요청을 위해 만들어졌는지 확인하지 않았습니다.",
    "check.claims.passed": "학습자가 나열한 성취는 모두 발급기관이 서명한 자격증명이 "
    "수여한 것입니다.",
    "check.claims.failed": "학습자가 나열한 성취 중 발급기관이 서명한 자격증명이 수여하지 않은 "
    "것이 있습니다.",
    "check.claims.warning": "학습자가 나열한 성취 중 발급기관이 서명한 자격증명이 수여하지 않은 "
    "것이 있습니다.",
    "check.claims.skipped": "학습자가 따로 나열한 성취가 없습니다.",
    "check.evidence.passed": "첨부 파일이 서명된 그대로입니다.",
    "check.evidence.failed": "서명된 뒤 바뀐 첨부 파일이 있습니다.",
    "check.evidence.warning": "일부 첨부 파일을 확인할 수 없었습니다.",
    "check.evidence.skipped": "확인할 첨부 파일이 없습니다.",
    "check.evidence.skipped.listed": "나열된 증거는 발급기관이 설명하거나 링크한 것으로, 지문을 "
    "비교할 첨부 파일은 없습니다.",
    "check.conformance.passed": "표준을 따릅니다.",
    "check.conformance.failed": "표준에서 벗어납니다.",
    "check.conformance.warning": "내용의 의미를 바꾸지 않는 작은 부분에서 표준과 다릅니다.",
    "check.conformance.skipped": "표준 준수 여부를 확인하지 않았습니다.",
    "check.recognition.passed": "신뢰 목록({list})이 발급기관을 공인합니다.",
    "check.recognition.passed.named": "신뢰 목록({list})이 발급기관을 {name}(으)로 공인합니다.",
    "check.recognition.failed": "어떤 신뢰 목록도 발급기관을 공인하지 않습니다.",
    "check.recognition.warning": "이 서비스의 신뢰 목록에 발급기관이 없습니다. 이름은 발급기관이 "
    "스스로 밝힌 것입니다.",
    "check.recognition.skipped": "신뢰 목록을 참조하지 않았습니다.",
    # --- Open Badges 2.0 badges on a card (wallet.record.badge) ---------------------------
    "card.narrative": "수행 내용",
    "card.evidence": "증거",
    "card.ob2": "Open Badges 2.0",
    "card.ob2.unchecked": "Open Badges 3.0 자격증명이 아닌 Open Badges 2.0 배지입니다. 확인할 수 "
    "없었습니다",
    "card.ob2.hosted": "Open Badges 2.0 · {origin}에서 호스팅",
    "card.ob2.signed": "Open Badges 2.0 · {issuer} 서명",
    "card.ob2.checked_hosted": (
        "Open Badges 3.0 자격증명이 아닌 Open Badges 2.0 배지입니다. "
        "호스트({origin})가 발급기관이 밝힌 곳에서 바로 이 배지를 "
        "제공하는지 확인했습니다"
    ),
    "card.ob2.checked_signed": (
        "Open Badges 3.0 자격증명이 아닌 Open Badges 2.0 배지입니다. "
        "{issuer}이(가) 자체 프로필에 게시한 키로 만든 서명(JWS)으로 "
        "확인했습니다"
    ),
    "card.ob2.awarded_you": "학습자에게 수여됨: 학습자의 신원 중 하나를 수령인으로 지정합니다",
    "card.ob2.awarded_other": "다른 사람에게 수여됨: 학습자의 어떤 신원도 수령인이 아닙니다",
    "summary.ob2_badges": "Open Badges 2.0 배지 {count}개, Open Badges 2.0 방식으로 확인",
    "summary.ob2_badges.one": "Open Badges 2.0 배지 {count}개, Open Badges 2.0 방식으로 확인",
    # --- Open Badges 2.0 (wallet.ob2.verify): the recipient, and the details of its checks -----
    "check.title.recipient": "수여 대상",
    "check.label.recipient": "수여 대상",
    "check.recipient.passed": "이 학습자에게 수여되었습니다.",
    "check.recipient.failed": "다른 사람에게 수여되었습니다.",
    "check.recipient.failed.recipient_unreadable": "누구에게 수여되었는지 읽을 수 없습니다.",
    "check.recipient.warning": "학습자가 알려 주지 않은 종류의 신원으로 수여되어 학습자의 것인지 "
    "알 수 없습니다.",
    "check.recipient.skipped": "수여 대상을 학습자의 신원과 비교하지 않았습니다.",
    "check.structure.failed.document_unavailable": "배지를 이루는 문서(배지 클래스나 발급기관 "
    "프로필)를 가져올 수 없었습니다.",
    "check.structure.failed.cycle": "배지의 문서들이 서로를 되가리킵니다.",
    "check.structure.failed.claim_mismatch": "보증이 다른 대상에 관한 것입니다.",
    "check.jsonld.failed.context_redefines": "오픈 배지 용어에 표준과 다른 뜻을 붙였습니다.",
    "check.jsonld.skipped.not_jsonld": "오픈 배지 1.0 배지에는 확인할 용어가 없습니다.",
    "check.proof.passed.hosted": "발급기관의 웹사이트가 바로 이 배지를 제공합니다.",
    "check.proof.passed.signed": "서명이 유효하며 발급기관의 키로 만들어졌습니다.",
    "check.proof.failed.hosted_mismatch": "발급기관의 웹사이트가 다른 배지를 제공합니다. 이 "
    "사본은 바뀌었습니다.",
    "check.proof.failed.http_status": "발급기관의 웹사이트가 이 배지를 제공하지 않습니다.",
    "check.proof.failed.redirected": "배지 주소가 다른 사이트로 넘어갑니다.",
    "check.proof.failed.html": "배지 대신 웹 페이지가 돌아왔습니다.",
    "check.proof.failed.fetch_limit": "응답이 너무 크거나 너무 느립니다.",
    "check.proof.failed.fetch_refused": "지갑이 접속할 수 없는 주소입니다.",
    "check.proof.failed.unreachable": "발급기관의 웹사이트에 접속할 수 없었습니다.",
    "check.proof.failed.not_json": "발급기관의 웹사이트가 배지로 응답하지 않습니다.",
    "check.proof.failed.id_mismatch": "그 주소의 문서가 자신을 다른 문서라고 밝힙니다.",
    "check.proof.failed.signed_without_jws": "서명되었다고 하지만 서명 없이 전달되었습니다.",
    "check.proof.failed.hosted_no_url": "확인할 웹 주소가 없습니다.",
    "check.proof.failed.alg_refused": "누구나 흉내 낼 수 있는 방식으로 서명되어 거부했습니다.",
    "check.proof.failed.no_key": "발급기관이 서명을 확인할 키를 공개하지 않습니다.",
    "check.proof.skipped.hosted_gone": "발급기관의 웹사이트가 더 이상 이 배지를 제공하지 않습니다.",
    "check.proof.skipped.key_not_listed": "발급기관의 것이 아닌 키로 서명되었습니다.",
    "check.proof.skipped.key_owner_mismatch": "서명한 키가 다른 사람의 것입니다.",
    "check.proof.skipped.unsigned_presentation": (
        "제시한 사람의 서명은 없습니다. 안에 든 "
        "자격증명이 각각 발급기관의 서명으로 스스로를 증명합니다."
    ),
    "check.proof.warning.issuer_not_confirmed": "오프라인이라 다시 확인하지 않았습니다. 발급기관의 "
    "웹사이트만 이 배지를 보증할 수 있습니다.",
    "check.proof.warning.offline_since": "오프라인이라 다시 확인하지 않았습니다. 발급기관이 "
    "마지막으로 보증한 때는 {date}입니다.",
    "check.issuer_binding.passed.hosted_scope": "발급기관이 밝힌 곳에 게시되어 있습니다.",
    "check.issuer_binding.passed.key_listed": "서명한 키가 발급기관의 프로필에 올라 있습니다.",
    "check.issuer_binding.failed.outside_scope": "발급기관의 사이트가 아닌 곳에 게시되어 있어 "
    "누구나 사본을 올릴 수 있습니다.",
    "check.issuer_binding.failed.no_scope": "비교할 발급기관의 웹 주소가 없습니다.",
    "check.issuer_binding.failed.key_not_listed": "발급기관이 밝히지 않은 키로 서명되었습니다.",
    "check.issuer_binding.failed.key_owner_mismatch": "서명한 키가 다른 발급기관의 것입니다.",
    "check.issuer_binding.warning.not_rechecked": "오프라인이라 게시된 곳을 다시 확인하지 "
    "않았습니다.",
    "check.status.passed.hosted": "발급기관의 웹사이트가 여전히 제공하며 취소하지 않았습니다.",
    "check.status.warning.not_rechecked": "오프라인이라 취소 여부를 다시 확인하지 않았습니다.",
    "check.related_resources.passed": "연결된 자료가 발급기관이 보호한 그대로입니다.",
    "check.related_resources.failed": "연결된 자료가 발급기관이 보호한 뒤에 바뀌었습니다.",
    "check.related_resources.warning": (
        "연결된 자료 일부는 온라인에 접속하지 않고는 확인할 수 없었습니다."
    ),
    "check.related_resources.skipped": "확인할 연결된 자료가 없습니다.",
    # --- 오류 ---
    "error.answer_refused": "검증자가 응답을 거부했습니다.",
    "error.dcql": "요청의 질의(DCQL)가 올바르지 않거나 너무 큽니다.",
    "error.not_authentic": (
        "자격증명이 진본이 아닙니다(서명, 데이터 또는 컨텍스트 확인 실패). 저장하지 않았습니다."
    ),
    "error.other_subject": (
        "이 자격증명은 본인이 아닌 다른 사람에게 발급되었습니다. 저장하지 않았습니다."
    ),
    "error.cborld": "오프라인 QR 코드의 내용(CBOR-LD)을 읽을 수 없습니다.",
    "error.vp1_text": "오프라인 QR 코드의 텍스트(VP1-…)가 아닙니다. 틀리거나 빠진 문자가 있습니다.",
    "error.cborld_truncated": "오프라인 QR 코드의 내용이 중간에 잘려 있습니다.",
    "error.cborld_tag": "이 지갑이 읽는 압축 연결 데이터(CBOR-LD)가 아닙니다.",
    "error.cborld_unknown_term": (
        "오프라인 QR 코드가 어휘에 정의되지 않은 용어를 사용합니다. "
        "변경되었거나 다른 어휘용으로 만들어졌습니다."
    ),
    "error.cborld_too_large": (
        "오프라인 QR 코드의 내용이 어떤 자격증명보다도 훨씬 큰 크기나 중첩을 선언하여 거부했습니다."
    ),
    "error.cborld_malformed": "오프라인 QR 코드의 내용이 손상되었습니다.",
    "error.cborld_encode": (
        "오프라인 QR 코드에 담을 수 없습니다. 의미가 정의되지 않은 용어나 "
        "이 형식이 바꿔 버릴 값이 있습니다."
    ),
    "error.pdf": "이 PDF를 읽을 수 없습니다. 손상되었거나 암호화되었거나 PDF가 아닙니다.",
    "error.pdf_attachment": (
        "이 PDF에는 서명된 제출물이 첨부 파일로 정확히 하나 들어 있지 않아 "
        "PDF만으로는 확인할 수 없습니다."
    ),
    "error.pdf_active_content": (
        "이 PDF에는 자바스크립트나 프로그램을 실행하는 동작이 있어 거부했습니다."
    ),
    "error.qr_image": (
        "이미지에 QR 코드가 여러 개 있거나, 자격증명이 아닌 내용을 담은 코드가 "
        "있습니다. 읽을 코드 하나만 남도록 잘라 주세요."
    ),
    "error.qr_too_large": (
        "QR 코드 하나에 들어가지 않습니다. 잘라내지 않았습니다. 대신 링크로 공유하세요."
    ),
    "error.exchange_flow": "교환이 프로토콜대로 진행되지 않았습니다. 아무것도 저장하지 않았습니다.",
    "error.exchange_relay": (
        "이 교환은 다른 웹사이트에 보낼 답변에 서명하라고 요청합니다. "
        "그 답변을 당신의 것처럼 넘길 수 있으므로 거절했습니다. 아무것도 보내지 않았습니다."
    ),
    "error.nothing_matches": "요청한 것과 맞는 자격증명이 없습니다.",
    "error.presentation_request": "자격증명 요청을 읽거나 사용할 수 없습니다.",
    "error.problem_details": "상대방이 문제를 알려 왔습니다.",
    "error.request_object": "서명된 요청이 올바르지 않거나 서명이 맞지 않습니다.",
    "error.response_rejected": (
        "응답이 거부되었습니다. 다른 요청에 대한 것이거나, 재사용되었거나, 검증되지 않습니다."
    ),
    "error.transaction_data": "요청에 이 지갑이 알지 못하는 거래 데이터가 있습니다.",
    "error.verifier_trust": "요청한 쪽을 확인할 수 없어 아무것도 보내지 않았습니다.",
    "error.verifier_key": "검증자의 암호화 키를 사용할 수 없어 아무것도 보내지 않았습니다.",
    "error.document_too_complex": (
        "실제 자격증명보다 훨씬 많은 처리를 요구하는 문서라서 거부했습니다."
    ),
    "error.wallet_error": "문제가 발생했습니다.",
    "error.unreadable_input": "입력을 자격증명으로 읽을 수 없습니다.",
    "error.unreadable_input.not_a_request_link": (
        "요청 링크가 아닙니다. 고용주의 요청 링크는 openid4vp:// 또는 https://로 시작합니다. "
        "링크 전체를 복사했는지 확인하세요."
    ),
    "error.unreadable_input.not_an_offer_link": (
        "제안 링크가 아닙니다. 발급기관의 제안 링크는 openid-credential-offer:// 또는 "
        "https://로 시작합니다. 링크 전체를 복사했는지 확인하세요."
    ),
    "error.malformed_json": "올바른 JSON 파일이 아닙니다.",
    "error.unsupported_input": "이 지갑이 읽을 수 있는 자격증명(JSON, JWT, 배지 이미지)이 "
    "아닙니다.",
    "error.baked_badge": "배지 이미지가 손상되었거나 자격증명이 들어 있지 않습니다.",
    "error.input_too_large": "입력이 너무 큽니다.",
    "error.image_too_large": "이미지의 픽셀 수가 이 지갑이 여는 한도를 넘어 읽지 않았습니다.",
    "error.image": "이미지를 읽을 수 없습니다. 이 지갑이 읽는 형식이 아니거나 손상되었습니다.",
    "error.folder": "폴더를 사용할 수 없습니다. 파일이거나, 만들 수 없거나, 쓸 수 없습니다.",
    "error.case_package": "역량 프레임워크 파일이 잘못되어 아무것도 가져오지 않았습니다.",
    "error.trust_list": "신뢰 목록 파일이 아니어서 아무것도 가져오지 않았습니다.",
    "error.recipient": "배지의 수여 대상을 누구의 신원과도 비교할 수 없습니다.",
    "error.jsonld": "자격증명의 연결 데이터를 처리할 수 없습니다.",
    "error.context_not_allowed": "자격증명이 이 지갑이 모르는 어휘를 참조합니다.",
    "error.undefined_term": "자격증명이 의미가 정의되지 않은 용어를 사용합니다.",
    "error.relative_iri": "자격증명이 완전하지 않은 주소를 사용합니다.",
    "error.invalid_jsonld": "자격증명의 연결 데이터가 올바르지 않습니다.",
    "error.canonicalization_limit": "자격증명이 확인하기에 지나치게 많은 계산을 요구하도록 "
    "만들어졌습니다.",
    "error.key_format": "들어 있는 키를 읽을 수 없습니다.",
    "error.did_resolution": "서명한 사람의 키를 찾을 수 없습니다.",
    "error.proof": "서명을 확인할 수 없습니다.",
    "error.unsupported_proof": "이 지갑이 확인할 수 없는 방식으로 서명되었습니다.",
    "error.malformed_proof": "서명을 읽을 수 없습니다.",
    "error.wrong_key_type": "잘못된 종류의 키로 서명되었습니다.",
    "error.bad_signature": "서명이 일치하지 않습니다. 서명된 뒤 내용이 바뀌었습니다.",
    "error.disclosure_mismatch": "공개된 부분이 서명과 일치하지 않습니다.",
    "error.base_proof": "이 서명은 소지자만을 위한 것으로, 검증자에게 보여 줄 것이 아닙니다.",
    "error.bad_pointer": "선택한 항목이 없습니다.",
    "error.jcs": "문서를 표준 형태로 만들 수 없습니다.",
    "error.fetch": "문서를 가져올 수 없습니다.",
    "error.fetch_refused": "허용되지 않는 주소입니다.",
    "error.fetch_limit": "응답이 너무 크거나 너무 느립니다.",
    "error.share_unavailable": (
        "이 링크는 사용할 수 없습니다. 철회되었거나 만료되었거나 잘못 입력되었습니다."
    ),
    "error.pdf_font": "PDF를 만들 글꼴이 없습니다 (fonts-nanum을 설치하세요).",
    "error.signing": "서명할 수 없습니다.",
    "error.data_model": "검증 가능한 자격 증명 데이터 모델의 규칙을 어겨 서명하지 않았습니다.",
    "error.vault": "지갑 저장소에 문제가 생겼습니다.",
    "error.vault_locked": "지갑이 잠겨 있습니다. 먼저 잠금을 해제하세요.",
    "error.wrong_passphrase": "암호 문구가 틀렸습니다.",
    "error.keyring": "운영체제 키링에 문제가 생겼거나 지갑의 키를 잃었습니다.",
    "error.integrity": "저장된 항목이 변경되었거나 손상되었습니다.",
    "error.not_found": "그런 항목이 없습니다.",
    "error.profile": "프로필에 문제가 있습니다.",
    "error.backup": "백업 파일이 손상되었거나, 다른 지갑의 것이거나, 너무 새로운 형식입니다.",
    "error.backup_kdf": "백업이 이 지갑이 만드는 것보다 많은 키 유도 작업을 요구하여 열지 "
    "않았습니다.",
    "error.exchange": "다른 서비스와 주고받는 중에 실패했습니다.",
    "error.offer": "제안을 읽거나 사용할 수 없습니다.",
    "error.offer.unknown": (
        "발급기관 서버가 이 제안을 알지 못합니다(철회되었거나 잘못 "
        "입력되었을 수 있습니다). 발급기관에 새 링크를 요청하세요."
    ),
    "error.offer.refused": "발급기관 서버가 이 제안을 내주지 않았습니다. 나중에 다시 시도하거나 "
    "발급기관에 새 링크를 요청하세요.",
    "error.offer.unreachable": "발급기관 서버에 연결할 수 없습니다. 인터넷 연결을 확인하고 다시 "
    "시도하세요.",
    "error.issuer_metadata": "발급기관의 자기 소개 정보를 사용할 수 없습니다.",
    "error.issuer_metadata.unknown": "이 서버는 자격증명 발급기관으로 자신을 소개하지 않습니다. "
    "받은 것이 없습니다.",
    "error.issuer_metadata.refused": "발급기관 서버가 자기 소개 정보를 내주지 않았습니다. 나중에 "
    "다시 시도하세요.",
    "error.issuer_metadata.unreachable": "발급기관 서버에 연결할 수 없습니다. 인터넷 연결을 "
    "확인하고 다시 시도하세요.",
    "error.token": "발급기관이 요청을 거부했습니다 (거래 코드가 틀렸을 수 있습니다).",
    "error.offer_used": (
        "이 제안은 이미 사용되었거나 만료되었습니다. 발급기관에 새 제안을 요청하세요."
    ),
    "error.credential_request": "발급기관이 자격증명 발급을 거부했습니다.",
    "error.issuance_rejected": "발급기관이 보낸 것이 진본이 아니거나 본인의 것이 아닙니다.",
    "error.os": "파일을 읽을 수 없습니다: {name}",
    "error.unexpected": "예상하지 못한 오류가 발생했습니다.",
}

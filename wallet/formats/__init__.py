"""Reading inputs: the forms a credential arrives in (`sources`: JSON, a JWT, a baked PNG/SVG
badge, an offline QR code or a PDF carrying a presentation), baking a credential into a badge
image (`baking`; `ob2baking`: an Open Badges 2.0 badge back into its image), the credential a
VC-JWT secures (`vcjwt`), CBOR-LD (`cborld`, over `cborld_contexts`, `cborld_codecs` and the
bounded CBOR of `cborwire`) and its `VP1-B` QR text (`vpqr`), QR codes read from images and
offline codes made (`qrcodes`), a PDF's attached presentation (`pdfattach`), and untrusted images
opened within pixel bounds (`images`). The package's public names are re-exported here and
imported on first use (PEP 562), so importing one module of the package does not import the
rest; its modules hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.formats.baking import bake_png, bake_svg
    from wallet.formats.cborld import (
        MAX_CBORLD_BYTES,
        TAG_COMPRESSED,
        TAG_UNCOMPRESSED,
        decode,
        encode,
        same_json,
        term_ids,
    )
    from wallet.formats.cborld_codecs import (
        NOT_ENCODED,
        decode_date,
        decode_datetime,
        decode_multibase,
        decode_uri,
        encode_date,
        encode_datetime,
        encode_multibase,
        encode_uri,
    )
    from wallet.formats.cborld_contexts import (
        FIRST_CUSTOM_TERM_ID,
        KEYWORDS,
        MAX_ACTIVE_CONTEXTS,
        MAX_CONTEXT_APPLICATIONS,
        REGISTERED_CONTEXTS,
        VALIDATOR_ONLY_TERMS,
        Active,
        Processor,
        falsy,
        published_context,
        utf16,
    )
    from wallet.formats.cborwire import (
        MAX_DEPTH,
        MAX_SAFE_INTEGER,
        Reader,
        write,
    )
    from wallet.formats.images import (
        FORMATS,
        MAX_IMAGE_BYTES,
        MAX_JPEG_PIXELS,
        MAX_PIXELS,
        SVG_MAX_RASTERS,
        SVG_RASTER_PIXELS,
        ImageInfo,
        check_svg,
        decoded_pixels,
        image_info,
        is_svg,
        load_image,
    )
    from wallet.formats.ob2baking import bake_ob2_png, bake_ob2_svg
    from wallet.formats.pdfattach import (
        MAX_ATTACHMENT_BYTES,
        MAX_PDF_BYTES,
        PDF_MAGIC,
        Attachment,
        attached_presentation,
        is_pdf,
    )
    from wallet.formats.qrcodes import (
        DECODE_PIXELS,
        MAX_OFFLINE_BYTES,
        QR_MAX_CHARS,
        QrCode,
        offline_qr,
        over_capacity,
        read_qr,
    )
    from wallet.formats.sources import (
        MAX_INPUT_BYTES,
        MAX_JSON_DEPTH,
        LoadedInput,
        load_bytes,
    )
    from wallet.formats.vcjwt import (
        jwt_claim_problems,
        unverified_credential,
        vc_from_jwt_payload,
    )
    from wallet.formats.vpqr import (
        MAX_VP1_CHARS,
        PREFIX,
        base32_decode,
        base32_encode,
        from_vp1,
        is_vp1,
        to_vp1,
    )

_WHERE = {
    "Active": "cborld_contexts",
    "Attachment": "pdfattach",
    "DECODE_PIXELS": "qrcodes",
    "FIRST_CUSTOM_TERM_ID": "cborld_contexts",
    "FORMATS": "images",
    "ImageInfo": "images",
    "KEYWORDS": "cborld_contexts",
    "LoadedInput": "sources",
    "MAX_ACTIVE_CONTEXTS": "cborld_contexts",
    "MAX_ATTACHMENT_BYTES": "pdfattach",
    "MAX_CBORLD_BYTES": "cborld",
    "MAX_CONTEXT_APPLICATIONS": "cborld_contexts",
    "MAX_DEPTH": "cborwire",
    "MAX_IMAGE_BYTES": "images",
    "MAX_INPUT_BYTES": "sources",
    "MAX_JPEG_PIXELS": "images",
    "MAX_JSON_DEPTH": "sources",
    "MAX_OFFLINE_BYTES": "qrcodes",
    "MAX_PDF_BYTES": "pdfattach",
    "MAX_PIXELS": "images",
    "MAX_SAFE_INTEGER": "cborwire",
    "MAX_VP1_CHARS": "vpqr",
    "NOT_ENCODED": "cborld_codecs",
    "PDF_MAGIC": "pdfattach",
    "PREFIX": "vpqr",
    "Processor": "cborld_contexts",
    "QR_MAX_CHARS": "qrcodes",
    "QrCode": "qrcodes",
    "REGISTERED_CONTEXTS": "cborld_contexts",
    "Reader": "cborwire",
    "SVG_MAX_RASTERS": "images",
    "SVG_RASTER_PIXELS": "images",
    "TAG_COMPRESSED": "cborld",
    "TAG_UNCOMPRESSED": "cborld",
    "VALIDATOR_ONLY_TERMS": "cborld_contexts",
    "attached_presentation": "pdfattach",
    "bake_ob2_png": "ob2baking",
    "bake_ob2_svg": "ob2baking",
    "bake_png": "baking",
    "bake_svg": "baking",
    "base32_decode": "vpqr",
    "base32_encode": "vpqr",
    "check_svg": "images",
    "decode": "cborld",
    "decode_date": "cborld_codecs",
    "decode_datetime": "cborld_codecs",
    "decode_multibase": "cborld_codecs",
    "decode_uri": "cborld_codecs",
    "decoded_pixels": "images",
    "encode": "cborld",
    "encode_date": "cborld_codecs",
    "encode_datetime": "cborld_codecs",
    "encode_multibase": "cborld_codecs",
    "encode_uri": "cborld_codecs",
    "falsy": "cborld_contexts",
    "from_vp1": "vpqr",
    "image_info": "images",
    "is_pdf": "pdfattach",
    "is_svg": "images",
    "is_vp1": "vpqr",
    "jwt_claim_problems": "vcjwt",
    "load_bytes": "sources",
    "load_image": "images",
    "offline_qr": "qrcodes",
    "over_capacity": "qrcodes",
    "published_context": "cborld_contexts",
    "read_qr": "qrcodes",
    "same_json": "cborld",
    "term_ids": "cborld",
    "to_vp1": "vpqr",
    "unverified_credential": "vcjwt",
    "utf16": "cborld_contexts",
    "vc_from_jwt_payload": "vcjwt",
    "write": "cborwire",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Active",
    "Attachment",
    "DECODE_PIXELS",
    "FIRST_CUSTOM_TERM_ID",
    "FORMATS",
    "ImageInfo",
    "KEYWORDS",
    "LoadedInput",
    "MAX_ACTIVE_CONTEXTS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_CBORLD_BYTES",
    "MAX_CONTEXT_APPLICATIONS",
    "MAX_DEPTH",
    "MAX_IMAGE_BYTES",
    "MAX_INPUT_BYTES",
    "MAX_JPEG_PIXELS",
    "MAX_JSON_DEPTH",
    "MAX_OFFLINE_BYTES",
    "MAX_PDF_BYTES",
    "MAX_PIXELS",
    "MAX_SAFE_INTEGER",
    "MAX_VP1_CHARS",
    "NOT_ENCODED",
    "PDF_MAGIC",
    "PREFIX",
    "Processor",
    "QR_MAX_CHARS",
    "QrCode",
    "REGISTERED_CONTEXTS",
    "Reader",
    "SVG_MAX_RASTERS",
    "SVG_RASTER_PIXELS",
    "TAG_COMPRESSED",
    "TAG_UNCOMPRESSED",
    "VALIDATOR_ONLY_TERMS",
    "attached_presentation",
    "bake_ob2_png",
    "bake_ob2_svg",
    "bake_png",
    "bake_svg",
    "base32_decode",
    "base32_encode",
    "check_svg",
    "decode",
    "decode_date",
    "decode_datetime",
    "decode_multibase",
    "decode_uri",
    "decoded_pixels",
    "encode",
    "encode_date",
    "encode_datetime",
    "encode_multibase",
    "encode_uri",
    "falsy",
    "from_vp1",
    "image_info",
    "is_pdf",
    "is_svg",
    "is_vp1",
    "jwt_claim_problems",
    "load_bytes",
    "load_image",
    "offline_qr",
    "over_capacity",
    "published_context",
    "read_qr",
    "same_json",
    "term_ids",
    "to_vp1",
    "unverified_credential",
    "utf16",
    "vc_from_jwt_payload",
    "write",
]

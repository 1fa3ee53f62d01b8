"""A one-page PDF: a title, some lines of text and a QR code — written by hand (PDF 1.4,
Helvetica, no images), so that no PDF library is needed."""

from __future__ import annotations

__all__ = ["one_page_pdf"]

PAGE_W, PAGE_H = 595, 842  # A4 in points


def _text(value: str) -> str:
    """A PDF string literal in WinAnsi; characters outside Latin-1 become '?'."""
    raw = value.encode("latin-1", "replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _wrap(line: str, width: int = 90) -> list[str]:
    out, current = [], ""
    for word in line.split(" "):
        while len(word) > width:  # long URLs
            if current:
                out.append(current)
                current = ""
            out.append(word[:width])
            word = word[width:]
        if len(current) + len(word) + 1 > width and current:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    return out


def one_page_pdf(title: str, lines: list[str], qr_text: str | None = None) -> bytes:
    ops = ["BT /F1 20 Tf 50 790 Td", f"{_text(title)} Tj", "ET"]
    y = 760
    for line in lines:
        for part in _wrap(line):
            ops += [f"BT /F1 10 Tf 50 {y} Td", f"{_text(part)} Tj", "ET"]
            y -= 14
    if qr_text:
        import segno

        matrix = segno.make(qr_text, error="m").matrix
        size = len(matrix)
        module = min(360 / size, 8)
        left = (PAGE_W - module * size) / 2
        top = min(y - 20, 520)
        ops.append("0 0 0 rg")
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    ops.append(f"{left + c * module:.2f} {top - (r + 1) * module:.2f} "
                               f"{module:.2f} {module:.2f} re f")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream +
        b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)

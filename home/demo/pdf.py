"""A tiny PDF writer for the demo's downloadable files: A4 pages of Helvetica text.

No dependency: the standard Type 1 fonts (Helvetica, bold, oblique) need no embedding,
and the WinAnsi encoding (cp1252) covers French (accents, « », œ, €). Text is laid out
with the fonts' real advance widths, so lines never run past the margin. The output is
a plain PDF 1.4 file with a correct cross-reference table, readable by any viewer.

    render_pdf("Fiche outil", ["# À quoi sert-elle ?", "Un paragraphe.", "- Une puce"])

Blocks: "# text" is a heading, "- text" a bullet, anything else a paragraph.
"""

import unicodedata

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 64, 78, 72
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BULLET_INDENT = 14

REGULAR, BOLD, OBLIQUE = "F1", "F2", "F3"
FONTS = {REGULAR: "Helvetica", BOLD: "Helvetica-Bold", OBLIQUE: "Helvetica-Oblique"}

# Advance widths (1/1000 em) of characters 32..126, from Adobe's core font metrics.
# Helvetica-Oblique has Helvetica's widths.
_HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]  # fmt: skip
_HELVETICA_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]  # fmt: skip
# Characters of WinAnsi beyond ASCII that have no ASCII base letter: (regular, bold).
_SPECIAL_WIDTHS = {
    "«": (556, 556),
    "»": (556, 556),
    "‘": (222, 278),
    "’": (222, 278),
    "“": (333, 500),
    "”": (333, 500),
    "–": (556, 556),
    "—": (1000, 1000),
    "…": (1000, 1000),
    "•": (350, 350),
    "œ": (944, 944),
    "Œ": (1000, 1000),
    "æ": (889, 889),
    "€": (556, 556),
    "°": (400, 400),
    "\u00a0": (278, 278),
}
# Characters outside WinAnsi, replaced by what the standard fonts can draw.
_REPLACEMENTS = str.maketrans(
    {"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-", "→": "->", "≥": ">=", "≤": "<="}
)


def _char_width(char, font):
    table = _HELVETICA_BOLD if font == BOLD else _HELVETICA
    code = ord(char)
    if 32 <= code <= 126:
        return table[code - 32]
    if char in _SPECIAL_WIDTHS:
        return _SPECIAL_WIDTHS[char][1 if font == BOLD else 0]
    base = unicodedata.normalize("NFD", char)[0]  # é -> e, Ç -> C
    if 32 <= ord(base) <= 126:
        return table[ord(base) - 32]
    return 556


def text_width(text, font, size):
    """Width of `text` in points, in `font` at `size` points."""
    return sum(_char_width(char, font) for char in text) * size / 1000


def wrap(text, font, size, width):
    """Greedy word wrap: the lines of `text` that fit in `width` points."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _encode(text):
    """A PDF literal string in WinAnsi: escaped, non-ASCII bytes as octal escapes."""
    raw = text.translate(_REPLACEMENTS).encode("cp1252", errors="replace")
    out = []
    for byte in raw:
        if byte in b"\\()":
            out.append("\\" + chr(byte))
        elif 32 <= byte <= 126:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _info_string(text):
    """A text string for the document information: UTF-16BE with its byte order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _Layout:
    """Places lines on pages, top to bottom, starting a new page when one is full."""

    def __init__(self):
        self.pages = []
        self.new_page()

    def new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.y = PAGE_HEIGHT - MARGIN_TOP

    def room_for(self, height):
        if self.y - height < MARGIN_BOTTOM:
            self.new_page()

    def line(self, text, font, size, leading, x=MARGIN_X, color="0 g"):
        self.room_for(leading)
        self.y -= leading
        self.ops.append(
            f"BT {color} /{font} {size} Tf {x:.2f} {self.y:.2f} Td {_encode(text)} Tj ET"
        )

    def gap(self, height):
        self.y -= height


def render_pdf(title, blocks, subtitle="", header="", footer=""):
    """The bytes of a PDF: a title, an optional subtitle, then headings, paragraphs and
    bullets; a running header and a footer with page numbers on every page."""
    layout = _Layout()
    for line in wrap(title, BOLD, 18, TEXT_WIDTH):
        layout.line(line, BOLD, 18, 23, color="0.05 0.22 0.45 rg")
    if subtitle:
        layout.gap(4)
        for line in wrap(subtitle, OBLIQUE, 11, TEXT_WIDTH):
            layout.line(line, OBLIQUE, 11, 15, color="0.25 g")
    layout.gap(10)
    for block in blocks:
        if block.startswith("# "):
            lines = wrap(block[2:], BOLD, 12.5, TEXT_WIDTH)
            layout.room_for(18 * len(lines) + 30)  # a heading stays with what follows
            layout.gap(8)
            for line in lines:
                layout.line(line, BOLD, 12.5, 18, color="0.05 0.22 0.45 rg")
            layout.gap(2)
        elif block.startswith("- "):
            lines = wrap(block[2:], REGULAR, 10.5, TEXT_WIDTH - BULLET_INDENT)
            for position, line in enumerate(lines):
                if position == 0:
                    layout.line("•", REGULAR, 10.5, 14.5, x=MARGIN_X + 3)
                    layout.y += 14.5  # the bullet and its first line share a baseline
                layout.line(line, REGULAR, 10.5, 14.5, x=MARGIN_X + BULLET_INDENT)
            layout.gap(2)
        else:
            for line in wrap(block, REGULAR, 10.5, TEXT_WIDTH):
                layout.line(line, REGULAR, 10.5, 14.5)
            layout.gap(6)

    count = len(layout.pages)
    streams = []
    for number, ops in enumerate(layout.pages, start=1):
        decorations = []
        if header:
            decorations.append(
                f"BT 0.35 g /{REGULAR} 8.5 Tf {MARGIN_X} {PAGE_HEIGHT - 44} Td "
                f"{_encode(header)} Tj ET"
            )
        foot = f"{footer} — page {number} sur {count}" if footer else f"Page {number} sur {count}"
        decorations.append(f"BT 0.35 g /{REGULAR} 8.5 Tf {MARGIN_X} 40 Td {_encode(foot)} Tj ET")
        streams.append("\n".join(decorations + ops).encode("ascii"))
    return _assemble(title, streams)


def _assemble(title, streams):
    # Objects: 1 catalog, 2 page tree, 3-5 fonts, 6 information, then page + content pairs.
    first_page = 7
    page_ids = [first_page + 2 * i for i in range(len(streams))]
    fonts = " ".join(f"/{key} {3 + i} 0 R" for i, key in enumerate(FONTS))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
        (
            f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] "
            f"/Count {len(page_ids)} >>"
        ).encode("ascii"),
    ]
    for name in FONTS.values():
        objects.append(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} "
            f"/Encoding /WinAnsiEncoding >>".encode("ascii")
        )
    objects.append(
        f"<< /Title {_info_string(title)} /Producer (EMI demo content) >>".encode("ascii")
    )
    for page_id, stream in zip(page_ids, streams, strict=True):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << {fonts} >> >> /Contents {page_id + 1} 0 R >>".encode("ascii")
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)

"""The demo's downloadable files: PDF guides (with fpdf2) and CSV grids.

    render_pdf("Fiche outil", ["# À quoi sert-elle ?", "Un paragraphe.", "- Une puce"])

Blocks: "# text" is a heading, "- text" a bullet, anything else a paragraph. Pages are
A4, in Helvetica, one of the PDF standard fonts (nothing embedded): its Windows-1252
encoding covers French (accents, « », œ, €). The document's title and language
(fr-FR) are set for screen readers, and every page repeats a header and a footer with
its number.
"""

import csv
import io

from fpdf import FPDF

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 64, 78, 72  # points
BULLET_INDENT = 14
BLUE, GREY, DARK_GREY = (13, 56, 115), (89, 89, 89), (64, 64, 64)
# Characters outside Windows-1252, replaced by what the standard fonts can draw.
REPLACEMENTS = str.maketrans(
    {"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-", "→": "->", "≥": ">=", "≤": "<="}
)


class _Document(FPDF):
    def __init__(self, header_text, footer_text):
        super().__init__(unit="pt", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.header_text = header_text
        self.footer_text = footer_text
        self.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)

    def header(self):
        if self.header_text:
            self.set_xy(MARGIN_X, 36)
            self.set_font("Helvetica", "", 8.5)
            self.set_text_color(*GREY)
            self.cell(text=self.header_text)
            self.set_xy(MARGIN_X, MARGIN_TOP)

    def footer(self):
        self.set_y(-48)
        self.set_font("Helvetica", "", 8.5)
        self.set_text_color(*GREY)
        page = f"page {self.page_no()} sur {{nb}}"
        self.cell(text=f"{self.footer_text} — {page}" if self.footer_text else page.capitalize())


def render_pdf(title, blocks, subtitle="", header="", footer=""):
    """The bytes of a PDF: a title, an optional subtitle, then headings, paragraphs and
    bullets; a running header and a footer with page numbers on every page."""
    pdf = _Document(header.translate(REPLACEMENTS), footer.translate(REPLACEMENTS))
    pdf.set_title(title)
    pdf.set_lang("fr-FR")
    pdf.set_creator("EMI demo content")
    pdf.add_page()
    width = pdf.epw

    def write(text, style, size, leading, color=(0, 0, 0), indent=0):
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*color)
        pdf.set_x(MARGIN_X + indent)
        pdf.multi_cell(width - indent, leading, text.translate(REPLACEMENTS), align="L")

    write(title, "B", 18, 23, BLUE)
    if subtitle:
        pdf.ln(4)
        write(subtitle, "I", 11, 15, DARK_GREY)
    pdf.ln(10)
    for block in blocks:
        if block.startswith("# "):
            # A heading stays with what follows it.
            if pdf.will_page_break(18 + 30):
                pdf.add_page()
            pdf.ln(8)
            write(block[2:], "B", 12.5, 18, BLUE)
            pdf.ln(2)
        elif block.startswith("- "):
            if pdf.will_page_break(14.5):
                pdf.add_page()
            top = pdf.get_y()
            write("•", "", 10.5, 14.5, indent=3)
            pdf.set_y(top)
            write(block[2:], "", 10.5, 14.5, indent=BULLET_INDENT)
            pdf.ln(2)
        else:
            write(block, "", 10.5, 14.5)
            pdf.ln(6)
    return bytes(pdf.output())


def csv_bytes(rows):
    """A CSV grid as spreadsheets in France open it: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

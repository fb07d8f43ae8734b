"""Right-to-left Word documents (Arabic): every paragraph, table and the page itself flow from
the right, so a template reads as naturally in Arabic as in English.

python-docx has no switch for this; these are the WordprocessingML elements Word itself writes
(``w:bidi`` on paragraphs and sections, ``w:bidiVisual`` on tables), each placed where the
schema's element order wants it so Word opens the file without complaint.
"""

from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Children of w:pPr, w:tblPr and w:sectPr that the schema puts after the element we add.
_AFTER = {
    "w:bidi": (
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr "
        "pPrChange"
    ),
    "w:bidiVisual": (
        "tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd "
        "tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
    ),
    "w:bidi@sect": "rtlGutter docGrid printerSettings sectPrChange",
}


def _insert(parent: Any, tag: str, after: str) -> None:
    if parent.find(qn(tag)) is not None:
        return
    element = OxmlElement(tag)
    later = {qn(f"w:{name}") for name in after.split()}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return
    parent.append(element)


def right_to_left(document: DocxDocument) -> None:
    """Turn a built document right to left (paragraphs, tables, sections, bold in Arabic)."""
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        _insert(paragraph.get_or_add_pPr(), "w:bidi", _AFTER["w:bidi"])
    for table in body.iter(qn("w:tbl")):
        _insert(table.tblPr, "w:bidiVisual", _AFTER["w:bidiVisual"])
    for section in document.sections:
        _insert(section._sectPr, "w:bidi", _AFTER["w:bidi@sect"])
    for paragraph in _all_paragraphs(document):
        for run in paragraph.runs:
            # Arabic letters take the complex-script formatting: bold must be said there too.
            if run.bold:
                run.font.cs_bold = True


def _all_paragraphs(document: DocxDocument) -> list[Any]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs

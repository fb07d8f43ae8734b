"""Join tagged PDFs written by WeasyPrint (PDF/UA-1) into one tagged PDF (pypdf).

The first file (the compendium's cover and contents) gives the document its catalogue: language,
title, metadata, the PDF/UA identifier and the structure tree's root. Each following part adds
its pages, its structure elements (under the one ``Document`` element), its entries in the
parent tree (renumbered after the ones before, as are the pages' and annotations' keys into it)
and its bookmarks (under the first file's top bookmark). The contents' links, written as
``LINK_PREFIX + anchor`` because their targets are in other parts, become links to the page
where each practice starts."""

from pathlib import Path
from typing import IO, Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

#: The address the contents' links are written with before the join (never left in the file).
LINK_PREFIX = "https://compendium.invalid/#"


def join_parts(
    front: Path, parts: list[Path], starts: dict[str, int], out: IO[bytes], titles: dict[str, str]
) -> None:
    """Write ``front`` followed by ``parts`` into ``out``; ``starts`` gives the page number
    (1 = the first page of ``front``) of each anchor the contents link to, ``titles`` what each
    link says to a screen reader."""
    writer = PdfWriter(clone_from=str(front))
    tree = writer.root_object["/StructTreeRoot"].get_object()
    document_ref = tree["/K"][0] if isinstance(tree["/K"], ArrayObject) else tree.raw_get("/K")
    nums = tree["/ParentTree"].get_object()["/Nums"]
    next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    parent = _rebuild_outline(writer, PdfReader(front))
    for path in parts:
        next_key = _append(writer, PdfReader(path), document_ref, nums, next_key, parent)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    _link_contents(writer, starts, titles)
    writer.write(out)


def _append(
    writer: PdfWriter,
    reader: PdfReader,
    document_ref: IndirectObject,
    nums: ArrayObject,
    offset: int,
    outline_parent: Any,
) -> int:
    """Add one part; returns the next free key of the parent tree."""
    first = len(writer.pages)
    for page in reader.pages:
        added = writer.add_page(page)  # annotations come along; StructParents is left out
        if "/StructParents" in page:
            added[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
        for annotation in added.get("/Annots", []):
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                key = int(annotation["/StructParent"]) + offset
                annotation[NameObject("/StructParent")] = NumberObject(key)
    tree = reader.root_object["/StructTreeRoot"].get_object()
    kids = tree["/K"]
    part_document = (kids[0] if isinstance(kids, ArrayObject) else kids).get_object()
    document = document_ref.get_object()
    for kid in _as_list(part_document.raw_get("/K")):
        kid.get_object()[NameObject("/P")] = document_ref  # cloned under our Document
        document["/K"].append(kid.clone(writer))
    part_nums = tree["/ParentTree"].get_object()["/Nums"]
    top = offset - 1
    for i in range(0, len(part_nums), 2):
        top = max(top, int(part_nums[i]) + offset)
        nums.extend([NumberObject(int(part_nums[i]) + offset), part_nums[i + 1].clone(writer)])
    _copy_outline(writer, reader, reader.outline, outline_parent, first)
    return top + 1


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, ArrayObject) else [value]


def _rebuild_outline(writer: PdfWriter, front: PdfReader) -> Any:
    """The bookmarks anew, from the front's; returns its top bookmark (the parts' parent)."""
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]
    top = None
    for item in front.outline:
        if not isinstance(item, list):
            page = front.get_destination_page_number(item)
            top = writer.add_outline_item(title=item.title, page_number=page)
        else:
            _copy_outline(writer, front, item, top, 0)
    return top


def _copy_outline(
    writer: PdfWriter, reader: PdfReader, items: list, parent: Any, first: int
) -> None:
    last = None
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, last, first)
        else:
            page = first + reader.get_destination_page_number(item)
            last = writer.add_outline_item(title=item.title, page_number=page, parent=parent)


def _link_contents(writer: PdfWriter, starts: dict[str, int], titles: dict[str, str]) -> None:
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            uri = str(annotation.get("/A", {}).get("/URI", ""))
            if not uri.startswith(LINK_PREFIX):
                continue
            anchor = uri.removeprefix(LINK_PREFIX)
            del annotation["/A"]
            target = writer.pages[starts[anchor] - 1].indirect_reference
            annotation[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])
            annotation[NameObject("/Contents")] = TextStringObject(titles.get(anchor, anchor))

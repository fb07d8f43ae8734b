"""Join tagged PDFs written by WeasyPrint (PDF/UA-1) into one tagged PDF (pikepdf, i.e. qpdf).

The first file (the compendium's cover and contents) gives the document its catalogue: language,
title, metadata, the PDF/UA identifier and the structure tree's root. Each following part adds
its pages, its structure elements (under the one ``Document`` element), its entries in the
parent tree (renumbered after the ones before, as are the pages' and annotations' keys into it)
and its bookmarks (under the first file's top bookmark). The contents' links, written as
``LINK_PREFIX + anchor`` because their targets are in other parts, become links to the page
where each practice starts. qpdf copies a part's objects once (pages, then the structure that
points at them) and writes object streams, so the file stays as small as one rendered whole."""

from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, String

#: The address the contents' links are written with before the join (never left in the file).
LINK_PREFIX = "https://compendium.invalid/#"


def join_parts(
    front: Path, parts: list[Path], starts: dict[str, int], out: BinaryIO, titles: dict[str, str]
) -> None:
    """Write ``front`` followed by ``parts`` into ``out``; ``starts`` gives the page number
    (1 = the first page of ``front``) of each anchor the contents link to, ``titles`` what each
    link says to a screen reader."""
    with Pdf.open(front) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = _only(tree.K)
        nums = tree.ParentTree.Nums
        next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
        with pdf.open_outline() as outline:
            top = outline.root[-1] if outline.root else None
            for path in parts:
                with Pdf.open(path) as part:
                    next_key = _append(pdf, part, document, nums, next_key, top)
        tree.ParentTreeNextKey = next_key
        _link_contents(pdf, starts, titles)
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def _only(kids: Any) -> Any:
    """The structure tree's one top element (``K`` is it, or an array holding it)."""
    return kids[0] if isinstance(kids, Array) else kids


def _append(
    pdf: Pdf, part: Pdf, document: Any, nums: Any, offset: int, top: OutlineItem | None
) -> int:
    """Add one part; returns the next free key of the parent tree."""
    first = len(pdf.pages)
    pdf.pages.extend(part.pages)  # copied with their annotations, remembered by qpdf
    for page in pdf.pages[first:]:
        if Name.StructParents in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get(Name.Annots, Array()):
            if Name.StructParent in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    part_tree = part.Root.StructTreeRoot
    kids = _only(part_tree.K).get(Name.K, Array())
    for kid in kids if isinstance(kids, Array) else [kids]:
        del kid.P  # its parent is the part's Document: ours instead, after the copy
        copied = pdf.copy_foreign(kid)
        copied.P = document
        document.K.append(copied)
    part_nums = part_tree.ParentTree.Nums
    top_key = offset - 1
    for i in range(0, len(part_nums), 2):
        key, value = int(part_nums[i]) + offset, part_nums[i + 1]
        top_key = max(top_key, key)
        nums.append(key)
        nums.append(_copy(pdf, value))
    if top is not None:
        _copy_outline(part, part.open_outline().root, top.children, first)
    return top_key + 1


def _copy(pdf: Pdf, value: Any) -> Any:
    """A part's parent-tree value in ``pdf``: an element, or an array of elements."""
    if isinstance(value, Array) and not value.is_indirect:
        return Array([pdf.copy_foreign(item) for item in value])
    return pdf.copy_foreign(value)


def _copy_outline(part: Pdf, items: list, into: list, first: int) -> None:
    for item in items:
        target = item.destination
        page = part.pages.index(pikepdf.Page(target[0])) if isinstance(target, Array) else 0
        copy = OutlineItem(str(item.title), first + page)
        _copy_outline(part, item.children, copy.children, first)
        into.append(copy)


def _link_contents(pdf: Pdf, starts: dict[str, int], titles: dict[str, str]) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get(Name.Annots, Array()):
            action = annotation.get(Name.A, Dictionary())
            uri = str(action.get(Name.URI, ""))
            if not uri.startswith(LINK_PREFIX):
                continue
            anchor = uri.removeprefix(LINK_PREFIX)
            del annotation.A
            annotation.Dest = Array([pdf.pages[starts[anchor] - 1].obj, Name.Fit])
            annotation.Contents = String(titles.get(anchor, anchor))

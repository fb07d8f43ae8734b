"""The PDF compendium is rendered in parts and joined: the joined file must read as one document
(contents with the right page numbers and links, bookmarks, page numbers in the footers, the
document's language, and one tag tree whose keys agree with the pages)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from outputs import compendium_pdf
from outputs.choices import JobKind
from outputs.models import OutputJob
from outputs.pdfjoin import LINK_PREFIX
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(closed_call, tmp_path, monkeypatch) -> Path:
    """A French compendium of seven practices rendered two practices a part (four parts)."""
    for n in range(7):
        PracticeFactory(
            call=closed_call,
            title=f"Protection network {n}",
            lessons="Survivors first.\n\n" + "A long lesson. " * 40 * (n % 3),
            tags={"objectives": [10]},
        )
    monkeypatch.setattr(compendium_pdf, "PART_SIZE", 2)
    job = OutputJob.objects.create(kind=JobKind.COMPENDIUM_PDF, call=closed_call, language="fr")
    path = tmp_path / "compendium.pdf"
    with path.open("wb") as out:
        compendium_pdf.build_pdf(
            job=job, out=out, progress=lambda d, t: None, base_url="https://hub.test"
        )
    return path


def _pdftotext(path: Path, page: int | None = None) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = [program, "-layout", *pages, str(path), "-"]  # our own file and numbers
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_contents_page_numbers_footers_and_links_agree(joined):
    reader = PdfReader(joined)
    contents = _pdftotext(joined, 2)
    entries = dict(re.findall(r"(Protection network \d)[ .]+(\d+)", contents))
    assert len(entries) == 7
    for title, number in entries.items():
        page = _pdftotext(joined, int(number)).strip()
        assert page.startswith(title)  # the practice starts on the page the contents give
        assert page.endswith(number)  # and the footer shows that number
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    targets = {
        str(link["/Contents"]): reader.get_page_number(link["/Dest"][0].get_object()) + 1
        for link in links
    }
    assert targets == {title: int(number) for title, number in entries.items()}
    every_uri = [
        str(a.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for a in page.get("/Annots", [])
    ]
    assert not [uri for uri in every_uri if uri.startswith(LINK_PREFIX)]


def test_bookmarks_language_and_metadata_are_those_of_one_document(joined):
    reader = PdfReader(joined)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "pdfuaid" in reader.xmp_metadata.stream.get_data().decode()
    assert reader.metadata.title.startswith("Recueil de pratiques") or "Trafficking" in (
        reader.metadata.title
    )
    top = reader.outline
    assert len([item for item in top if not isinstance(item, list)]) == 1  # the cover's title
    practices = [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in top[1]
        if not isinstance(item, list) and item.title.startswith("Protection network")
    ]
    entries = dict(re.findall(r"(Protection network \d)[ .]+(\d+)", _pdftotext(joined, 2)))
    assert practices == [(title, int(number)) for title, number in entries.items()]


def _struct_elements(node, found: list) -> None:
    node = node.get_object()
    if node.get("/Type") == "/StructElem":
        found.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, IndirectObject) or hasattr(kid, "keys"):
            _struct_elements(kid, found)


def test_one_tag_tree_whose_keys_agree_with_the_pages(joined):
    reader = PdfReader(joined)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    kids = tree["/K"]
    documents = kids if isinstance(kids, ArrayObject) else [kids]
    assert [d.get_object()["/S"] for d in documents] == ["/Document"]
    elements: list = []
    _struct_elements(documents[0], elements)
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    assert all(e.raw_get("/Pg").idnum in page_ids for e in elements if "/Pg" in e)
    titles = [e for e in elements if e["/S"] == "/H2"]
    assert len(titles) >= 7 + 1  # every practice, and the contents
    nums = tree["/ParentTree"]["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys))
    used = set()
    for page in reader.pages:
        key = int(page["/StructParents"])
        used.add(key)
        marked = len(re.findall(rb"/MCID", page.get_contents().get_data()))
        assert len(nums[keys.index(key) * 2 + 1]) == marked  # one element per marked content
        for annotation in page.get("/Annots", []):
            used.add(int(annotation.get_object()["/StructParent"]))
    assert used == set(keys)
    assert int(tree["/ParentTreeNextKey"]) == max(keys) + 1

"""The /oai endpoint: parses a request, answers with an OAI-PMH 2.0 XML document."""

import xml.etree.ElementTree as ET  # we only build XML here, never parse it
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from repository.models import Practice, Resource

from . import records
from .protocol import (
    DC_NS,
    METADATA_FORMATS,
    OAI_DC_NS,
    OAI_NS,
    PAGE_SIZE,
    XSI_NS,
    OaiError,
    check_arguments,
    format_datestamp,
    list_request,
    make_token,
)

ET.register_namespace("", OAI_NS)
ET.register_namespace("oai_dc", OAI_DC_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("xsi", XSI_NS)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{OAI_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


class Response:
    """One OAI-PMH document being built."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.base_url = request.build_absolute_uri(request.path)
        self.root = ET.Element(f"{{{OAI_NS}}}OAI-PMH")
        self.root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_NS}OAI-PMH.xsd")
        _el(self.root, "responseDate", format_datestamp(timezone.now()))

    def request_element(self, args: dict[str, str] | None) -> None:
        self.request_node = _el(self.root, "request", self.base_url, **(args or {}))

    def error(self, code: str, message: str) -> None:
        """Add an error; the protocol echoes no arguments of a badVerb or badArgument request."""
        if code in ("badVerb", "badArgument"):
            self.request_node.attrib.clear()
        _el(self.root, "error", message, code=code)

    def url(self, item: Any) -> str:
        return self.request.build_absolute_uri(item.get_absolute_url())

    def render(self) -> HttpResponse:
        body = ET.tostring(self.root, encoding="utf-8", xml_declaration=True)
        return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _header(parent: ET.Element, item: Any) -> None:
    attrs = {"status": "deleted"} if records.is_deleted(item) else {}
    header = _el(parent, "header", **attrs)
    _el(header, "identifier", records.oai_identifier(item))
    _el(header, "datestamp", format_datestamp(item.updated_at))
    for spec in records.set_specs(item):
        _el(header, "setSpec", spec)


def _record(parent: ET.Element, item: Any, url: str) -> None:
    record = _el(parent, "record")
    _header(record, item)
    if records.is_deleted(item):
        return
    metadata = _el(record, "metadata")
    dc = ET.SubElement(metadata, f"{{{OAI_DC_NS}}}dc")
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {METADATA_FORMATS['oai_dc'][1]}")
    for name, value in records.dublin_core(item, url):
        ET.SubElement(dc, f"{{{DC_NS}}}{name}").text = value


def identify(doc: Response, args: dict[str, str]) -> None:
    earliest = [m.objects.aggregate(v=Min("updated_at"))["v"] for m in (Practice, Resource)]
    stamps = [s for s in earliest if s is not None]
    node = _el(doc.root, "Identify")
    _el(node, "repositoryName", settings.HUB_NAME)
    _el(node, "baseURL", doc.base_url)
    _el(node, "protocolVersion", "2.0")
    _el(node, "adminEmail", settings.OAI_ADMIN_EMAIL)
    _el(node, "earliestDatestamp", format_datestamp(min(stamps) if stamps else timezone.now()))
    _el(node, "deletedRecord", "persistent")
    _el(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(doc: Response, args: dict[str, str]) -> None:
    if "identifier" in args:
        records.get_item(args["identifier"])
    node = _el(doc.root, "ListMetadataFormats")
    for prefix, (namespace, schema) in METADATA_FORMATS.items():
        fmt = _el(node, "metadataFormat")
        _el(fmt, "metadataPrefix", prefix)
        _el(fmt, "schema", schema)
        _el(fmt, "metadataNamespace", namespace)


def list_sets(doc: Response, args: dict[str, str]) -> None:
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "The set list is complete; no token is issued.")
    node = _el(doc.root, "ListSets")
    for oai_set in records.all_sets():
        element = _el(node, "set")
        _el(element, "setSpec", oai_set.spec)
        _el(element, "setName", oai_set.name)


def get_record(doc: Response, args: dict[str, str]) -> None:
    if args["metadataPrefix"] not in METADATA_FORMATS:
        raise OaiError("cannotDisseminateFormat", "Unsupported metadata format.")
    item = records.get_item(args["identifier"])
    _record(_el(doc.root, "GetRecord"), item, doc.url(item))


def _list(doc: Response, args: dict[str, str], verb: str, full: bool) -> None:
    request = list_request(args)
    items, total = records.list_items(request, PAGE_SIZE)
    if not items:
        if "resumptionToken" in args:
            raise OaiError(
                "badResumptionToken", "The resumption token is past the end of the list."
            )
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    node = _el(doc.root, verb)
    for item in items:
        _record(node, item, doc.url(item)) if full else _header(node, item)
    following = request.offset + len(items)
    if following < total or request.offset:
        token = make_token(request, following) if following < total else ""
        _el(node, "resumptionToken", token, completeListSize=str(total), cursor=str(request.offset))


VERB_HANDLERS: dict[str, Callable[[Response, dict[str, str]], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda doc, args: _list(doc, args, "ListIdentifiers", full=False),
    "ListRecords": lambda doc, args: _list(doc, args, "ListRecords", full=True),
}


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    """OAI-PMH 2.0: every verb; protocol errors are answered with 200 and an error element."""
    params = request.POST if request.method == "POST" else request.GET
    doc = Response(request)
    try:
        verb, args = check_arguments(params)
    except OaiError as error:
        doc.request_element(None)
        doc.error(error.code, error.message)
        return doc.render()
    doc.request_element({"verb": verb, **args})
    with translation.override(settings.LANGUAGE_CODE):
        try:
            VERB_HANDLERS[verb](doc, args)
        except OaiError as error:
            doc.error(error.code, error.message)
    return doc.render()

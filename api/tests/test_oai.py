"""OAI-PMH 2.0: every verb and error, each response validated against the schemas in
api/oai/xsd (see the README there)."""

from pathlib import Path

import pytest
from django.test import override_settings
from lxml import etree

from repository.services import practice_unpublish
from tests.factories import PracticeFactory, ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("oai_settings")]

XSD = Path(__file__).resolve().parent.parent / "oai" / "xsd"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD / "harvest.xsd")))


@pytest.fixture
def oai_settings():
    with override_settings(
        OAI_ADMIN_EMAIL="hub@example.org", OAI_REPOSITORY_IDENTIFIER="hub.example.org"
    ):
        yield


@pytest.fixture
def harvest(client, schema):
    def get(**params):
        response = client.get("/oai", params)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/xml")
        doc = etree.fromstring(response.content)
        schema.assertValid(doc)
        return doc

    return get


def error_code(doc):
    errors = doc.findall("o:error", NS)
    return errors[0].get("code") if errors else None


def test_identify(harvest):
    doc = harvest(verb="Identify")
    assert doc.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert doc.findtext("o:Identify/o:deletedRecord", namespaces=NS) == "persistent"
    assert doc.findtext("o:Identify/o:baseURL", namespaces=NS) == "http://testserver/oai"


def test_list_metadata_formats(harvest):
    doc = harvest(verb="ListMetadataFormats")
    assert (
        doc.findtext("o:ListMetadataFormats/o:metadataFormat/o:metadataPrefix", namespaces=NS)
        == "oai_dc"
    )
    missing = harvest(verb="ListMetadataFormats", identifier="oai:hub.example.org:practice/none")
    assert error_code(missing) == "idDoesNotExist"


def test_list_sets_by_objective_and_type(harvest):
    specs = harvest(verb="ListSets").xpath("//o:setSpec/text()", namespaces=NS)
    assert "objective:10" in specs
    assert "type:project" in specs
    assert "resource-type:report" in specs


def test_get_record_in_oai_dc(harvest):
    PracticeFactory(
        slug="clinics", title="Mobile clinics", tags={"objectives": [15], "countries": ["MX"]}
    )
    doc = harvest(
        verb="GetRecord", identifier="oai:hub.example.org:practice/clinics", metadataPrefix="oai_dc"
    )
    assert doc.findtext(".//dc:title", namespaces=NS) == "Mobile clinics"
    assert doc.findtext(".//dc:language", namespaces=NS) == "en"
    assert "Mexico" in doc.xpath(".//dc:coverage/text()", namespaces=NS)
    assert "objective:15" in doc.xpath(".//o:header/o:setSpec/text()", namespaces=NS)


def test_list_records_pages_with_resumption_tokens(harvest):
    for n in range(130):
        PracticeFactory(slug=f"p-{n}")
    ResourceFactory(slug="r-1")
    first = harvest(verb="ListRecords", metadataPrefix="oai_dc")
    assert len(first.findall(".//o:record", NS)) == 100
    token = first.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "131"
    assert token.get("cursor") == "0"
    second = harvest(verb="ListRecords", resumptionToken=token.text)
    assert len(second.findall(".//o:record", NS)) == 31
    last = second.find(".//o:resumptionToken", NS)
    assert last.text is None
    assert last.get("cursor") == "100"
    identifiers = second.xpath("//o:header/o:identifier/text()", namespaces=NS)
    assert "oai:hub.example.org:resource/r-1" in identifiers


def test_list_identifiers_by_set_and_date(harvest):
    PracticeFactory(slug="traffic", tags={"objectives": [10]})
    PracticeFactory(slug="data", tags={"objectives": [1]})
    doc = harvest(verb="ListIdentifiers", metadataPrefix="oai_dc", set="objective:10")
    assert doc.xpath("//o:identifier/text()", namespaces=NS) == [
        "oai:hub.example.org:practice/traffic"
    ]
    future = harvest(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2999-01-01"})
    assert error_code(future) == "noRecordsMatch"


def test_unpublished_practices_are_deleted_records(harvest):
    practice = PracticeFactory(slug="withdrawn")
    practice_unpublish(practice=practice)
    doc = harvest(verb="ListRecords", metadataPrefix="oai_dc")
    header = doc.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert doc.find(".//o:metadata", NS) is None


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": "GetRecord"}, "badArgument"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "marc"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:elsewhere:practice/x",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    ],
)
def test_protocol_errors(harvest, params, code):
    doc = harvest(**params)
    assert error_code(doc) == code
    if code in ("badVerb", "badArgument"):
        assert doc.find("o:request", NS).attrib == {}


def test_post_is_accepted_and_cors_is_open(client, schema):
    response = client.post("/oai", {"verb": "Identify"})
    schema.assertValid(etree.fromstring(response.content))
    assert response["Access-Control-Allow-Origin"] == "*"

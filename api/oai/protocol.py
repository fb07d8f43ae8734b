"""The OAI-PMH 2.0 protocol rules: verbs and their arguments, errors, dates, resumption tokens."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.core import signing
from django.http import QueryDict

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
METADATA_FORMATS = {
    "oai_dc": (OAI_DC_NS, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
}
PAGE_SIZE = 100
TOKEN_SALT = "oai-pmh-resumption"  # noqa: S105 - a signing namespace, not a secret

# verb -> (required arguments, optional arguments, exclusive argument)
VERBS: dict[str, tuple[set[str], set[str], str | None]] = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}


class OaiError(Exception):
    """A protocol error: ``code`` is one of the codes the OAI-PMH schema allows."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ListRequest:
    """The selective-harvesting arguments of a list request, with its position."""

    prefix: str
    set_spec: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    offset: int = 0
    granular: bool = True


def check_arguments(params: QueryDict) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or an OaiError (badVerb, badArgument)."""
    verb = params.get("verb", "")
    if len(params.getlist("verb")) != 1 or verb not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    required, optional, exclusive = VERBS[verb]
    args = {key: params.get(key, "") for key in params if key != "verb"}
    repeated = [key for key in params if len(params.getlist(key)) > 1]
    unknown = set(args) - required - optional - ({exclusive} if exclusive else set())
    if repeated or unknown:
        raise OaiError(
            "badArgument",
            "Unknown or repeated arguments: " + ", ".join(sorted(set(repeated) | unknown)),
        )
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OaiError("badArgument", f"{exclusive} must be the only argument.")
        return verb, args
    missing = required - set(args)
    if missing:
        raise OaiError("badArgument", "Missing arguments: " + ", ".join(sorted(missing)))
    return verb, args


def parse_datestamp(value: str, *, end: bool) -> tuple[datetime, bool]:
    """A from/until value at day or second granularity, in UTC; (instant, has_time)."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end else time.min, tzinfo=UTC), False
        if len(value) == 20 and value.endswith("Z"):
            parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return (parsed.replace(microsecond=999999) if end else parsed), True
    except ValueError:
        pass
    raise OaiError("badArgument", f"Not a valid UTC datestamp: {value}")


def format_datestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def list_request(args: dict[str, str]) -> ListRequest:
    """The list arguments, from plain arguments or from a resumption token."""
    if "resumptionToken" in args:
        return read_token(args["resumptionToken"])
    prefix = args.get("metadataPrefix", "oai_dc")
    if prefix not in METADATA_FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Unsupported metadata format: {prefix}")
    start = end = None
    granular = []
    if args.get("from"):
        start, has_time = parse_datestamp(args["from"], end=False)
        granular.append(has_time)
    if args.get("until"):
        end, has_time = parse_datestamp(args["until"], end=True)
        granular.append(has_time)
    if len(set(granular)) > 1:
        raise OaiError("badArgument", "from and until must have the same granularity.")
    if start and end and start > end:
        raise OaiError("badArgument", "from is later than until.")
    return ListRequest(prefix=prefix, set_spec=args.get("set") or None, start=start, end=end)


def make_token(request: ListRequest, offset: int) -> str:
    data: dict[str, Any] = {
        "p": request.prefix,
        "s": request.set_spec,
        "f": request.start.isoformat() if request.start else None,
        "u": request.end.isoformat() if request.end else None,
        "o": offset,
    }
    return signing.dumps(data, salt=TOKEN_SALT, compress=True)


def read_token(token: str) -> ListRequest:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        return ListRequest(
            prefix=data["p"],
            set_spec=data["s"],
            start=datetime.fromisoformat(data["f"]) if data["f"] else None,
            end=datetime.fromisoformat(data["u"]) if data["u"] else None,
            offset=int(data["o"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise OaiError("badResumptionToken", "The resumption token is invalid.") from exc

"""The production topology (scripts/topology.py): several gunicorn servers behind a reverse
proxy, sharing PostgreSQL, Redis and S3-compatible storage (moto's emulator), with a task worker.
What one process writes, stores or counts, the others see at once; a session outlives the
process that made it; a backup holds the files in the buckets and puts them back.

Runs in its own leg of scripts/test.sh (HUB_TEST_TOPOLOGY=1; in CI always). Each request here
goes either through the proxy or straight to one chosen gunicorn server, as the proxy does (with
``X-Forwarded-Proto: https``: TLS ends at the proxy, and the production settings stay strict).
"""

import http.client
import io
import os
import re
import secrets
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from PIL import Image

from scripts.topology import Topology, missing

pytestmark = [
    pytest.mark.topology,
    pytest.mark.skipif(
        os.environ.get("HUB_TEST_TOPOLOGY") != "1",
        reason="the topology tests run in their own leg (HUB_TEST_TOPOLOGY=1, scripts/test.sh)",
    ),
]

PASSWORD = "a-long-pass-phrase-" + secrets.token_hex(4)


@pytest.fixture(scope="module")
def hub() -> Iterator[Topology]:
    lacking = missing(os.environ.get("HUB_TOPOLOGY_PROXY", "auto"))
    if lacking:
        message = "topology unavailable: " + "; ".join(lacking)
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must install them)")
        pytest.skip(message)
    proxy = os.environ.get("HUB_TOPOLOGY_PROXY", "auto")  # caddy or nginx to choose
    with Topology(web=3, workers=1, proxy=proxy) as topology:
        yield topology


def make_member(hub: Topology, email: str) -> None:
    """A member with a confirmed address, created in the topology's own database."""
    code = (
        "from accounts.models import User\n"
        "from allauth.account.models import EmailAddress\n"
        f"user = User.objects.create_user(email={email!r}, password={PASSWORD!r}, name='Ada')\n"
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)\n"
    )
    hub.manage("shell", "-c", code)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, content: bytes) -> None:
        self.status, self.headers, self.content = status, headers, content
        self.text = content.decode("utf-8", "replace")


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it, and its Content-Type."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content, mime) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Visitor:
    """One browser: its cookies, kept by hand (the Hub's cookies are Secure and the loopback
    proxy speaks plain HTTP, as a proxy ending TLS forwards it)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, url: str, data: dict | None = None, files: dict | None = None
    ) -> Response:
        """``files``: field name to (file name, bytes, type), sent as multipart/form-data."""
        parts = urlsplit(url)
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://{parts.netloc}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, headers["Content-Type"] = multipart(data or {}, files)
        elif data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, content)

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def submit(self, url: str, changes: dict, field: str, action: str | None = None) -> Response:
        """Load the page at ``url``, fill its form holding ``field`` with ``changes`` and post it
        (to the page itself: every form used here posts to its own page)."""
        page = self.get(url)
        assert page.status == 200, (url, page.status)
        return self.request("POST", url, {**form_values(page.text, field, action), **changes})

    def sign_in(self, base: str, email: str, password: str = PASSWORD) -> Response:
        return self.submit(
            f"{base}/en/accounts/login/", {"login": email, "password": password}, "login"
        )


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action") or "", {}))
        if not self.forms or ("name" not in a and tag != "option"):
            return
        values = self.forms[-1][1]
        if tag == "input" and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            values[a["name"]] = a.get("value") or ""
        elif tag == "input" and "checked" in a:
            values.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "textarea":
            values[a["name"]] = ""
        elif tag == "select":
            self.select = a["name"]
            values.setdefault(a["name"], "")
        elif tag == "option" and self.select and ("selected" in a or not values[self.select]):
            values[self.select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def form_values(html: str, field: str, action: str | None = None) -> dict:
    """The values a browser would send from the page's form that has ``field`` (and posts to
    ``action``, when given)."""
    parser = _Forms()
    parser.feed(html)
    for form_action, values in parser.forms:
        if field in values and action in (None, form_action):
            return values
    raise AssertionError(f"no form with a {field!r} field posting to {action!r}")


def signed_in(visitor: Visitor, base: str) -> bool:
    """Whether the profile page opens (a visitor without a session is sent to sign in)."""
    return visitor.get(f"{base}/en/account/profile/").status == 200


def test_the_proxy_answers_and_reports_the_workers(hub):
    response = Visitor().get(f"{hub.url}/healthz?require=workers")
    assert response.status == 200
    assert '"workers": 1' in response.text
    assert Visitor().get(f"{hub.url}/en/").status == 200


def test_a_write_through_one_process_is_seen_by_the_others_at_once(hub):
    make_member(hub, "writer@example.org")
    first, *others = hub.web_urls
    visitor = Visitor()
    assert visitor.sign_in(first, "writer@example.org").status == 302
    saved = visitor.submit(f"{first}/en/account/profile/", {"name": "Grace Hopper"}, "name")
    assert saved.status == 302, saved.text[:2000]
    for base in others:
        page = visitor.get(f"{base}/en/account/profile/")
        assert page.status == 200
        assert 'value="Grace Hopper"' in page.text


def test_a_rate_limit_reached_through_one_process_holds_on_the_others(hub):
    """Deleting one's account allows five password attempts an hour, counted in Redis."""
    make_member(hub, "limited@example.org")
    visitor = Visitor()
    assert visitor.sign_in(hub.web_urls[0], "limited@example.org").status == 302
    statuses = [
        visitor.submit(
            f"{hub.web_urls[n % 3]}/en/account/profile/delete/", {"password": "wrong"}, "password"
        ).status
        for n in range(5)
    ]
    assert statuses == [200] * 5  # the form again, saying the password is wrong
    for base in hub.web_urls:
        refused = visitor.submit(
            f"{base}/en/account/profile/delete/", {"password": PASSWORD}, "password"
        )
        assert refused.status == 429
    assert signed_in(visitor, hub.url)  # and the account is still there


def test_the_sign_in_lockout_holds_across_processes(hub):
    """allauth refuses a sixth try within five minutes after five wrong passwords, even a
    right one, whichever process the tries reach."""
    make_member(hub, "guessed@example.org")
    for n in range(5):
        wrong = Visitor().sign_in(hub.web_urls[n % 3], "guessed@example.org", "not-the-password")
        assert wrong.status == 200  # the form again
    for base in hub.web_urls:
        visitor = Visitor()
        locked = visitor.sign_in(base, "guessed@example.org")
        assert locked.status == 200
        assert "Too many failed login attempts" in locked.text
        assert not signed_in(visitor, base)


def test_a_session_outlives_the_process_that_made_it(hub):
    make_member(hub, "survivor@example.org")
    visitor = Visitor()
    assert visitor.sign_in(hub.web_urls[0], "survivor@example.org").status == 302
    assert signed_in(visitor, hub.web_urls[0])
    hub.kill_web(0)  # SIGKILL: no chance to save anything
    try:
        for base in hub.web_urls[1:]:
            assert signed_in(visitor, base)
        # The proxy sends the requests that would have reached the dead server to the others.
        assert all(signed_in(visitor, hub.url) for _ in range(6))
    finally:
        hub.start_web(0)
    assert signed_in(visitor, hub.web_urls[0])


def test_signing_out_everywhere_else_ends_sessions_held_by_other_processes(hub):
    """Sessions live in Redis: ending one from one process ends it for all of them."""
    make_member(hub, "careful@example.org")
    here, elsewhere = Visitor(), Visitor()
    assert here.sign_in(hub.web_urls[1], "careful@example.org").status == 302
    assert elsewhere.sign_in(hub.web_urls[2], "careful@example.org").status == 302
    assert signed_in(elsewhere, hub.web_urls[1])
    sessions = "/en/accounts/sessions/"
    ended = here.submit(f"{hub.web_urls[1]}{sessions}", {}, "csrfmiddlewaretoken", sessions)
    assert ended.status == 302
    assert signed_in(here, hub.web_urls[2])
    for base in hub.web_urls[1:]:
        assert not signed_in(elsewhere, base)


def noise_png(side: int = 48) -> bytes:
    """A small PNG of random pixels: the upload gate rewrites it, the pixels stay."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").tobytes()


def attach_to_new_draft(visitor: Visitor, base: str, png: bytes) -> str:
    """Start a practice draft and attach ``png`` to it, all through ``base``; returns the path
    of the attachment's download (the permission-checked view)."""
    eligible = {
        "relates_to_objective": "on",
        "completion": "completed",
        "started_after_2018": "yes",
    }
    started = visitor.submit(
        f"{base}/en/submit/?type=practice", eligible, "csrfmiddlewaretoken", ""
    )
    assert started.status == 302, started.text[:2000]
    draft = re.match(r"(/en/submit/[0-9a-f-]{36}/)", started.headers["Location"])
    assert draft, started.headers["Location"]
    files_step = visitor.get(f"{base}{draft[1]}step/files/")
    upload = f"{draft[1]}files/"
    token = form_values(files_step.text, "file", upload)["csrfmiddlewaretoken"]
    files = {"file": ("map.png", png, "image/png")}
    added = visitor.request("POST", base + upload, {"csrfmiddlewaretoken": token}, files)
    assert added.status == 302, added.text[:2000]
    listed = visitor.get(f"{base}{draft[1]}step/files/")
    link = re.search(rf'href="({re.escape(upload)}\d+/)"', listed.text)
    assert link, "the files step lists no attachment"
    return link[1]


def stored_objects(hub: Topology, storage: str) -> dict[str, bytes]:
    """Every object in the emulator's bucket for ``storage`` ("default" or "private")."""
    client, bucket = hub.s3_client(), hub.buckets[storage]
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def files_holding(folder: Path, content: bytes) -> list[Path]:
    """Files under the topology's folder (the database's own files aside) holding ``content``."""
    return [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.relative_to(folder).parts[0] != "pg"
        and path.stat().st_size == len(content)
        and path.read_bytes() == content
    ]


def test_a_file_uploaded_through_one_process_is_in_the_bucket_and_served_by_another(hub):
    """An attachment to a draft: stored by one server in the private bucket, served by another
    through the view that checks permission."""
    make_member(hub, "uploader@example.org")
    visitor = Visitor()
    assert visitor.sign_in(hub.web_urls[0], "uploader@example.org").status == 302
    png = noise_png()
    download = attach_to_new_draft(visitor, hub.web_urls[0], png)

    served = visitor.get(hub.web_urls[1] + download)
    assert served.status == 200
    assert served.headers["Content-Disposition"].startswith('attachment; filename="map.png"')
    assert pixels(served.content) == pixels(png)
    # In the private bucket under the private prefix, nowhere on disk, and for members only.
    stored = {
        key: body for key, body in stored_objects(hub, "private").items() if body == served.content
    }
    assert [key.split("/")[:2] for key in stored] == [["private", "attachments"]]
    assert files_holding(hub.folder, served.content) == []
    assert Visitor().get(hub.web_urls[2] + download).status == 302  # to the sign-in page


def test_a_public_upload_shows_on_its_page_from_the_bucket(hub):
    """A partner's logo: a public upload the call's page shows with <img>, signed link to the
    bucket's address, which the page's content security policy allows."""
    png = noise_png(16)
    code = (
        "from django.core.files.base import ContentFile\n"
        "from calls.models import CallPartner\n"
        "from tests.factories import CallFactory\n"
        "call = CallFactory(slug='call-with-a-partner')\n"
        "partner = CallPartner(call=call, name='Partner', url='')\n"
        f"partner.logo.save('logo.png', ContentFile({png!r}))\n"
    )
    hub.manage("shell", "-c", code)
    page = Visitor().get(f"{hub.url}/en/calls/call-with-a-partner/")
    assert page.status == 200
    [src] = re.findall(r'<img src="([^"]+)" alt="Partner"', page.text)
    src = src.replace("&amp;", "&")
    assert src.startswith(f"{hub.s3_url}/{hub.buckets['default']}/calls/partners/")
    img_src = next(
        part.split()[1:]
        for part in page.headers["Content-Security-Policy"].split(";")
        if part.split()[0] == "img-src"
    )
    assert hub.s3_url in img_src
    logo = Visitor().get(src)  # what the browser then fetches from the bucket
    assert logo.status == 200
    assert logo.content == png


def test_a_backup_taken_on_s3_puts_the_files_back_into_the_bucket(hub):
    """Runs last: restoring empties the database and the cache (sessions) before refilling."""
    make_member(hub, "keeper@example.org")
    visitor = Visitor()
    assert visitor.sign_in(hub.url, "keeper@example.org").status == 302
    download = attach_to_new_draft(visitor, hub.url, noise_png())
    content = visitor.get(hub.url + download).content
    [key] = [key for key, body in stored_objects(hub, "private").items() if body == content]

    made = hub.manage("backup", "--output", str(hub.folder / "backups"))
    archive = Path(made.stdout.strip().splitlines()[-1])
    name = key.removeprefix("private/")
    with zipfile.ZipFile(archive) as opened:
        assert opened.read(f"files/private/{name}") == content

    hub.s3_client().delete_object(Bucket=hub.buckets["private"], Key=key)
    assert visitor.get(hub.url + download).status == 404  # the file is lost
    hub.manage("restore", str(archive), "--force")
    assert stored_objects(hub, "private")[key] == content
    again = Visitor()  # restoring cleared the sessions
    assert again.sign_in(hub.url, "keeper@example.org").status == 302
    restored = again.get(hub.url + download)
    assert restored.status == 200
    assert restored.content == content

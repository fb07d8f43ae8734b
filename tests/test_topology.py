"""The production topology (scripts/topology.py): several gunicorn servers behind a reverse
proxy, sharing PostgreSQL and Redis, with a task worker. What one process writes or counts, the
others see at once; a session outlives the process that made it.

Runs in its own leg of scripts/test.sh (HUB_TEST_TOPOLOGY=1; in CI always). Each request here
goes either through the proxy or straight to one chosen gunicorn server, as the proxy does (with
``X-Forwarded-Proto: https``: TLS ends at the proxy, and the production settings stay strict).
"""

import http.client
import os
import secrets
from collections.abc import Iterator
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

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
    def __init__(self, status: int, headers: http.client.HTTPMessage, text: str) -> None:
        self.status, self.headers, self.text = status, headers, text


class Visitor:
    """One browser: its cookies, kept by hand (the Hub's cookies are Secure and the loopback
    proxy speaks plain HTTP, as a proxy ending TLS forwards it)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data: dict | None = None) -> Response:
        parts = urlsplit(url)
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://{parts.netloc}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, text)

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

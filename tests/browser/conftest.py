"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against live_server.

The tests need /usr/bin/chromium. When it is missing they are skipped with a reason; scripts that
run the suite (make, CI) decide whether a skip there is fatal.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from taxonomy.models import Objective

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# there unless told otherwise. live_server serves from its own thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Impacts that fail a page. "minor" and "moderate" findings are reported by axe but not fatal.
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        )

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def hub_db(transactional_db, restore_vocabulary):
    """live_server needs a transactional database; its flush wipes the vocabularies the root
    conftest loads once per session, so put them back when they are gone."""
    if Objective.objects.count() == 0:
        restore_vocabulary()


@pytest.fixture
def server(hub_db, live_server):
    """The live server, with vocabularies in the database."""
    return live_server


@pytest.fixture
def new_context(browser):
    """Open browser contexts (closed at teardown). Keyword arguments go to new_context."""
    contexts = []

    def factory(**kwargs):
        kwargs.setdefault("bypass_csp", True)  # axe-core is injected as an inline script
        kwargs.setdefault("locale", "en-GB")
        context = browser.new_context(**kwargs)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(request, new_context):
    """A page in a fresh context. Tests parametrised with ``lang`` get a matching locale."""
    lang = getattr(request, "param", None) or _param(request, "lang") or "en"
    locale = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}.get(lang, lang)
    return new_context(locale=locale).new_page()


def _param(request, name):
    callspec = getattr(request.node, "callspec", None)
    return callspec.params.get(name) if callspec else None


def assert_accessible(page) -> None:
    """Run axe-core on the page and fail on every serious or critical violation."""
    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if violations:
        lines = []
        for v in violations:
            nodes = v.get("nodes") or [{}]
            target = nodes[0].get("target")
            lines.append(
                f"- {v['id']} ({v['impact']}): {v['help']} — {len(nodes)} node(s), first: {target}"
            )
        pytest.fail(
            f"axe found {len(violations)} blocking violation(s) on {page.url}:\n" + "\n".join(lines)
        )


def login(page, live_server, email: str, password: str) -> None:
    """Sign in through the real login form at /en/accounts/login/."""
    page.goto(live_server.url + "/en/accounts/login/")
    form = page.locator("main form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

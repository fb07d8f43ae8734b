"""Whole public pages kept for visitors who are not signed in.

Most requests on the Hub come from people who only read: the home page, listings with a few
facets, practice pages. Rendering a listing costs ten to twenty times a plain database check; a
page kept in the cache costs about the same as the check. ``public_page`` keeps the HTML a view
made for a visitor without a session, under a key of the address, the language, the host and the
content's version, for ``HUB_PAGE_CACHE_SECONDS`` at most.

A kept page is never wrong for longer than that, and in practice not at all:

* any write to a model of an app in ``HUB_PAGE_CACHE_APPS`` gives the ``public-pages`` content
  version a new token when its transaction commits (one token per transaction), and every
  version token is part of the key, so the next request renders afresh in every process;
* only requests without a session or messages cookie are served from the cache or fill it
  (a signed-in member, or one with a message waiting, always gets a page made for them);
* a page that set a cookie, used the CSRF token (it holds a form that posts), answered other
  than 200 or asked not to be cached is never kept.

Middleware still runs around a kept page: security headers, CSP, the request id and the metrics
are those of the request that receives it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from . import versions

VERSION_KEY = "public-pages"
# Headers a view sets that belong to the page itself (middleware adds the others per request).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link", "Last-Modified")


def kept_seconds() -> int:
    return int(getattr(settings, "HUB_PAGE_CACHE_SECONDS", 0))


def request_is_anonymous(request: HttpRequest) -> bool:
    """A GET or HEAD from someone with no session and no message waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request: HttpRequest) -> str:
    """The cache key: the address with its query, the language, the host and scheme (pages
    hold absolute links), whether htmx asked for the listing's part, and every content token."""
    parts = [
        request.get_full_path(),
        translation.get_language() or "",
        request.get_host(),
        request.scheme or "",
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Boosted", ""),
        versions.fingerprint(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def do_not_keep(request: HttpRequest) -> None:
    """The page made for this request must not be served to the next visitor (for example,
    making it counted something that each visit must count)."""
    request.hub_page_not_kept = True  # type: ignore[attr-defined]


def response_is_keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if getattr(request, "hub_page_not_kept", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds this visitor's token
        return False
    control = response.headers.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the page ``view`` makes for anonymous visitors (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = kept_seconds()
        if seconds <= 0 or not request_is_anonymous(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response_is_keepable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped


def _bump() -> None:
    versions.bump(VERSION_KEY)


def content_written(sender: Any, **kwargs: Any) -> None:
    """A model of a public app was written: a new token once the transaction commits (one per
    transaction; a rolled-back transaction drops its callback, and bumps nothing)."""
    if kwargs.get("raw") or sender._meta.app_label not in settings.HUB_PAGE_CACHE_APPS:
        return
    if not connection.in_atomic_block:
        _bump()
    elif not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def connect() -> None:
    """Follow writes to the public apps' models (called once from ``CoreConfig.ready``)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_written, dispatch_uid=f"public-pages-{signal!r}")

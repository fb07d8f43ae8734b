from calls import selectors as calls_selectors
from core.hooks import Hook
from repository import provided
from submissions import selectors as submissions_selectors


def test_a_hook_answers_its_default_until_an_app_provides_it():
    hook: Hook = Hook("test.answer", lambda: "default")
    assert hook.call() == "default"
    assert not hook.provided
    hook.provide(lambda: "provided")
    assert hook.call() == "provided"
    assert hook.provided


def test_the_repository_answers_the_hooks_of_the_apps_below_it():
    # Without these, a closed call would list no practices and the form would warn of no copy.
    assert calls_selectors.collected_for_call.call is provided.collected_for_call
    assert submissions_selectors.published_near.call is provided.published_near

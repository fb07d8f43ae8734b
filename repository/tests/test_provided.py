from calls import selectors as calls_selectors
from repository import provided
from submissions import selectors as submissions_selectors


def test_the_repository_answers_the_hooks_of_the_apps_below_it():
    # Without these, a closed call would list no practices and the form would warn of no copy.
    assert calls_selectors.collected_for_call.call is provided.collected_for_call
    assert submissions_selectors.published_near.call is provided.published_near

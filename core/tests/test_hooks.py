from core.hooks import Hook


def test_a_hook_answers_its_default_until_an_app_provides_it():
    hook: Hook = Hook("test.answer", lambda: "default")
    assert hook.call() == "default"
    assert not hook.provided
    hook.provide(lambda: "provided")
    assert hook.call() == "provided"
    assert hook.provided

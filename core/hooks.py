"""Calls that run up the layers without an import that does.

An app low in the layer order (``calls``, ``submissions``) sometimes needs an answer only an app
above it can give (the practices a closed call gathered live in ``repository``). The low app
declares a :class:`Hook` with a safe default; the app above provides the implementation in its
``AppConfig.ready()``. The low app calls ``hook.call(...)`` and never names the app above.

The same shape lets a service queue a background task without importing the tasks module
(which imports the services): the tasks module provides the hook when it is loaded.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Hook(Generic[F]):
    """One named function slot: a default until an app above provides the implementation."""

    def __init__(self, name: str, default: F) -> None:
        self.name = name
        self._default = default
        self._provided: F | None = None

    def provide(self, implementation: F) -> F:
        """Fill the slot (usable as a decorator); the last provider wins."""
        self._provided = implementation
        return implementation

    @property
    def call(self) -> F:
        """The implementation in force: the provided one, else the default."""
        return self._provided if self._provided is not None else self._default

    @property
    def provided(self) -> bool:
        return self._provided is not None

    def __repr__(self) -> str:
        return f"<Hook {self.name} {'provided' if self.provided else 'default'}>"

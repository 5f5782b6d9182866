"""Faster pickling for frozen, slotted dataclasses: their state as a plain tuple.

``dataclass(frozen=True, slots=True)`` pickles an object through state
methods that call :func:`dataclasses.fields` for every object pickled or
read back. A build pickles each of its claims (with its event, figures and
dates) to the claim spill as the articles come, and again after the
cross-article merge, then reads both back: at 10,000 articles, some 140,000
claims each way, where those calls were about a third of the time spent
pickling (``bench/README.md``). :func:`tuple_state` gives a class state
methods that read the field names once, when the class is decorated.

The state is the tuple of the fields' values in declaration order, so an
object reads back equal to the one pickled; what the pickles hold is not a
stable format (they are the build's temporary files, written and read by one
version).

Examples
--------
>>> import pickle
>>> from dataclasses import dataclass
>>> @tuple_state
... @dataclass(frozen=True, slots=True)
... class Point:
...     x: int
...     y: int = 0
>>> pickle.loads(pickle.dumps(Point(1, 2)))
Point(x=1, y=2)
>>> Point(1, 2).__getstate__()
(1, 2)
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

__all__ = ["tuple_state"]

T = TypeVar("T", bound=type)


def tuple_state(cls: T) -> T:
    """Give the dataclass ``cls`` ``__getstate__``/``__setstate__`` over a tuple of its fields.

    Apply it above ``@dataclass``: it needs the class the decorator made.
    """
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    names = tuple(f.name for f in fields(cls))
    setter = object.__setattr__  # frozen classes refuse setattr

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls

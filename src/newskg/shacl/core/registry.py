"""The constraint parameters the compiler handles, each with its :class:`~.base.Constraint`.

The families are those of the SHACL specification (section 4), one module
each, as in pySHACL's ``constraints/core/``. A shape using a parameter not
listed here is left to pySHACL.
"""

from __future__ import annotations

from rdflib import URIRef

from newskg.shacl.core import (
    cardinality,
    logical,
    other,
    property_pair,
    shape_based,
    string_based,
    value_range,
    value_type,
)
from newskg.shacl.core.base import Constraint

__all__ = ["CONSTRAINTS", "SUPPORTED"]

#: Each compiled parameter and how it is compiled.
CONSTRAINTS: dict[URIRef, Constraint] = {
    **value_type.CONSTRAINTS,
    **cardinality.CONSTRAINTS,
    **value_range.CONSTRAINTS,
    **string_based.CONSTRAINTS,
    **property_pair.CONSTRAINTS,
    **logical.CONSTRAINTS,
    **shape_based.CONSTRAINTS,
    **other.CONSTRAINTS,
}

#: The constraint parameters the compiler handles (any other one makes the shape pySHACL's).
SUPPORTED: frozenset[URIRef] = frozenset(CONSTRAINTS)

"""The query worker answers a request it cannot run with a query error and keeps serving."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from newskg.errors import QueryError
from newskg.sparql import QueryWorker


def test_a_binding_of_an_unknown_variable_is_a_query_error_not_a_dead_worker(tmp_path):
    data = tmp_path / "g.nt"
    data.write_text("<urn:a> <urn:p> <urn:b> .\n", encoding="utf-8")
    with QueryWorker.for_file(data) as worker:
        with pytest.raises(QueryError, match="foo"):
            worker.run("SELECT ?s WHERE { ?s ?p ?o }", bindings={"foo": ox.NamedNode("urn:x")})
        answer = worker.run("SELECT ?s WHERE { ?s ?p ?o }")
        assert b"urn:a" in answer.data

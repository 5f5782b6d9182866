"""Validation queries run side by side (``newskg.shacl.parallel``) give the same report.

The compiled SHACL Core queries, the SHACL-SPARQL constraints and the
``queries/`` checks run over a thread pool; however many threads, the report
is the same, byte for byte, and an error raised in a thread reaches the
caller. The cheaper spellings of ``sh:maxCount 0`` and ``sh:maxCount 1`` give
pySHACL's results, on simple and complex paths.
"""

from __future__ import annotations

import threading

import pytest

from newskg.errors import InputError
from newskg.rdf.export import serialize_turtle
from newskg.shacl import default_threads, load_graph, validate, validate_store
from newskg.shacl.parallel import MAX_THREADS, query_pool
from newskg.store import GraphStore
from test_shacl_core import COMMITTED, broken, in_store, same_as_pyshacl, turtle


def report_bytes(result) -> str:
    return serialize_turtle(result.report_graph)


@pytest.mark.parametrize("seed", [0, 3])
def test_any_number_of_threads_gives_the_same_report(seed: int):
    graph = broken(load_graph(COMMITTED), seed)
    one = validate(graph, threads=1)
    assert not one.conforms and len(one.violations) > 5
    for threads in (2, 3, 8):
        assert report_bytes(validate(graph, threads=threads)) == report_bytes(one)


def test_any_number_of_threads_gives_the_same_report_over_a_writable_store(tmp_path):
    graph = broken(load_graph(COMMITTED), 1)
    with GraphStore(tmp_path / "store") as store:
        store.replace(graph)
        one = validate_store(store, writable=True, threads=1)
        two = validate_store(store, writable=True, threads=2)
        copied = validate_store(store, threads=3)
    assert report_bytes(one) == report_bytes(two)
    assert set(copied.violations) == set(one.violations)
    assert any("undeclared" in str(v.shape) for v in one.violations)  # the checks ran too


def test_the_queries_run_in_the_pools_threads():
    seen: set[str] = set()

    def note(item: int) -> int:
        seen.add(threading.current_thread().name)
        return item * 2

    with query_pool(2) as (mapper, pool):
        assert pool is not None
        assert list(mapper(note, range(50))) == [k * 2 for k in range(50)]
    assert seen and all(name.startswith("newskg-validate") for name in seen)
    with query_pool(1) as (mapper, pool):
        assert mapper is map and pool is None


def test_a_pool_needs_a_thread():
    with pytest.raises(ValueError, match="at least 1"), query_pool(0):
        pass
    assert 1 <= default_threads() <= MAX_THREADS


FAILING_CONSTRAINT = """
ex:Failing a sh:NodeShape ; sh:targetClass ex:Person ; sh:sparql [
    sh:message "fails" ;
    sh:select '''SELECT $this ?failure WHERE {
        $this a <https://example.org/test/Person> . BIND(true AS ?failure) }'''
] .
"""


@pytest.mark.parametrize("threads", [1, 2])
def test_an_error_in_a_thread_reaches_the_caller(threads: int):
    shapes = turtle(FAILING_CONSTRAINT)
    data = turtle("ex:ann a ex:Person .")
    with pytest.raises(InputError, match="failed"):
        validate(data, shapes=shapes, threads=threads)
    store, _ = in_store(data)
    with pytest.raises(InputError, match="failed"):
        validate_store(store, shapes=shapes, threads=threads)


MAX_COUNTS = """
ex:NoneShape a sh:NodeShape ; sh:targetClass ex:Person ; sh:message "no pet" ;
    sh:property [ sh:path ex:pet ; sh:maxCount 0 ] .
ex:OneShape a sh:NodeShape ; sh:targetClass ex:Person ; sh:message "one name" ;
    sh:property [ sh:path ex:name ; sh:maxCount 1 ] ,
        [ sh:path [ sh:inversePath ex:parent ] ; sh:maxCount 1 ; sh:message "one child" ] ,
        [ sh:path ( ex:knows ex:name ) ; sh:maxCount 1 ; sh:message "friends' names" ] .
ex:TwoShape a sh:NodeShape ; sh:targetSubjectsOf ex:tag ; sh:message "two tags" ;
    sh:property [ sh:path ex:tag ; sh:maxCount 2 ] .
"""

COUNTED = """
ex:ann a ex:Person ; ex:name "Ann" ; ex:pet ex:rex ; ex:knows ex:bob , ex:cy ; ex:tag 1 , 2 .
ex:bob a ex:Person ; ex:name "Bob" , "Robert" , "Bob"@en ; ex:tag 1 , "1" , 2 .
ex:cy a ex:Person ; ex:name "Cy" .
ex:dee a ex:Person ; ex:knows ex:bob .
ex:kid1 ex:parent ex:dee . ex:kid2 ex:parent ex:dee . ex:kid3 ex:parent ex:ann .
"""


def test_max_counts_give_pyshacls_results():
    result = same_as_pyshacl(turtle(COUNTED), turtle(MAX_COUNTS))
    found = sorted((str(v.focus).rsplit("/", 1)[-1], str(v.message)) for v in result.violations)
    assert found == [
        ("ann", "More than 0 values on ex:ann->ex:pet"),  # pySHACL's message: the shape has none
        ("ann", "friends' names"),  # Bob's three names and Cy's
        ("bob", "More than 1 values on ex:bob->ex:name"),  # "Bob" and "Bob"@en are two
        ("bob", "More than 2 values on ex:bob->ex:tag"),  # 1 and "1" are two values
        ("dee", "friends' names"),
        ("dee", "one child"),
    ]


def test_max_counts_over_a_store():
    store, exported = in_store(turtle(COUNTED))
    shapes = turtle(MAX_COUNTS)
    reference = validate(exported, shapes=shapes, engine="pyshacl")
    assert set(validate_store(store, shapes=shapes).violations) == set(reference.violations)

"""The helper process of the claims' merge: ``python -m newskg.rdf.merge_helper IN OUT``.

:meth:`newskg.rdf.claim_spill.ClaimSpill.merge` starts it to merge some of
its files on a second core while the build merges the others; it reads the
files from ``IN`` and writes their merged groups to ``OUT``
(:func:`~newskg.rdf.claim_spill.merge_files`). Not a command for users.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newskg.rdf.claim_spill import merge_files


def main(argv: list[str]) -> int:
    source, target = (Path(a) for a in argv)
    with source.open("rb") as fin, target.open("wb") as fout:
        merge_files(fin, fout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

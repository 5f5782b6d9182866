"""Print the pass rate of the construction test suite, one row per construction group.

``tests/test_constructions.py`` holds one parametrized test function per
construction (``test_active``, ``test_passive``, ..., ``test_operations``);
known failures are marked ``xfail`` with the missing mechanism. This script
runs that file with pytest (``-rA``, so every case gets a one-line outcome),
counts the outcomes per group and prints a markdown table::

    .venv/bin/python scripts/construction_table.py            # the table
    .venv/bin/python scripts/construction_table.py -- -x      # extra pytest arguments

A case that passes despite its ``xfail`` mark (XPASS) counts as passed and is
listed under the table, so that its mark can be removed. The exit status is 1
when a case fails without an ``xfail`` mark, 0 otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_FILE = "tests/test_constructions.py"

# the groups of the construction suite, in the order the table prints them
GROUPS = (
    "active",
    "passive",
    "participle",
    "nominal",
    "relative",
    "coordination",
    "demonym_metonym",
    "reported_speech",
    "modality",
    "numbers",
    "relative_dates",
    "casualties",
    "treaty_milestones",
    "meetings",
    "operations",
)

_OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|XFAIL|XPASS) \S+?::(test_\w+)(\[.*?\])?(?: - |$)")


def run_pytest(extra: list[str]) -> str:
    """Run the construction tests and return pytest's terminal output."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-rA",
        "--tb=no",
        "-p",
        "no:cacheprovider",
        TEST_FILE,
        *extra,
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 0 all good, 1 some failed; others: usage or crash
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"pytest exited with status {done.returncode}")
    return done.stdout


def count(output: str) -> tuple[dict[str, Counter[str]], list[str]]:
    """Outcomes per group (``other`` for tests outside the groups) and the XPASS cases."""
    per_group: dict[str, Counter[str]] = {}
    xpassed: list[str] = []
    for line in output.splitlines():
        m = _OUTCOME.match(line)
        if m is None:
            continue
        outcome, func, param = m.group(1), m.group(2), m.group(3) or ""
        group = func.removeprefix("test_")
        group = group if group in GROUPS else "other"
        per_group.setdefault(group, Counter())[outcome] += 1
        if outcome == "XPASS":
            xpassed.append(f"{func}{param}")
    return per_group, xpassed


def table(per_group: dict[str, Counter[str]]) -> str:
    """The markdown table: one row per group, a total, then the tests outside the groups."""
    rows = [
        "| group | cases | passed | xfailed | failed | pass rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(name: str, c: Counter[str]) -> str:
        passed = c["PASSED"] + c["XPASS"]
        failed = c["FAILED"] + c["ERROR"]
        cases = passed + c["XFAIL"] + failed
        rate = f"{100 * passed / cases:.0f} %" if cases else "-"
        return f"| {name} | {cases} | {passed} | {c['XFAIL']} | {failed} | {rate} |"

    total: Counter[str] = Counter()
    for group in GROUPS:
        c = per_group.get(group, Counter())
        total.update(c)
        rows.append(row(group.replace("_", " "), c))
    rows.append(row("**all groups**", total))
    if "other" in per_group:
        rows.append(row("other checks (not a group)", per_group["other"]))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    per_group, xpassed = count(run_pytest(args.pytest_args))
    print(table(per_group))
    if xpassed:
        print("\nPassing despite an xfail mark (remove the mark):")
        print("\n".join(f"- {name}" for name in xpassed))
    failed = sum(c["FAILED"] + c["ERROR"] for c in per_group.values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

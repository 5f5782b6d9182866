""".ci/readme_setup.py: CI runs the README's own set-up block, and fails when it has none."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "readme_setup.py"
tool = runpy.run_path(str(SCRIPT))


def test_the_readme_setup_block_is_the_two_documented_commands():
    commands = tool["setup_commands"](ROOT.joinpath("README.md").read_text(encoding="utf-8"))
    assert len(commands) == 2
    assert commands[0].startswith("python3 -m venv .venv && .venv/bin/pip install -e . ")
    assert "newskg build" in commands[0]
    assert "pytest" in commands[1]


def test_the_readme_refresh_epoch_is_the_committed_graphs():
    epoch = tool["refresh_epoch"](ROOT.joinpath("README.md").read_text(encoding="utf-8"))
    from datetime import UTC, datetime

    stamp = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'prov:startedAtTime "{stamp}"' in ROOT.joinpath("output/graph.ttl").read_text()


README = """# x

## Set-up (two commands)

```bash
# 1. install
python3 -m venv .venv && .venv/bin/pip install -e .

# 2. test
.venv/bin/pytest -q
```

## Using it

```bash
newskg query --list
```
"""


def test_comments_blank_lines_and_later_sections_are_not_commands():
    assert tool["setup_commands"](README) == [
        "python3 -m venv .venv && .venv/bin/pip install -e .",
        ".venv/bin/pytest -q",
    ]


@pytest.mark.parametrize(
    "text",
    ["# x\n\n## Usage\n```bash\nls\n```\n", "# x\n\n## Set-up\n\nno block\n\n## Next\n"],
)
def test_a_readme_without_a_setup_block_fails_with_a_message(tmp_path, text):
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True)
    assert out.returncode == 1 and "README.md:" in out.stderr and not out.stdout

"""docs/adding-your-province.md is executed: its files are written, its commands run, its output checked.

Blocks, in document order, as a reader types them into one terminal opened in an empty folder:
- ```` ```toml file=PATH ```` — written to PATH, relative to the current folder; ```` file=PATH append ````
  adds to what an earlier block wrote there;
- ```` ```sh ```` — run with bash in the current folder; must exit 0; a ``cd`` in it changes the
  current folder for the blocks that follow (the walk-through does one, in its first block);
- ```` ```console ```` — ``$ command`` then expected lines; each expected line (whitespace runs
  collapsed; ``…`` lines skipped) must appear, in order, in the command's output.
Other blocks (```` ```text ````: what the reader sees elsewhere, e.g. after ``pip install``) are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "adding-your-province.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)


def _squash(line: str) -> str:
    return " ".join(line.split())


def blocks() -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_walk_through_has_files_commands_and_outputs():
    kinds = [k for k, _, _ in blocks()]
    assert (kinds.count("toml"), kinds.count("sh"), kinds.count("console")) == (12, 10, 10)


def test_the_walk_through_covers_every_family_and_the_authors_tools():
    text = DOC.read_text(encoding="utf-8")
    for heading in ("What you inherit", "Timelines: your own procedure", "Revocation grounds and typical cases", "Conformance"):
        assert "## " in text and heading in text, heading
    files = {info for kind, info, _ in blocks() if kind == "toml"}
    for marker in ("[[criteria.amend]]", "[[criteria.remove]]", "item_unknown = true", "interpretation.note_zh", "[timelines]",
                   'kind = "dated_period"', "submitter_kinds", "[revocation_grounds]", "[declarations.xprov]"):  # fmt: skip
        assert marker in text, marker
    assert {"file=conformance_example.toml", "file=conformance_record.toml", "file=conformance_call.toml"} <= files
    # one folder for the whole walk-through: entered once, never again
    commands = [line for kind, _, body in blocks() if kind in ("sh", "console") for line in body.splitlines()]
    assert [c for c in commands if "cd " in c] == ["mkdir -p xprov && cd xprov"]


@pytest.mark.slow
def test_walk_through_runs_as_written(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("CLUSTERPOLICY_RULES_DIR", None)
    here = tmp_path  # the terminal's current folder
    where = tmp_path / ".cwd"
    for kind, info, body in blocks():
        if kind == "toml":
            assert info.startswith("file="), info
            name, _, mode = info.removeprefix("file=").partition(" ")
            path = here / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if mode == "append":
                path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
            else:
                path.write_text(body, encoding="utf-8")
        elif kind == "sh":
            script = f'{body}\npwd > "{where}"\n'
            done = subprocess.run(["bash", "-euc", script], cwd=here, env=env, capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, f"{body}\n{done.stdout}\n{done.stderr}"
            here = Path(where.read_text(encoding="utf-8").strip())
        elif kind == "console":
            command, *expected = body.splitlines()
            assert command.startswith("$ ") and not command.startswith("$ cd "), command
            done = subprocess.run(["bash", "-c", command[2:]], cwd=here, env=env, capture_output=True, text=True, timeout=180)
            got = [_squash(line) for line in (done.stdout + done.stderr).splitlines()]
            position = 0
            for line in expected:
                if line.strip() == "…":
                    continue
                want = _squash(line)
                assert want in got[position:], f"{command}: expected line not found in order:\n{line}\n---\n" + "\n".join(got)
                position = got.index(want, position) + 1
    assert (tmp_path / "xprov" / "memo.md").read_text(encoding="utf-8").startswith("# X省中小企业特色产业集群(示例) (`xprov`) 相对于")

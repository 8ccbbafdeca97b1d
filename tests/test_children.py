"""A background process of a build that fails before waiting for it (the card
drawer, Pagefind) is stopped when Python exits, not left writing the output."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EXT = Path(__file__).parent.parent / "_ext"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers; its state in /proc says it has ended.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def _run(script: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(EXT)},
        check=False,
        timeout=60,
    )
    return int(done.stdout.split()[-1])


def test_a_process_not_waited_for_is_killed_at_exit():
    pid = _run(
        "from newsdesk import children\n"
        "p = children.start(['sleep', '60'])\n"
        "print(p.pid)\n"
        "raise SystemExit('the build failed')\n"
    )
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_a_finished_process_is_left_alone():
    pid = _run(
        "from newsdesk import children\n"
        "p = children.start(['true'])\n"
        "p.wait()\n"
        "print(p.pid)\n"
    )
    assert not _alive(pid)

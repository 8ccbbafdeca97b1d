"""Processes a build starts in the background (the card drawer, Pagefind).

Each is waited for by a ``build-finished`` handler. If the build stops before
that handler runs (an error, or another handler raising), the process must not
go on writing into an output folder nobody is building any more: it is killed
when the interpreter exits, unless it was waited for by then.
"""

from __future__ import annotations

import atexit
import functools
import subprocess
from typing import Any


def start(command: list[str], **options: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen(command, **options)``, stopped at exit if still running."""
    process: subprocess.Popen[Any] = subprocess.Popen(command, **options)
    atexit.register(functools.partial(_stop, process))
    return process


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()

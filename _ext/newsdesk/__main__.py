"""``python -m newsdesk``: the contributor's commands (lint, new, preview)."""

from __future__ import annotations

import sys

from newsdesk.tools.cli import main

# Guarded: the preview's warm builds import this module again (multiprocessing).
if __name__ == "__main__":
    sys.exit(main())

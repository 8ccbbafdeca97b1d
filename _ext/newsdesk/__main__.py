"""``python -m newsdesk``: the contributor's commands (lint, new, preview)."""

from __future__ import annotations

import sys

from newsdesk.tools.cli import main

sys.exit(main())

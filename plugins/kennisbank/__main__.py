"""`python -m kennisbank`: the same as the `kennisbank` command."""

import sys

from .cli import main

sys.exit(main())

"""`python -m graph.cli`: the `vdg` command."""

import sys

from graph.cli.app import main

sys.exit(main())

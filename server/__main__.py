"""``python -m server`` is the ``venster`` command."""

from server.cli import main

raise SystemExit(main())

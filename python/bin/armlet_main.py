"""Entry point of the `armlet` command under Bazel (`bazel run //:armlet -- VERB ...`)."""

import sys

from armlet.cli import main

if __name__ == "__main__":
    sys.exit(main())

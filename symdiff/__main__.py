"""``python -m symdiff``: the command line."""

import sys

from symdiff.cli import main

if __name__ == "__main__":
    sys.exit(main())

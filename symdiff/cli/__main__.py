"""``python -m symdiff.cli``: the command line (the same as ``python -m symdiff``)."""

import sys

try:
    from symdiff.cli import main
except KeyboardInterrupt:  # Ctrl-C while symdiff is still being imported
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())

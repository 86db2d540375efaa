"""``python -m telecrm._cli``: the ``telecrm`` command without its console script."""

import sys

from telecrm._cli import main

if __name__ == "__main__":
    sys.exit(main())

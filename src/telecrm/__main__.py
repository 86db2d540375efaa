"""``python -m telecrm``: the ``telecrm`` command, where its console script is not on the PATH."""

import sys

from telecrm._cli import main

if __name__ == "__main__":
    sys.exit(main())

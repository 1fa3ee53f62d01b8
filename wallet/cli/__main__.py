"""``python -m wallet.cli``."""

import sys

from wallet.cli import main

sys.exit(main())

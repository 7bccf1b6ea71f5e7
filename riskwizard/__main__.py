"""`python -m riskwizard` runs the command line."""

import sys

from riskwizard.cli import main

sys.exit(main())

import sys

from routedeck.cli import main

sys.exit(main())

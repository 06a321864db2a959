import sys

from jeugdhub.cli import main

sys.exit(main())

"""``python -m aglod``: the command line."""

from .cli import main

main()

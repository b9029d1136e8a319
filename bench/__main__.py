"""Run every benchmark in this folder: `python -m bench` (or `python -m bench NAME...`)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    here = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_")
    )
    wanted = argv or names
    for name in wanted:
        if name not in names:
            sys.exit(f"No benchmark named {name!r}; have: {', '.join(names)}")
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name} ==")
        module.main()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])

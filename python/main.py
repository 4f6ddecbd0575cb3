"""Entry point of `bazel run //:armlet`: the `armlet` command without an install.

The package's sources live in the folder `python/`, but they import each
other as the package `armlet`. Under Bazel nothing installs them under that
name, so this file registers its own folder as the package `armlet` before
running the command line.
"""

import importlib.util
import os
import sys


def register_package(name: str = "armlet") -> None:
    """Makes the folder of this file importable as package `name`."""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(here, "__init__.py"), submodule_search_locations=[here]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


if __name__ == "__main__":
    register_package()
    from armlet.cli import main

    sys.exit(main())

"""pytest set-up: `armlet` importable from the source tree, helpers.py importable.

With `pip install -e .` (or PYTHONPATH pointing at a folder holding an
`armlet` link to python/) `armlet` imports as installed. Under Bazel the
sources are only in the runfiles as `python/`, so that folder is registered
as the package `armlet` here.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _armlet_importable() -> bool:
    try:
        import armlet.cli  # noqa: F401
    except ImportError:
        return False
    return True


def _register_source_tree() -> None:
    source = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python")
    for name in [m for m in sys.modules if m == "armlet" or m.startswith("armlet.")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        "armlet", os.path.join(source, "__init__.py"), submodule_search_locations=[source]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["armlet"] = module
    spec.loader.exec_module(module)


if not _armlet_importable():
    _register_source_tree()


# Under Bazel (TEST_TMPDIR is set) the runfiles are read-only and runs must
# repeat: no example database, a fixed example sequence.
from hypothesis import settings  # noqa: E402

settings.register_profile("bazel", database=None, derandomize=True, deadline=None)
if os.environ.get("TEST_TMPDIR"):
    settings.load_profile("bazel")

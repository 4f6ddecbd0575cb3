"""Main of every Python py_test: runs pytest on the test files given as arguments.

conftest.py (loaded by pytest before any test module) makes `armlet`
importable from the source tree when it is not installed.
"""

import sys

import pytest

if __name__ == "__main__":
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[1:]]))

"""pytest setup: makes helpers.py importable wherever the tests run from."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

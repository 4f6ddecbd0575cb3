"""Offline stand-in for @rules_python//python:defs.bzl: re-exports Bazel 4's native Python rules.

Swap in upstream rules_python by editing the WORKSPACE only; BUILD files already load from here.
"""

py_binary = native.py_binary
py_library = native.py_library
py_runtime = native.py_runtime
py_test = native.py_test

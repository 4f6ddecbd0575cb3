"""Offline stand-in for @rules_cc//cc:defs.bzl.

Bazel 4.2.3 ships the C++ rules natively; upstream rules_cc re-exports them too. This file keeps
BUILD files written against the upstream load path, so a newer Bazel can swap in the real rule set
by changing the WORKSPACE alone.
"""

cc_binary = native.cc_binary
cc_import = native.cc_import
cc_library = native.cc_library
cc_test = native.cc_test
cc_toolchain = native.cc_toolchain
cc_toolchain_suite = native.cc_toolchain_suite
cc_proto_library = native.cc_proto_library

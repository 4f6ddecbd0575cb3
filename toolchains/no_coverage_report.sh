#!/usr/bin/env bash
# Stands in for Bazel's coverage report generator: armlet does not collect coverage through Bazel.
echo "coverage reports are not collected by this workspace" >&2
exit 1

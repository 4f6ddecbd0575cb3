#!/usr/bin/env bash
# armlet set-up on a fresh Debian 12 machine, then the main job.
#
# Installs what Bazel cannot fetch itself: Bazel 4.2.3 (Debian's bazel-bootstrap), QEMU for the
# simulated boards, clang for the loader fuzzer, and Python 3.11 with venv. Everything else (the
# Arm GNU toolchain, flatc, the Python packages) is fetched pinned by Bazel itself. Then it compiles
# the example model and runs it on the simulated Cortex-M55 next to the Python reference.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
have() { command -v "$1" >/dev/null 2>&1; }
have bazel || need_packages+=(bazel-bootstrap)
have qemu-system-arm || need_packages+=(qemu-system-arm)
have clang++ || need_packages+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need_packages+=(libclang-rt-14-dev)
have python3 || need_packages+=(python3)
# The remote-cache check makes a venv for its cache server: python3 needs venv and ensurepip.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_packages+=(python3-venv)

if ((${#need_packages[@]})); then
  echo "== installing ${need_packages[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need_packages[@]}"
else
  echo "== bazel, qemu-system-arm, clang and python3 are installed"
fi

if [[ "${1:-}" == "--install-only" ]]; then
  exit 0
fi

echo "== main job: the example model on the simulated Cortex-M55"
exec ./examples/run_example.sh

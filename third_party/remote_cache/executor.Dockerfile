# Worker image for `bazel test //tests/... --config=remote`: what an action finds on the machine
# that runs it. Build and push it, then name it in //third_party/remote_cache:debian12_qemu.
#
# The Arm GNU toolchain, flatc and the Python packages are NOT installed here: Bazel fetches them
# pinned on the client and sends them as action inputs. What actions take from the worker itself,
# by path, must match the client's Debian 12: /usr/bin/python3.11 (the Python environment's
# interpreter), /usr/bin/gcc 12 (Bazel's auto-configured host C++ toolchain), qemu-system-arm 7.2
# (simulator tests), and /bin/bash with coreutils (genrules, test wrappers).
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      bash ca-certificates coreutils gcc g++ python3 python3-venv qemu-system-arm zip unzip \
 && rm -rf /var/lib/apt/lists/*

#!/usr/bin/env bash
# Builds the C++ core on its own (no Node headers) with its GoogleTest suite and runs it with ctest.
# TOKENMETER_SANITIZE=1 builds and runs the same suite under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build-core
extra=()
if [ "${TOKENMETER_SANITIZE:-0}" = 1 ]; then
  build_dir=build-asan
  extra=(-DTOKENMETER_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
cmake -S . -B "$build_dir" -DTOKENMETER_TESTS=ON "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"

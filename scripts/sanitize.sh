#!/usr/bin/env bash
# Reliability run under AddressSanitizer + UndefinedBehaviorSanitizer:
#   1. the C++ core's GoogleTest suite (scripts/test-cpp.sh with TOKENMETER_SANITIZE=1 -> build-asan/),
#      leak checking on;
#   2. the Node addon built with the same sanitizers (cmake-js -> build-asan-node/), driven by
#      test/fuzz/js-smoke.js with the sanitizer runtime preloaded into node.
# Exits non-zero if a test fails or any sanitizer reports anything.
#
#   scripts/sanitize.sh [cpp|node]...     (default: both)
#   SANITIZE_CLEAN=1 scripts/sanitize.sh   (rebuild build-asan/ and build-asan-node/ from scratch:
#                                           use it when sources were edited during a previous build,
#                                           which can leave objects built from two header versions)
#
# The node part uses GCC (g++ 12 here): node is not built with ASan, so the ASan runtime has to be
# LD_PRELOADed, and it must be the runtime of the compiler that built the addon. LeakSanitizer is
# off for node (node itself leaks at exit by design); the C++ suite and the fuzzers check leaks.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "${SANITIZE_CLEAN:-0}" = 1 ]; then
  rm -rf build-asan build-asan-node
fi

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(cpp node)
jobs=${SANITIZE_JOBS:-$(nproc)}
status=0
results=()

# Sanitizer reports in a log: ASan/LSan/UBSan headers and UBSan's "runtime error:" lines.
sanitizer_report_in() {
  grep -En 'ERROR: (AddressSanitizer|LeakSanitizer)|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer)|runtime error:' "$1"
}

run_cpp() {
  echo "== [cpp] C++ unit tests under ASan + UBSan (build-asan/)"
  mkdir -p build-asan
  local log=build-asan/sanitize-test.log
  # halt_on_error / -fno-sanitize-recover (set by TOKENMETER_SANITIZE) make any report fail its test.
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    TOKENMETER_SANITIZE=1 bash scripts/test-cpp.sh 2>&1 | tee "$log"; then
    if sanitizer_report_in "$log" >/dev/null; then
      results+=("cpp: FAILED (sanitizer report in $log)")
      status=1
    else
      results+=("cpp: OK ($(grep -Eo '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1))")
    fi
  else
    results+=("cpp: FAILED (see $log)")
    status=1
  fi
}

run_node() {
  echo "== [node] addon under ASan + UBSan (build-asan-node/) + test/fuzz/js-smoke.js"
  if ! command -v gcc >/dev/null || ! command -v g++ >/dev/null; then
    results+=("node: FAILED (gcc/g++ not found)")
    status=1
    return
  fi
  local libasan libubsan
  libasan=$(gcc -print-file-name=libasan.so)
  libubsan=$(gcc -print-file-name=libubsan.so)
  if [ ! -f "$libasan" ] || [ ! -f "$libubsan" ]; then
    results+=("node: FAILED (GCC's libasan/libubsan not installed: apt-get install libasan8 libubsan1)")
    status=1
    return
  fi
  # cmake-js with TOKENMETER_SANITIZE=ON: the root CMakeLists adds -fsanitize=address,undefined
  # -fno-sanitize-recover=all to the core and the binding alike.
  if ! CC=gcc CXX=g++ npx --no-install cmake-js compile --out build-asan-node --config RelWithDebInfo \
    --CDTOKENMETER_SANITIZE=ON --parallel "$jobs"; then
    results+=("node: FAILED (cmake-js build of the sanitized addon failed)")
    status=1
    return
  fi
  local addon
  addon=$(find build-asan-node -name tokenmeter.node -type f -newer CMakeLists.txt | head -1)
  [ -n "$addon" ] || addon=$(find build-asan-node -name tokenmeter.node -type f | head -1)
  if [ -z "$addon" ]; then
    results+=("node: FAILED (no tokenmeter.node under build-asan-node/)")
    status=1
    return
  fi
  # Not `ldd | grep -q`: with pipefail, grep -q exiting at the first match can kill ldd with SIGPIPE
  # and fail the pipeline on a sanitized build.
  local linked
  linked=$(ldd "$addon" 2>&1 || true)
  if ! grep -q libasan <<<"$linked"; then
    results+=("node: FAILED ($addon is not linked against libasan: not a sanitized build)")
    status=1
    return
  fi
  local log=build-asan-node/js-smoke.log
  echo "   addon: $addon; preloading $libasan $libubsan"
  # detect_leaks=0: node's own allocations at exit are not ours to judge.
  # halt_on_error: stop at the first report (UBSan is already -fno-sanitize-recover=all).
  LD_PRELOAD="$libasan $libubsan" \
    ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    node --expose-gc test/fuzz/js-smoke.js "$repo/$addon" "$repo/vocab" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if sanitizer_report_in "$log" >/dev/null; then
    results+=("node: FAILED (sanitizer report in $log: $(sanitizer_report_in "$log" | head -1))")
    status=1
  elif [ "$rc" -ne 0 ]; then
    results+=("node: FAILED (js-smoke exited $rc; $(grep -c '^FAIL' "$log") failed checks, see $log)")
    status=1
  else
    results+=("node: OK ($(grep -Eo '[0-9]+ checks, [0-9]+ failed' "$log" | tail -1), no sanitizer reports)")
  fi
}

for part in "${parts[@]}"; do
  case "$part" in
    cpp) run_cpp ;;
    node) run_node ;;
    *) echo "usage: scripts/sanitize.sh [cpp|node]..." >&2; exit 2 ;;
  esac
done

echo
echo "== sanitize summary"
printf '%s\n' "${results[@]}"
exit "$status"

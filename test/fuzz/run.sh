#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time.
#
#   test/fuzz/run.sh [seconds-per-target] [target...]      (default: 20 s, every target)
#
# Environment:
#   FUZZ_BUILD_DIR   build directory (default build-fuzz; reused when already configured for fuzzing)
#   FUZZ_FRESH=1     start from the committed seeds only (wipe test/fuzz/corpus-work/<target>)
#   FUZZ_JOBS        passed to cmake --build -j (default: nproc)
#   FUZZ_NICE        niceness of the fuzzing processes (default 10; shared machines)
#
# The committed seeds (test/fuzz/corpus/<target>/) are only read. Each target's working corpus,
# which grows run after run, lives in test/fuzz/corpus-work/<target>/ (git-ignored), its findings
# in test/fuzz/corpus-work/artifacts/<target>/ and its full log in test/fuzz/corpus-work/logs/.
# Prints execs, exec/s and corpus size per target; exits non-zero if any target found anything
# (crash, sanitizer report, property violation, leak, timeout, out-of-memory) or could not run.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

seconds=${1:-20}
shift || true
all_targets=(fuzz_encode fuzz_decode fuzz_rank_file fuzz_utf8 fuzz_request_json)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
work=test/fuzz/corpus-work
nice_level=${FUZZ_NICE:-10}

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: test/fuzz/run.sh [seconds-per-target] [target...]" >&2
  exit 2
fi

# Per-target input size limits. Large enough for every property to matter (the heap merge starts
# at 96-byte pieces; rank files need ~2.5 KB just for the 256 byte tokens), small enough that the
# quadratic reference BPE and one input's allocations stay far below -timeout and -rss_limit_mb.
max_len_for() {
  case "$1" in
    fuzz_encode) echo 4096 ;;
    fuzz_decode) echo 4096 ;;      # up to 1,023 ids
    fuzz_rank_file) echo 16384 ;;
    fuzz_utf8) echo 8192 ;;
    fuzz_request_json) echo 8192 ;;  # request bodies: room for a few messages, tools and a tiny image
    *) echo 4096 ;;
  esac
}

# --- Toolchain: clang with the libFuzzer runtime (Debian: clang + libclang-rt-<version>-dev) ---
if ! command -v clang++ >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1; then
  echo "run.sh: clang/clang++ not found. Install clang and its compiler-rt (Debian/Ubuntu:" >&2
  echo "        apt-get install clang libclang-rt-14-dev)." >&2
  exit 3
fi
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
  >"$probe_dir/probe.cc"
if ! clang++ -fsanitize=fuzzer,address,undefined "$probe_dir/probe.cc" -o "$probe_dir/probe" \
  >"$probe_dir/probe.log" 2>&1; then
  echo "run.sh: clang++ cannot link a libFuzzer + ASan + UBSan program: the compiler-rt runtime" >&2
  echo "        (libclang_rt.fuzzer, asan, ubsan) is missing. Debian/Ubuntu: apt-get install" >&2
  echo "        libclang-rt-$(clang++ -dumpversion | cut -d. -f1)-dev. Compiler said:" >&2
  sed 's/^/        /' "$probe_dir/probe.log" | head -5 >&2
  exit 3
fi
for tool in cmake; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool not found" >&2; exit 3; }
done

# --- Build (reusing the build dir when it is already a clang fuzz build) ---
cache="$build_dir/CMakeCache.txt"
if [ ! -f "$cache" ] || ! grep -q '^TOKENMETER_FUZZ:BOOL=ON' "$cache" ||
  ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$cache"; then
  echo "== configuring $build_dir (clang, TOKENMETER_FUZZ=ON)"
  # The instrumentation flags themselves come from test/fuzz/CMakeLists.txt, which applies
  # -fsanitize=fuzzer-no-link,address,undefined to the core libraries and
  # -fsanitize=fuzzer,address,undefined to the targets.
  if ! CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DTOKENMETER_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$probe_dir/configure.log" 2>&1; then
    cat "$probe_dir/configure.log" >&2
    echo "run.sh: configure failed (an existing $build_dir from another compiler? remove it)" >&2
    exit 3
  fi
fi
# Re-run CMake on an existing build dir too, so targets added since it was configured exist.
if ! cmake -S . -B "$build_dir" >"$probe_dir/reconfigure.log" 2>&1; then
  cat "$probe_dir/reconfigure.log" >&2
  echo "run.sh: reconfigure of $build_dir failed" >&2
  exit 3
fi
echo "== building ${targets[*]} in $build_dir"
if ! cmake --build "$build_dir" -j"${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"; then
  echo "run.sh: build failed" >&2
  exit 3
fi

# --- Run ---
# UBSan: with -fno-sanitize-recover every report aborts; stack traces make the report useful.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export TOKENMETER_VOCAB_DIR=${TOKENMETER_VOCAB_DIR:-$repo/vocab}
export TOKENMETER_DATA_DIR=${TOKENMETER_DATA_DIR:-$repo/data}

mkdir -p "$work/logs"
failed=0
summary=()
for target in "${targets[@]}"; do
  bin="$build_dir/test/fuzz/$target"
  seeds="test/fuzz/corpus/$target"
  corpus="$work/$target"
  artifacts="$work/artifacts/$target"
  log="$work/logs/$target.log"
  if [ ! -x "$bin" ]; then
    echo "run.sh: $bin was not built" >&2
    failed=1
    summary+=("$target: NOT BUILT")
    continue
  fi
  [ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  max_len=$(max_len_for "$target")
  # An optional libFuzzer dictionary next to the target (test/fuzz/<target>.dict).
  dict_args=()
  [ -f "test/fuzz/$target.dict" ] && dict_args=(-dict="test/fuzz/$target.dict")
  echo "== $target: ${seconds}s, -max_len=$max_len${dict_args[0]:+ ${dict_args[0]}} (log: $log)"
  # First corpus dir: where new inputs are written; the seed dir after it is only read.
  nice -n "$nice_level" "$bin" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict_args[@]}" "$corpus" "$seeds" >"$log" 2>&1
  rc=$?
  after=$(find "$artifacts" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  # Corpus size from libFuzzer's last status line ("corp: <inputs>/<bytes>").
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  line="$target: execs=${execs:-?} exec/s=${rate:-?} corpus=${corp:-?} (files in $corpus: $(find "$corpus" -type f | wc -l)) cov=${cov:-?} peak_rss=${rss:-?}MB"
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
    failed=1
    kind=$(grep -Eo 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer): [a-z-]+|PROPERTY VIOLATED|runtime error' "$log" | head -1)
    line="$line  FINDING (exit $rc${kind:+, $kind}); artifacts: $artifacts"
    echo "---- $target: last lines of $log"
    tail -40 "$log"
    echo "----"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "FAILED: at least one fuzz target reported a finding or did not run; reproduce with"
  echo "  $build_dir/test/fuzz/<target> <artifact file>"
  exit 1
fi
echo "OK: no findings"

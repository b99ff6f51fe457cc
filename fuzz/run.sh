#!/usr/bin/env bash
# Fuzz exposure: seed each target's corpus from the fixtures, then run the targets.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 1200 s each, every target)
#   JOBS=3 fuzz/run.sh 1500                            (run that many targets at once)
#   TIMEOUT=300 nice -n 19 fuzz/run.sh 7200 archive    (beside other work: a starved input is not a hang)
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in
# fuzz/artifacts/<target>/; each becomes a regression test before it is fixed.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-1200}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(archive json js_prefix csv html text parsers)
fi
fixtures=../fixtures

# Copy the small fixture files matching the find(1) tests into DIR, one seed each.
copy_each() {
  local dir=$1 n=0
  shift
  while IFS= read -r file; do
    cp "$file" "$dir/seed-$n"
    n=$((n + 1))
  done < <(find "$fixtures" "$@" -size -64k | sort)
}

seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    archive)
      # Each fixture tree as a zip, a tgz and a tar (the target names its input after its magic).
      for tree in "$fixtures"/*/; do
        python3 - "$tree" "$dir/$(basename "$tree")" <<'PY'
import os, sys, tarfile, zipfile
root, out = sys.argv[1], sys.argv[2]
files = []
for d, _, names in os.walk(root):
    for f in names:
        p = os.path.join(d, f)
        if os.path.getsize(p) < 200_000:
            files.append((p, os.path.relpath(p, root)))
with zipfile.ZipFile(out + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
    for p, name in files:
        z.write(p, name)
for suffix, mode in ((".tgz", "w:gz"), (".tar", "w")):
    with tarfile.open(out + suffix, mode, format=tarfile.USTAR_FORMAT) as t:
        for p, name in files:
            t.add(p, name)
PY
      done ;;
    json) copy_each "$dir" -name '*.json' ;;
    js_prefix) copy_each "$dir" -name '*.js' ;;
    csv) copy_each "$dir" -name '*.csv' ;;
    html) copy_each "$dir" \( -name '*.html' -o -name '*.htm' \) ;;
    text) copy_each "$dir" \( -name '*.txt' -o -name '*.vcf' -o -name '*.mbox' -o -name '*.md' \) ;;
    parsers)
      local n=0
      while IFS= read -r file; do
        { printf "\\x$(printf %02x $((n % 24)))"; cat "$file"; } > "$dir/seed-$n"
        n=$((n + 1))
      done < <(find "$fixtures" \( -name '*.json' -o -name '*.js' -o -name '*.csv' -o -name '*.html' \) -size -64k | sort)
      # The layouts the target reads from the catalogues (after the hand-picked ones): each
      # seeded with the smallest fixture file its known-file pattern matches.
      EXPOSURE_FUZZ_LIST_LAYOUTS=1 cargo +nightly fuzz run parsers 2>/dev/null |
        python3 -c '
import os, re, sys
fixtures, out = sys.argv[1], sys.argv[2]
def segment(pattern, name):
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), name, re.I) is not None
def ends_like(pattern, path):
    p, s = pattern.split("/"), path.split("/")
    return len(s) >= len(p) and all(map(segment, p, s[len(s) - len(p):]))
files = sorted(
    (os.path.getsize(os.path.join(d, n)), os.path.relpath(os.path.join(d, n), fixtures))
    for d, _, names in os.walk(fixtures) for n in names)
for line in sys.stdin:
    number, pattern = line.rstrip("\n").split("\t")
    match = next((f for size, f in files if size < 64_000 and ends_like(pattern, f)), None)
    if match:
        with open(os.path.join(out, "layout-" + number), "wb") as seed:
            seed.write(bytes([int(number) % 256]) + open(os.path.join(fixtures, match), "rb").read())
' "$fixtures" "$dir"
      ;;
  esac
}

jobs=${JOBS:-1}
running=0
for target in "${targets[@]}"; do
  seed "$target"
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="${TIMEOUT:-30}" -print_final_stats=1 \
    > "logs-$target.txt" 2>&1 &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
for target in "${targets[@]}"; do
  echo "== $target"
  grep -E '^(stat::|#[0-9]+ +DONE)|SUMMARY|panicked' "logs-$target.txt" | tail -8 || true
done

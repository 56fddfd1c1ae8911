#!/usr/bin/env bash
# Renders the same posts with two inkpost binaries and lists every post whose
# result (`render --json`: meta, HTML, excerpt, toc, stats, warnings) differs.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# The posts: ../shared/corpus and ../shared/sites (when present), www/posts,
# the fuzz seeds, and every attack post of tests/security/attacks.txt. Exit
# status 1 when any differs. Build the old binary from a worktree, e.g.
#   git worktree add /tmp/base <rev> && (cd /tmp/base && cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(
  find ../shared/corpus/posts ../shared/sites www/posts fuzz/seeds -type f \
    \( -name '*.md' -o -name '*.markdown' -o -path 'fuzz/seeds/*' \) -print0 2>/dev/null | sort -z)

# Each attack post as a file of its own.
mkdir -p "$tmp/attacks"
awk -v dir="$tmp/attacks" '
  /^=== / { n++; out = sprintf("%s/%03d-%s.md", dir, n, $2); next }
  out { print > out }' tests/security/attacks.txt
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$tmp/attacks" -type f -print0 | sort -z)

differ=0
for f in "${files[@]}"; do
  "$old" render "$f" --json > "$tmp/old.json" 2>/dev/null || true
  "$new" render "$f" --json > "$tmp/new.json" 2>/dev/null || true
  if ! cmp -s "$tmp/old.json" "$tmp/new.json"; then
    echo "differs: $f"
    differ=$((differ + 1))
  fi
done
echo "same-output: ${#files[@]} posts, $differ differ"
[ "$differ" -eq 0 ]

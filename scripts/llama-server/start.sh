#!/usr/bin/env bash
# Starts the llama-server that setup.sh built, on 127.0.0.1 with the tiny model; prints its pid once /health answers.
# usage: scripts/llama-server/start.sh PORT [--embeddings]   (stop it with: kill PID)
#        The build is read from $LLAMA_SERVER_DIR, else .cache/llama-server in the repository.
# --embeddings starts an embeddings-only instance (/v1/embeddings). One thread: on 2 cores that is the fastest.
# Same seed in the request, same text out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${LLAMA_SERVER_DIR:-$here/../../.cache/llama-server}
port=${1:?usage: start.sh PORT [--embeddings]}; shift
[ -x "$dir/bin/llama-server" ] || { echo "start.sh: no llama-server in $dir; build it first: bash $here/setup.sh" >&2; exit 1; }
extra=()
[ "${1:-}" = --embeddings ] && extra=(--embeddings --pooling mean -c 512) || extra=(-c 2048)
"$dir/bin/llama-server" -m "$dir/tiny-llama.gguf" --alias tiny-random-llama --host 127.0.0.1 --port "$port" \
  -t 1 -np 1 --no-webui --offline "${extra[@]}" >"$dir/server-$port.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { echo "$pid"; exit 0; }
  kill -0 "$pid" 2>/dev/null || { cat "$dir/server-$port.log" >&2; exit 1; }
  sleep 0.1
done
echo "llama-server did not answer on port $port; see $dir/server-$port.log" >&2; kill "$pid"; exit 1

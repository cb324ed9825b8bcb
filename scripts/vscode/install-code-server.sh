#!/usr/bin/env bash
# Installs the VS Code the extension tests run in: code-server 4.100.3 (VS Code 1.100.3) from the npm
# registry, on the machine's own Node 20, into .vscode-test/code-server/ (git-ignored). The versions are
# pinned by test/vscode/server/package.json + package-lock.json. Idempotent: a stamp holding the
# lockfile's hash and the Node ABI is written last, so a matching stamp means a complete install and an
# interrupted one is redone from scratch.
#
# Needs from Debian: ripgrep (stands in for @vscode/ripgrep's download from GitHub), libkrb5-dev (the
# `kerberos` native module), g++, make, python3. .ci/run installs them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC="$ROOT/test/vscode/server"
DEST="$ROOT/.vscode-test/code-server"
BIN="$DEST/node_modules/.bin/code-server"
# @vscode/ripgrep inside code-server's lockfile: its postinstall looks for this exact file in
# $TMPDIR/vscode-ripgrep-cache-<package version>/ before asking api.github.com.
RG_PKG_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

stamp="$(sha256sum "$SRC/package-lock.json" | cut -d' ' -f1) node-abi-$(node -p process.versions.modules)"
if [ -x "$BIN" ] && [ "$(cat "$DEST/.installed" 2>/dev/null)" = "$stamp" ]; then
  echo "code-server: already installed in ${DEST#"$ROOT"/}"
  exit 0
fi

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-code-server: missing Debian packages: ${missing[*]}" >&2
  echo "  run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "install-code-server: only x86_64 is set up (the ripgrep stand-in is named for it)" >&2
  exit 1
fi

started=$(date +%s)
echo "code-server: installing into ${DEST#"$ROOT"/} (about a minute)"
rm -rf "$DEST"
mkdir -p "$DEST/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
cp "$SRC/package.json" "$SRC/package-lock.json" "$DEST/"
tar czf "$DEST/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$(dirname "$(command -v rg)")" rg

# node-gyp must build against the headers of the Node that runs code-server, never download them.
node_prefix=$(dirname "$(dirname "$(node -p process.execPath)")")
if [ -z "${npm_config_nodedir:-}" ] && [ -e "$node_prefix/include/node/node_version.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi

# unsafe_perm: code-server's postinstall.sh refuses to run as root without it (npm 11 no longer knows
#   the flag, but the variable still reaches the script).
# yes: node-pty's install runs `npx node-gyp`, which must not stop to ask (a user .npmrc may say yes=false).
# The log goes to a file: a failure prints its tail, a success prints one line.
log="$ROOT/.vscode-test/code-server-install.log"
if ! (cd "$DEST" && TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm ci --no-audit --no-fund --foreground-scripts >"$log" 2>&1); then
  tail -n 60 "$log" >&2
  echo "install-code-server: npm ci failed; full log in ${log#"$ROOT"/}" >&2
  exit 1
fi
[ -x "$BIN" ] || { echo "install-code-server: $BIN missing after npm ci; see ${log#"$ROOT"/}" >&2; exit 1; }
rm -rf "$DEST/tmp"
echo "$stamp" >"$DEST/.installed"
# (the version is read from package.json: `code-server --version` would write a config file into $HOME)
echo "code-server: $(node -p "require('$DEST/node_modules/code-server/package.json').version") installed in $(( $(date +%s) - started ))s"

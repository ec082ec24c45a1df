#!/usr/bin/env bash
# Browser tests need Debian's Chromium and axe-core (from npm's registry, checked against
# its published sha512). Installs what is missing; prints the variables the tests read.
set -euo pipefail
AXE_VERSION=4.14.1
AXE_SHA512="FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
HOME_DIR="${WAYMARK_BROWSER_HOME:-/tmp/waymark-browser}"

if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium from Debian packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq chromium >&2
fi
mkdir -p "$HOME_DIR"
if [ ! -f "$HOME_DIR/axe-$AXE_VERSION.min.js" ]; then
    echo "Fetching axe-core $AXE_VERSION from the npm registry…" >&2
    curl -sfL -o "$HOME_DIR/axe.tgz" "https://registry.npmjs.org/axe-core/-/axe-core-$AXE_VERSION.tgz"
    actual=$(openssl dgst -sha512 -binary "$HOME_DIR/axe.tgz" | base64 -w0)
    if [ "$actual" != "$AXE_SHA512" ]; then
        echo "axe-core tarball does not match its published sha512" >&2
        exit 1
    fi
    tar -xzf "$HOME_DIR/axe.tgz" -C "$HOME_DIR" package/axe.min.js
    mv "$HOME_DIR/package/axe.min.js" "$HOME_DIR/axe-$AXE_VERSION.min.js"
    rm -rf "$HOME_DIR/package" "$HOME_DIR/axe.tgz"
fi
echo "WAYMARK_CHROMIUM=$(command -v chromium) WAYMARK_AXE_JS=$HOME_DIR/axe-$AXE_VERSION.min.js"

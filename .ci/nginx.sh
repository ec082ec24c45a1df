#!/usr/bin/env bash
# nginx from Debian's packages, for the tests that run deploy/nginx/ in front of gunicorn
# and for the load benchmarks. Installs it if missing.
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1; then
    echo "Installing nginx from Debian packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
echo "nginx is installed: $(nginx -v 2>&1)"

#!/usr/bin/env bash
# Install GNU gettext (xgettext, msgmerge) from Debian's packages if it is missing: Django's
# makemessages needs it to check and refresh the .po files. Safe to run again.
set -euo pipefail

if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgmerge >/dev/null 2>&1; then
    echo "Installing GNU gettext from Debian packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
fi

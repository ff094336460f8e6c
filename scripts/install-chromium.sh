#!/bin/sh
# Installs Debian's Chromium for the browser tests (test/browser), unless it is already there.
# Needs root (CI containers run as root) and the Debian package mirrors.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "Chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
echo "Installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"

#!/usr/bin/env bash
# Installs the Debian packages the platform's tests use, only when something is missing:
# the PostgreSQL server (tests start their own throwaway server), Chromium for the browser
# tests, a font with Chinese glyphs so pages render real characters, and a Java runtime for the
# Apache Spark screening engine.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present: postgresql, chromium, fonts-wqy-microhei, java"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${need[@]}" >/dev/null

#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian packages for the real components
# (OpenSSH sshd, Prometheus Alertmanager, git) and the npm dependencies. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
[ -x /usr/bin/prometheus-alertmanager ] || need_apt+=(prometheus-alertmanager)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "test setup: need ${need_apt[*]}; run as root or: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "test setup: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test setup: npm ci"
  npm ci --no-audit --no-fund
fi

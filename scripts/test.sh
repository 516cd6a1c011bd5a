#!/usr/bin/env bash
# Runs every test of the build, including the ones against a real Prometheus and node_exporter.
# Installs the Debian packages those tests need when they are missing (as root), or prints the
# command that does.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
[ -x /usr/bin/prometheus ] || packages+=(prometheus)
[ -x /usr/bin/prometheus-node-exporter ] || packages+=(prometheus-node-exporter)

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing ${packages[*]} for the integration tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "The integration tests need: sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi

exec mvn verify "$@"

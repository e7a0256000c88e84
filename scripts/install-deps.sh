#!/usr/bin/env bash
# Installs the Debian packages layerlab's build, tests and demo need, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
# Packages named as arguments are needed too (a benchmark's tools, say).
set -euo pipefail

packages=(pkg-config zlib1g-dev libgraphviz-dev graphviz tar gzip bc skopeo umoci busybox-static docker-registry apache2-utils python3 python3-jsonschema fonts-noto-cjk chromium chromium-driver python3-selenium docker.io "$@")

if ! command -v swift >/dev/null 2>&1; then
  echo "layerlab needs a Swift 6 toolchain (swift) on PATH: https://www.swift.org/install/" >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian/Ubuntu system; make sure these are installed: ${packages[*]}" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Missing packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

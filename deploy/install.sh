#!/usr/bin/env sh
# Installs dondoc into a virtual environment. The Dockerfile runs exactly this script, so the image's
# install steps can be checked on a machine without a Docker engine:
#   DONDOC_PREFIX=/tmp/dondoc-venv deploy/install.sh .
set -eu
src="${1:-/src}"
prefix="${DONDOC_PREFIX:-/opt/dondoc}"
python3 -m venv "$prefix"
"$prefix/bin/pip" install --no-cache-dir --quiet --upgrade pip
"$prefix/bin/pip" install --no-cache-dir --quiet "$src"
"$prefix/bin/dondoc" --help >/dev/null
echo "dondoc installed in $prefix"

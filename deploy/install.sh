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
# Programs outside Python that some notice formats need (Debian/Ubuntu packages).
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx vie \
    || echo "note: scanned notices and photos need: apt-get install tesseract-ocr tesseract-ocr-vie"
command -v soffice >/dev/null 2>&1 \
    || echo "note: .doc, .rtf and .odt notices need: apt-get install libreoffice-writer-nogui"

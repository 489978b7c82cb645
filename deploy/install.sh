#!/usr/bin/env sh
# Installs dondoc into a virtual environment. The Dockerfile runs exactly this script, so the image's
# install steps can be checked on a machine without a Docker engine:
#   DONDOC_PREFIX=/tmp/dondoc-venv deploy/install.sh .
# PYTHON picks the interpreter (default python3), e.g. PYTHON=python3.12 on a host whose python3 is older.
# Messages are Vietnamese like the rest of dondoc's operator output (this runs before dondoc exists,
# so they cannot come from its templates).
set -eu
src="${1:-/src}"
prefix="${DONDOC_PREFIX:-/opt/dondoc}"
python="${PYTHON:-python3}"

fail() {
    echo "$1" >&2
    exit 1
}

command -v "$python" >/dev/null 2>&1 \
    || fail "Không tìm thấy $python: dondoc cần Python 3.11 trở lên (Debian/Ubuntu: apt install python3 python3-venv), hoặc chỉ rõ trình thông dịch bằng PYTHON=/đường/dẫn/python3.11."
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    found="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || echo "?")"
    fail "dondoc cần Python 3.11 trở lên, nhưng $python là Python $found: hãy cài Python mới hơn rồi chạy lại với PYTHON=/đường/dẫn/python3.11 (hoặc mới hơn)."
fi
"$python" -c 'import venv, ensurepip' >/dev/null 2>&1 \
    || fail "$python không tạo được môi trường ảo (thiếu venv/ensurepip): hãy cài gói python3-venv (Debian/Ubuntu: apt install python3-venv) rồi chạy lại."

"$python" -m venv "$prefix"
"$prefix/bin/pip" install --no-cache-dir --quiet --upgrade pip
"$prefix/bin/pip" install --no-cache-dir --quiet "$src"
"$prefix/bin/dondoc" --version >/dev/null
echo "Đã cài dondoc vào $prefix."
# Programs outside Python that some notice formats need (Debian/Ubuntu packages).
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx vie \
    || echo "Lưu ý: để đọc bản quét và ảnh chụp cần cài thêm: apt-get install tesseract-ocr tesseract-ocr-vie" >&2
command -v soffice >/dev/null 2>&1 \
    || echo "Lưu ý: để đọc tệp .doc, .rtf, .odt cần cài thêm: apt-get install libreoffice-writer-nogui" >&2

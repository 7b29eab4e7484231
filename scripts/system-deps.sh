#!/usr/bin/env bash
# Installs the Debian packages the core needs (Pango for WeasyPrint, poppler-utils and qpdf for the PDF
# tests, SoftHSM2 for the PKCS#11 signing tests, node for the portal's JavaScript tests), only when something
# is missing. Needs root or sudo.
set -euo pipefail

missing=()
# read once: with pipefail, "ldconfig -p | grep -q" fails at random when grep stops reading early (SIGPIPE)
libraries=$(ldconfig -p)
grep -q 'libpango-1.0.so' <<<"$libraries" || missing+=(libpango-1.0-0)
grep -q 'libpangoft2-1.0.so' <<<"$libraries" || missing+=(libpangoft2-1.0-0)
grep -q 'libharfbuzz-subset.so' <<<"$libraries" || missing+=(libharfbuzz-subset0)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v softhsm2-util >/dev/null || missing+=(softhsm2)
command -v node >/dev/null || missing+=(nodejs)
command -v qpdf >/dev/null || missing+=(qpdf)
grep -q 'libffi.so' <<<"$libraries" || missing+=(libffi8)

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "system-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

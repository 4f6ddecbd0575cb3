#!/usr/bin/env bash
# check_elf_attributes.sh READELF ELF EXPECTED...: each EXPECTED line must appear in `readelf -A ELF`.
set -euo pipefail
readelf="$1"
elf="$2"
shift 2
attributes="$("$readelf" -A "$elf")"
status=0
for expected in "$@"; do
  if grep -qF -- "$expected" <<<"$attributes"; then
    echo "ok: $expected"
  else
    echo "MISSING: $expected"
    status=1
  fi
done
if ((status)); then
  echo "readelf -A $(basename "$elf"):"
  echo "$attributes"
fi
exit "$status"

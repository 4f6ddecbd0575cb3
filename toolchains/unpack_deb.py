"""Unpacks the data archive of a Debian package into a folder.

Used by the toolchain repository rules: a .deb is an `ar` archive whose data.tar.* member holds
the files. Reading it here needs only the Python standard library, so fetching a toolchain does not
depend on dpkg or binutils being installed on the host.
"""

import argparse
import io
import sys
import tarfile

_AR_MAGIC = b"!<arch>\n"
_AR_HEADER_SIZE = 60


def _ar_members(blob: bytes):
    """Yields (name, payload) for each member of an `ar` archive."""
    if not blob.startswith(_AR_MAGIC):
        raise ValueError("not a Debian package (no ar archive header)")
    offset = len(_AR_MAGIC)
    while offset + _AR_HEADER_SIZE <= len(blob):
        header = blob[offset : offset + _AR_HEADER_SIZE]
        name = header[0:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        start = offset + _AR_HEADER_SIZE
        yield name, blob[start : start + size]
        offset = start + size + (size % 2)  # members are 2-byte aligned


def unpack(deb_path: str, destination: str) -> None:
    with open(deb_path, "rb") as deb:
        blob = deb.read()
    for name, payload in _ar_members(blob):
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(payload), mode="r:*") as archive:
                archive.extractall(destination)
            return
    raise ValueError("no data.tar member in " + deb_path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("deb")
    parser.add_argument("destination")
    args = parser.parse_args()
    try:
        unpack(args.deb, args.destination)
    except (OSError, ValueError, tarfile.TarError) as error:
        print("cannot unpack %s: %s" % (args.deb, error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

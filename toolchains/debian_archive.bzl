"""Fetching pinned Debian packages inside repository rules.

Debian's archive is a package registry every supported machine reaches. Each package is named by
exact version and pool path and checked against its sha256 (so Bazel's repository cache keeps it
across checkouts); its files are unpacked with a Python-only .deb reader.
"""

DEBIAN_ARCHIVE_MIRRORS = ["https://deb.debian.org/debian/"]

def run_or_fail(rctx, args, what):
    result = rctx.execute(args, quiet = True)
    if result.return_code != 0:
        fail("armlet: %s failed: %s%s" % (what, result.stdout, result.stderr))

def _fetch_one(rctx, package, mirrors, unpack_deb):
    deb = "debs/%s.deb" % package.name
    urls = [mirror + package.path for mirror in mirrors]
    result = rctx.download(url = urls, output = deb, sha256 = package.sha256, allow_fail = True)
    if not result.success:
        fail((
            "armlet: could not fetch Debian package %s %s from %s, or its sha256 is not %s.\n" +
            "Fix: check that this machine reaches the Debian archive, or pass mirrors = [...] in " +
            "WORKSPACE; if the archive really changed, pin the new version and sha256 in %s."
        ) % (package.name, package.version, ", ".join(urls), package.sha256, rctx.attr._pins_file))
    run_or_fail(rctx, ["python3", rctx.path(unpack_deb), deb, "."], "unpacking " + package.name)

def fetch_debian_packages(rctx, packages, mirrors, unpack_deb):
    """Downloads, checks and unpacks `packages` (structs: name, version, path, sha256) here."""
    if rctx.os.name != "linux":
        fail("armlet: the pinned Debian packages run on x86_64 Linux only (this host: %s)." % rctx.os.name)
    for package in packages:
        rctx.report_progress("fetching %s %s" % (package.name, package.version))
        _fetch_one(rctx, package, mirrors, unpack_deb)
    rctx.delete("debs")

def _debian_packages_impl(rctx):
    packages = [
        struct(name = name, version = pin[0], path = pin[1], sha256 = pin[2])
        for name, pin in rctx.attr.packages.items()
    ]
    fetch_debian_packages(rctx, packages, rctx.attr.mirrors, rctx.attr._unpack_deb)
    rctx.symlink(rctx.attr.build_file, "BUILD.bazel")

debian_packages = repository_rule(
    implementation = _debian_packages_impl,
    doc = "A repository holding the unpacked files of pinned Debian packages, with a given BUILD file.",
    attrs = {
        "build_file": attr.label(mandatory = True, allow_single_file = True),
        "mirrors": attr.string_list(default = DEBIAN_ARCHIVE_MIRRORS),
        "packages": attr.string_list_dict(
            mandatory = True,
            doc = "package name -> [version, path in the archive's pool, sha256]",
        ),
        "_pins_file": attr.string(default = "WORKSPACE"),
        "_unpack_deb": attr.label(default = "//toolchains:unpack_deb.py"),
    },
)

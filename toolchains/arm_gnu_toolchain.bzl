"""Repository rule: the Arm GNU toolchain (arm-none-eabi GCC 12.2, binutils, newlib), fetched pinned.

By default it downloads Debian 12's packages of the toolchain by exact version from the Debian
archive (a package registry every supported machine reaches), checks each file's sha256, and
unpacks them inside the external repository. On hosts that are not x86_64 Debian-compatible, or to
use Arm's own build, set `url` and `sha256` to an Arm GNU Toolchain release archive
(arm-gnu-toolchain-<version>-<host>-arm-none-eabi.tar.xz); `strip_prefix` names its top folder.

Nothing from the host's own arm-none-eabi installation is used: every compile and link action gets
the toolchain files as inputs, so cache keys follow the toolchain.
"""

load(":cpus.bzl", "CPUS")
load(":debian_archive.bzl", "DEBIAN_ARCHIVE_MIRRORS", "fetch_debian_packages", "run_or_fail")

# Debian 12 (bookworm) packages. libstdc++ is left out on purpose: armlet links no C++ library,
# and its C++ headers come with libstdc++-arm-none-eabi-dev (1 MB instead of 300 MB).
DEBIAN_PACKAGES = [
    struct(
        name = "gcc-arm-none-eabi",
        version = "15:12.2.rel1-1",
        path = "pool/main/g/gcc-arm-none-eabi/gcc-arm-none-eabi_12.2.rel1-1_amd64.deb",
        sha256 = "2bbd4f4145e9a3669f58ddab6a3190b768949f07cc444d23e98743d905f83e16",
    ),
    struct(
        name = "binutils-arm-none-eabi",
        version = "2.40-2+18+b1",
        path = "pool/main/b/binutils-arm-none-eabi/binutils-arm-none-eabi_2.40-2+18+b1_amd64.deb",
        sha256 = "c8f9da2a434366bfe5a66a8267cb3b1df028f1d95278715050c222b43e1c221c",
    ),
    struct(
        name = "libnewlib-arm-none-eabi",
        version = "3.3.0-1.3+deb12u1",
        path = "pool/main/n/newlib/libnewlib-arm-none-eabi_3.3.0-1.3+deb12u1_all.deb",
        sha256 = "c80278e8332940eaf9738910258bb85b21c30aacf246a5e363fee230d3605e84",
    ),
    struct(
        name = "libnewlib-dev",
        version = "3.3.0-1.3+deb12u1",
        path = "pool/main/n/newlib/libnewlib-dev_3.3.0-1.3+deb12u1_all.deb",
        sha256 = "ab5e6e80d66a6f2f8b9b22b9297154a676a5434ac82e48b88e8164548bc72115",
    ),
    struct(
        name = "libstdc++-arm-none-eabi-dev",
        version = "15:12.2.rel1-1+23",
        path = "pool/main/libs/libstdc++-arm-none-eabi/libstdc++-arm-none-eabi-dev_12.2.rel1-1+23_all.deb",
        sha256 = "5f643e7507bd84150e820602cc086393c441e28f158b745370b2105333d9e2ec",
    ),
]

def _fetch_debian(rctx):
    if rctx.os.name != "linux":
        fail("armlet: the pinned Debian toolchain packages run on x86_64 Linux only; set url/sha256 " +
             "of an Arm GNU Toolchain release for this host in WORKSPACE.")
    fetch_debian_packages(rctx, DEBIAN_PACKAGES, rctx.attr.mirrors, rctx.attr._unpack_deb)

    # Debian's maintainer scripts would link newlib into GCC's search path with
    # update-alternatives; here the folders are moved to where GCC looks, so the tree is relocatable.
    run_or_fail(rctx, ["mv", "usr/include/newlib", "usr/lib/arm-none-eabi/include"], "placing newlib headers")
    run_or_fail(rctx, ["mv", "usr/lib/arm-none-eabi/newlib", "usr/lib/arm-none-eabi/lib"], "placing newlib")
    return struct(prefix = "usr/", target = "usr/lib/arm-none-eabi")

def _fetch_release(rctx):
    rctx.download_and_extract(
        url = rctx.attr.url,
        sha256 = rctx.attr.sha256,
        stripPrefix = rctx.attr.strip_prefix,
    )
    return struct(prefix = "", target = "arm-none-eabi")

def _gcc_version(rctx, layout):
    versions = rctx.path(layout.prefix + "lib/gcc/arm-none-eabi").readdir()
    if len(versions) != 1:
        fail("armlet: expected one GCC version under lib/gcc/arm-none-eabi, found %s" % versions)
    return versions[0].basename

def _multilibs(rctx, layout):
    """Asks GCC which multilib folder each CPU's flags select (its own multilib map decides)."""
    gcc = rctx.path(layout.prefix + "bin/arm-none-eabi-gcc")
    chosen = {}
    for cpu, info in CPUS.items():
        result = rctx.execute([gcc] + info.flags + ["-print-multi-directory"])
        if result.return_code != 0:
            fail("armlet: %s cannot select a multilib for %s: %s" % (gcc, cpu, result.stderr))
        chosen[cpu] = result.stdout.strip()
    return chosen

def _keep_only_used_multilibs(rctx, layout, gcc_lib, multilibs):
    """Deletes multilibs no configured CPU links against: fewer files, faster sandboxed actions."""
    used = {name: True for name in multilibs.values()}
    for root in [gcc_lib, layout.target + "/lib"]:
        rctx.delete(root + "/arm")
        thumb = rctx.path(root + "/thumb")
        for arch in thumb.readdir():
            prefix = "thumb/%s/" % arch.basename
            if not [name for name in used if name.startswith(prefix)]:
                rctx.delete(arch)
                continue
            for abi in arch.readdir():
                if prefix + abi.basename not in used:
                    rctx.delete(abi)

def _arm_gnu_toolchain_impl(rctx):
    layout = _fetch_release(rctx) if rctx.attr.url else _fetch_debian(rctx)
    version = _gcc_version(rctx, layout)
    gcc_lib = layout.prefix + "lib/gcc/arm-none-eabi/" + version
    multilibs = _multilibs(rctx, layout)
    _keep_only_used_multilibs(rctx, layout, gcc_lib, multilibs)
    rctx.delete(layout.prefix + "share")
    rctx.template("BUILD.bazel", rctx.attr._build_template, {
        "{PREFIX}": layout.prefix,
        "{TARGET}": layout.target,
        "{GCC_LIB}": gcc_lib,
        "{REPO}": rctx.name,
        "{MULTILIBS}": repr(multilibs),
    })

arm_gnu_toolchain = repository_rule(
    implementation = _arm_gnu_toolchain_impl,
    attrs = {
        "mirrors": attr.string_list(default = DEBIAN_ARCHIVE_MIRRORS),
        "sha256": attr.string(doc = "sha256 of the Arm release archive named by url"),
        "strip_prefix": attr.string(doc = "top folder inside the Arm release archive"),
        "url": attr.string_list(doc = "Arm GNU Toolchain release archive; overrides the Debian packages"),
        "_pins_file": attr.string(default = "toolchains/arm_gnu_toolchain.bzl"),
        "_build_template": attr.label(default = "//toolchains:arm_gnu_toolchain.BUILD.tpl"),
        "_unpack_deb": attr.label(default = "//toolchains:unpack_deb.py"),
    },
)

"""`armlet_py_package`: a py_library importable under its package name, whatever its folder.

armlet's Python sources live in `python/` (the project's layout) but import as `armlet`: this macro
copies them under `armlet/` in the output tree, next to nothing else, and adds that folder's parent
to the import path. pyproject.toml does the same mapping for `pip install -e .`.
"""

load("@rules_python//python:defs.bzl", "py_library")

def armlet_py_package(name, package, srcs, data = [], deps = [], visibility = None):
    files = srcs + data
    staged = ["%s/%s" % (package, f) for f in files]
    native.genrule(
        name = name + "_staged",
        srcs = files,
        outs = staged,
        cmd = " && ".join([
            "cp $(location %s) $(location %s)" % (src, out)
            for src, out in zip(files, staged)
        ]),
        visibility = ["//visibility:private"],
    )
    py_library(
        name = name,
        srcs = [s for s in staged if s.endswith(".py")],
        data = [s for s in staged if not s.endswith(".py")],
        imports = ["."],
        deps = deps,
        visibility = visibility,
    )

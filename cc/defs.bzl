"""`armlet_firmware`: a runner ELF with a model's program and inputs linked in (what a user flashes)."""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library")
load("//toolchains:cpu_transition.bzl", "cortex_m_binary")

def armlet_firmware(name, pte, inputs, cpu, **kwargs):
    """NAME.elf: //cc:runner for `cpu` with `pte` and `inputs` (a tensor bundle) embedded.

    The firmware needs no host: it runs the embedded program on the embedded inputs and prints the
    outputs and the profile. NAME_binary is the same program for whatever platform is configured.
    """
    native.genrule(
        name = name + "_embedded_files_cc",
        srcs = [pte, inputs],
        outs = [name + "_embedded_files.cc"],
        cmd = "python3 $(execpath //cc/runner:embed_files.py) $@ " +
              "model.pte=$(execpath %s) inputs.bundle=$(execpath %s)" % (pte, inputs),
        tools = ["//cc/runner:embed_files.py"],
        message = "Embedding %s into firmware %s" % (pte, name),
    )
    cc_library(
        name = name + "_embedded_files",
        srcs = [name + "_embedded_files.cc"],
        deps = ["//cc/runner:runner_main"],
        alwayslink = True,
    )
    cc_binary(
        name = name + "_binary",
        deps = [
            ":" + name + "_embedded_files",
            "//cc/runner:runner_main",
        ],
        **kwargs
    )
    cortex_m_binary(name = name, binary = ":" + name + "_binary", cpu = cpu, **kwargs)

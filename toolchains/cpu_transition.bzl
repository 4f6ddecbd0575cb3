"""`cortex_m_binary`: one cc_binary built for a chosen Cortex-M CPU, inside any build.

A plain `bazel test //tests/...` runs simulator tests for every CPU in one invocation, so each test
needs its firmware built for its own platform whatever --platforms says: this rule switches the
platform for its `binary` dependency and forwards the ELF under its own name.
"""

load(":cpus.bzl", "CPUS")

def _to_cpu_platform_impl(settings, attr):
    return {"//command_line_option:platforms": "//toolchains/platforms:" + attr.cpu}

_to_cpu_platform = transition(
    implementation = _to_cpu_platform_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

def _cortex_m_binary_impl(ctx):
    elf = ctx.files.binary[0]
    out = ctx.actions.declare_file(ctx.label.name + ".elf")
    ctx.actions.symlink(output = out, target_file = elf)
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

cortex_m_binary = rule(
    implementation = _cortex_m_binary_impl,
    doc = "The ELF of `binary` (a cc_binary) built for the platform of `cpu`.",
    attrs = {
        "binary": attr.label(mandatory = True, cfg = _to_cpu_platform),
        "cpu": attr.string(mandatory = True, values = CPUS.keys()),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

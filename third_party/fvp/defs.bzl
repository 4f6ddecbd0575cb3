"""`simulator_test`: run a cc_binary for one Cortex-M CPU on that CPU's simulated board as a test."""

load("//toolchains:cpu_transition.bzl", "cortex_m_binary")

def simulator_test(name, cpu, binary, args = [], data = [], tags = [], **kwargs):
    """Builds `binary` for `cpu`, runs it on the board of `cpu` (QEMU, or an FVP where installed).

    The test passes when the program exits with status 0. It is tagged with the CPU name, so
    `--test_tag_filters=cortex_m4` picks one CPU, and with "simulator".
    """
    elf = name + "_elf"
    cortex_m_binary(name = elf, binary = binary, cpu = cpu, testonly = True)
    native.sh_test(
        name = name,
        srcs = ["//third_party/fvp:run_on_simulator.sh"],
        args = [cpu, "$(rootpath :%s)" % elf] + args,
        data = [":" + elf] + data,
        tags = [cpu, "simulator"] + tags,
        **kwargs
    )

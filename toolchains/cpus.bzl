"""The Cortex-M CPUs armlet targets: one table read by platforms, toolchains, configs and tests.

Each entry gives the GCC 12.2 flags for the CPU (GCC 12 has no -mcpu=cortex-m85, hence -march),
the ISA features the kernels may use, and the QEMU
board that models the CPU ("" where QEMU 7.2 has none: those CPUs are build-only).
"""

CPUS = {
    "cortex_m0plus": struct(
        flags = ["-mcpu=cortex-m0plus", "-mfloat-abi=soft"],
        dsp = False,
        mve = False,
        fpu = "none",
        board = "",
    ),
    "cortex_m3": struct(
        flags = ["-mcpu=cortex-m3", "-mfloat-abi=soft"],
        dsp = False,
        mve = False,
        fpu = "none",
        board = "mps2-an385",
    ),
    "cortex_m4": struct(
        flags = ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"],
        dsp = True,
        mve = False,
        fpu = "sp",
        board = "mps2-an386",
    ),
    "cortex_m7": struct(
        flags = ["-mcpu=cortex-m7", "-mfpu=fpv5-d16", "-mfloat-abi=hard"],
        dsp = True,
        mve = False,
        fpu = "dp",
        board = "mps2-an500",
    ),
    "cortex_m33": struct(
        flags = ["-mcpu=cortex-m33", "-mfpu=fpv5-sp-d16", "-mfloat-abi=hard"],
        dsp = True,
        mve = False,
        fpu = "sp",
        board = "mps2-an505",
    ),
    "cortex_m55": struct(
        flags = ["-mcpu=cortex-m55", "-mfloat-abi=hard"],
        dsp = True,
        mve = True,
        fpu = "dp",
        board = "mps3-an547",
    ),
    "cortex_m85": struct(
        flags = ["-march=armv8.1-m.main+mve.fp+fp.dp", "-mfloat-abi=hard"],
        dsp = True,
        mve = True,
        fpu = "dp",
        board = "",
    ),
}

# CPUs that a QEMU board simulates: every simulator test runs on each of these.
SIMULATED_CPUS = [cpu for cpu, info in CPUS.items() if info.board]

# CPUs that are compiled and checked but have no simulator here.
BUILD_ONLY_CPUS = [cpu for cpu, info in CPUS.items() if not info.board]

def cpu_constraints(cpu):
    """Constraint values that describe `cpu` on a platform."""
    info = CPUS[cpu]
    return [
        "@platforms//os:none",
        "@platforms//cpu:arm",
        "//toolchains/cpu:" + cpu,
        "//toolchains/cpu:dsp" if info.dsp else "//toolchains/cpu:no_dsp",
        "//toolchains/cpu:mve" if info.mve else "//toolchains/cpu:no_mve",
        "//toolchains/cpu:fpu_" + info.fpu,
    ]

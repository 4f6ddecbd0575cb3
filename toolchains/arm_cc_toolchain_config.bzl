"""cc_toolchain_config for the bare-metal Arm GNU toolchain, one per Cortex-M CPU.

The tools live in the external repository made by arm_gnu_toolchain(); every path here is relative
to that repository, so no machine path reaches an action's command line.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)
load(":cpus.bzl", "CPUS")

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
]

_CXX_ACTIONS = [
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

# Flags every target compile gets. Why each one:
# - sections + --gc-sections keep only the kernels a firmware really calls;
# - no exceptions/RTTI/thread-safe statics: the runtime is written without them (house rules);
# - -ffp-contract=off: no fused multiply-add, so float quantize/dequantize match the Python golden;
# - the redacted date macros and -no-canonical-prefixes keep outputs reproducible.
_COMMON_COMPILE_FLAGS = [
    "-ffunction-sections",
    "-fdata-sections",
    "-ffp-contract=off",
    "-fno-common",
    "-Wall",
    "-Wextra",
    "-no-canonical-prefixes",
    "-fno-canonical-system-headers",
    "-Wno-builtin-macro-redefined",
    "-D__DATE__=\"redacted\"",
    "-D__TIMESTAMP__=\"redacted\"",
    "-D__TIME__=\"redacted\"",
]

_CXX_FLAGS = [
    "-std=c++17",
    "-fno-exceptions",
    "-fno-rtti",
    "-fno-threadsafe-statics",
    "-fno-use-cxa-atexit",
]

# Startup code comes from //cc/boards, the C library is newlib-nano, and nothing from libstdc++ is
# linked: the C++ in armlet needs only headers.
_LINK_FLAGS = [
    "-nostartfiles",
    "--specs=nano.specs",
    "-Wl,--gc-sections",
    "-no-canonical-prefixes",
]

def _flags_feature(name, actions, flags, enabled = True, requires = None):
    return feature(
        name = name,
        enabled = enabled,
        flag_sets = [flag_set(
            actions = actions,
            flag_groups = [flag_group(flags = flags)],
            with_features = requires or [],
        )],
    )

def _impl(ctx):
    cpu = CPUS[ctx.attr.cpu]
    prefix = ctx.attr.tool_prefix
    tools = ["ar", "cpp", "gcc", "gcov", "ld", "nm", "objcopy", "objdump", "strip"]
    tool_paths = [tool_path(name = tool, path = prefix + tool) for tool in tools]
    features = [
        _flags_feature("cpu_flags", _COMPILE_ACTIONS + _LINK_ACTIONS, cpu.flags),
        _flags_feature("armlet_compile_flags", _COMPILE_ACTIONS, _COMMON_COMPILE_FLAGS),
        _flags_feature("armlet_cxx_flags", _CXX_ACTIONS, _CXX_FLAGS),
        _flags_feature("armlet_link_flags", _LINK_ACTIONS, _LINK_FLAGS),
        feature(name = "opt"),
        feature(name = "dbg"),
        feature(name = "fastbuild"),
        feature(
            name = "armlet_optimization",
            enabled = True,
            flag_sets = [
                flag_set(
                    actions = _COMPILE_ACTIONS,
                    flag_groups = [flag_group(flags = ["-O2"])],
                    with_features = [with_feature_set(not_features = ["dbg"])],
                ),
                flag_set(
                    actions = _COMPILE_ACTIONS,
                    flag_groups = [flag_group(flags = ["-Og", "-g"])],
                    with_features = [with_feature_set(features = ["dbg"])],
                ),
            ],
        ),
        feature(name = "supports_pic", enabled = False),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        toolchain_identifier = "arm-none-eabi-" + ctx.attr.cpu,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = "arm-none-eabi",
        target_cpu = ctx.attr.cpu,
        target_libc = "newlib",
        compiler = "gcc",
        abi_version = "eabi",
        abi_libc_version = "newlib",
        tool_paths = tool_paths,
        features = features,
        cxx_builtin_include_directories = ctx.attr.builtin_include_directories,
    )

arm_cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "builtin_include_directories": attr.string_list(mandatory = True),
        "cpu": attr.string(mandatory = True, values = CPUS.keys()),
        "tool_prefix": attr.string(mandatory = True),
    },
    provides = [CcToolchainConfigInfo],
)

"""The board each Cortex-M CPU runs on, and the select()s that pick it in cc/boards/BUILD.bazel.

A board is a source file with its names and SysTick clock (arm/boards/<board>.cc) plus a linker
layout (arm/layout/<board>.ld, used together with arm/layout/sections.ld). The CPU comes from the
`//toolchains/cpu:is_<cpu>` config settings; any other platform is the host.
"""

# CPU config name -> board file stem.
BOARDS = {
    "cortex_m0plus": "mps2_an383",  # build only: no QEMU model
    "cortex_m3": "mps2_an385",
    "cortex_m4": "mps2_an386",
    "cortex_m7": "mps2_an500",
    "cortex_m33": "mps2_an505",
    "cortex_m55": "mps3_an547",
    "cortex_m85": "corstone_310",  # build only: no QEMU model
}

_SECTIONS = "arm/layout/sections.ld"

def _layout(board):
    return "arm/layout/%s.ld" % board

def _select(values_by_board, host):
    branches = [
        ("//toolchains/cpu:is_" + cpu, values_by_board[board])
        for cpu, board in BOARDS.items()
    ]
    return select(dict(branches + [("//conditions:default", host)]))

def board_sources(arm_sources, host_sources):
    """Sources: `arm_sources` plus the board's own file on a Cortex-M CPU, else `host_sources`."""
    return _select(
        {board: arm_sources + ["arm/boards/%s.cc" % board] for board in BOARDS.values()},
        host_sources,
    )

def board_linker_scripts():
    """The board's linker layout and the shared section layout, in link order (none on the host)."""
    return _select({board: [_layout(board), _SECTIONS] for board in BOARDS.values()}, [])

def board_linkopts():
    """-T for each linker script of board_linker_scripts() (which must be in deps)."""
    return _select(
        {
            board: ["-T $(location %s)" % script for script in [_layout(board), _SECTIONS]]
            for board in BOARDS.values()
        },
        [],
    )

#!/usr/bin/env bash
# Runs a bare-metal armlet ELF on the simulated board of its CPU and exits with the program's
# exit status.
#
#   run_on_simulator.sh CPU ELF [ARG...]
#
# CPU is a config name (cortex_m0plus, cortex_m3, cortex_m4, cortex_m7, cortex_m33, cortex_m55,
# cortex_m85). The program sees ARG... as argv[1...] (argv[0] is the ELF's file name) and reads
# and writes files relative to the current directory through semihosting.
#
# Simulators:
#   QEMU (Debian's qemu-system-arm 7.2), one board per CPU:
#       cortex_m3 -> mps2-an385, cortex_m4 -> mps2-an386, cortex_m7 -> mps2-an500,
#       cortex_m33 -> mps2-an505, cortex_m55 -> mps3-an547.
#     Run with -icount shift=5: every instruction advances the virtual clock by 2^5 ns, so runs are
#     repeatable and the program's SysTick-based instruction count (cc/boards) is exact. The shift
#     is also compiled into cc/boards/arm/instruction_counter.h: change both together.
#   Arm FVPs, where installed (never required): cortex_m55 uses a Corstone-300 FVP
#     (FVP_Corstone_SSE-300_Ethos-U55 / -U65 on PATH), cortex_m85 a Corstone-310 FVP
#     (FVP_Corstone_SSE-310 / _Ethos-U65 on PATH), and any CPU uses the FVP named by ARMLET_FVP.
#     The FVP runs with semihosting on (cpu0.semihosting-enable, cpu0.semihosting-cmd_line),
#     visualisation and telnet terminals off. Because an FVP does not pass the program's status
#     on as its own, the status is read from the "[armlet] exit status N" line that the board's
#     exit() prints last. This path is untested here: no FVP can be installed on this machine.
#   cortex_m0plus and cortex_m85 have no QEMU board: without an FVP they are build-only.
#
# Environment:
#   ARMLET_SIMULATOR=auto|qemu|fvp  auto (default): an FVP where one is found, else QEMU.
#   ARMLET_FVP=PATH                 the FVP executable to use.
#   ARMLET_FVP_OPTIONS="..."        extra FVP command-line options (word-split).
#   ARMLET_QEMU=PATH                the qemu-system-arm to use (default: the one on PATH).
#   ARMLET_ALLOW_ANY_QEMU=1         accept a QEMU other than 7.2.x (boards, clocks and the
#                                   instruction calibration were verified on 7.2 only).
#   ARMLET_SIM_TIMEOUT=SECONDS      kill a run that takes longer (default 240): a hung program
#                                   fails instead of blocking the test run.
set -euo pipefail

readonly kScript="run_on_simulator.sh"
readonly kIcountShift=5
readonly kExpectedQemu="7.2"
readonly kCpus="cortex_m0plus, cortex_m3, cortex_m4, cortex_m7, cortex_m33, cortex_m55, cortex_m85"

die() {
  echo "${kScript}: $*" >&2
  exit 2
}

usage() {
  die "usage: ${kScript} [--from-working-directory] CPU ELF [ARG...]  (CPU: ${kCpus})"
}

qemu_board_for() {
  case "$1" in
    cortex_m3) echo "mps2-an385" ;;
    cortex_m4) echo "mps2-an386" ;;
    cortex_m7) echo "mps2-an500" ;;
    cortex_m33) echo "mps2-an505" ;;
    cortex_m55) echo "mps3-an547" ;;
    cortex_m0plus | cortex_m85) echo "" ;;
    *) die "unknown CPU '$1' (known: ${kCpus})" ;;
  esac
}

# Prints the FVP to use for this CPU, or nothing.
find_fvp() {
  local cpu="$1" candidate
  if [[ -n "${ARMLET_FVP:-}" ]]; then
    command -v "${ARMLET_FVP}" >/dev/null 2>&1 ||
      die "ARMLET_FVP=${ARMLET_FVP} is not an executable"
    command -v "${ARMLET_FVP}"
    return
  fi
  local candidates=()
  case "${cpu}" in
    cortex_m55)
      candidates=(FVP_Corstone_SSE-300_Ethos-U55 FVP_Corstone_SSE-300_Ethos-U65 FVP_Corstone_SSE-300)
      ;;
    cortex_m85)
      candidates=(FVP_Corstone_SSE-310 FVP_Corstone_SSE-310_Ethos-U65)
      ;;
  esac
  for candidate in "${candidates[@]}"; do
    if command -v "${candidate}" >/dev/null 2>&1; then
      command -v "${candidate}"
      return
    fi
  done
}

timeout_seconds() {
  local seconds="${ARMLET_SIM_TIMEOUT:-240}"
  [[ "${seconds}" =~ ^[0-9]+$ ]] ||
    die "ARMLET_SIM_TIMEOUT must be a number of seconds, got '${seconds}'"
  echo "${seconds}"
}

# Runs "$@" under the time limit; turns a timeout into a clear message and status 124.
run_with_timeout() {
  local seconds status=0
  seconds="$(timeout_seconds)"
  timeout --kill-after=10 "${seconds}" "$@" </dev/null || status=$?
  if [[ ${status} -eq 124 || ${status} -eq 137 ]]; then
    echo "${kScript}: ${CPU} program timed out after ${seconds} s" \
      "(a hang? raise ARMLET_SIM_TIMEOUT if it is just slow)" >&2
    return 124
  fi
  return "${status}"
}

check_qemu() {
  local qemu="$1" version
  if ! command -v "${qemu}" >/dev/null 2>&1; then
    die "qemu-system-arm not found: install the Debian package qemu-system-arm" \
      "(sudo apt-get install qemu-system-arm)"
  fi
  version="$("${qemu}" --version | sed -n 's/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p' | head -n 1)"
  if [[ "${version}" != "${kExpectedQemu}" && "${version}" != "${kExpectedQemu}".* ]]; then
    if [[ "${ARMLET_ALLOW_ANY_QEMU:-}" != "1" ]]; then
      die "found qemu-system-arm ${version:-of unknown version}, expected ${kExpectedQemu}.x" \
        "(Debian 12's qemu-system-arm); set ARMLET_ALLOW_ANY_QEMU=1 to use it anyway"
    fi
  fi
}

# Semihosting hands the program one space-separated command line: an argument cannot be empty or
# hold a space.
check_argument() {
  [[ -n "$1" ]] || die "empty argument: semihosting passes arguments as one space-separated line"
  [[ "$1" != *" "* ]] ||
    die "argument '$1' contains a space: semihosting passes arguments as one space-separated line"
}

run_qemu() {
  local board="$1" elf="$2" program_name
  shift 2
  local qemu="${ARMLET_QEMU:-qemu-system-arm}"
  check_qemu "${qemu}"
  # Semihosting arguments: argv[0] is the ELF's name. QEMU's option syntax needs commas doubled.
  program_name="$(basename "${elf}")"
  local semihosting="enable=on,target=native,arg=${program_name//,/,,}" argument
  for argument in "$@"; do
    check_argument "${argument}"
    semihosting+=",arg=${argument//,/,,}"
  done
  run_with_timeout "${qemu}" -M "${board}" -nographic \
    -semihosting-config "${semihosting}" \
    -icount "shift=${kIcountShift}" \
    -kernel "${elf}"
}

run_fvp() {
  local fvp="$1" elf="$2" output status=0 exit_line
  shift 2
  local argument command_line
  command_line="$(basename "${elf}")"
  for argument in "$@"; do
    check_argument "${argument}"
    command_line+=" ${argument}"
  done
  local options=(-C cpu0.semihosting-enable=1 -C "cpu0.semihosting-cmd_line=${command_line}")
  case "$(basename "${fvp}")" in
    FVP_Corstone_SSE-3*)
      options+=(
        -C mps3_board.visualisation.disable-visualisation=1
        -C mps3_board.telnetterminal0.start_telnet=0
        -C mps3_board.telnetterminal1.start_telnet=0
        -C mps3_board.telnetterminal2.start_telnet=0
        -C mps3_board.telnetterminal5.start_telnet=0
      )
      ;;
  esac
  # shellcheck disable=SC2206  # word splitting of user options is intended
  options+=(${ARMLET_FVP_OPTIONS:-})
  output="$(mktemp "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/armlet_fvp.XXXXXX")"
  run_with_timeout "${fvp}" "${options[@]}" -a "${elf}" > >(tee "${output}") || status=$?
  wait
  exit_line="$(grep -a '^\[armlet\] exit status ' "${output}" | tail -n 1 || true)"
  rm -f "${output}"
  if [[ ${status} -ne 0 ]]; then
    return "${status}"
  fi
  if [[ -z "${exit_line}" ]]; then
    echo "${kScript}: the FVP stopped without the program's exit status line" >&2
    return 1
  fi
  status="${exit_line#\[armlet\] exit status }"
  [[ "${status}" =~ ^-?[0-9]+$ ]] || status=1
  return $((status & 255))
}

# --from-working-directory: file arguments are relative to where `bazel run` was started (the
# `bazel run //cc:runner --config=cortex_m55 -- model.pte in out` case, set up in .bazelrc).
FROM_WORKING_DIRECTORY=0
if [[ "${1:-}" == "--from-working-directory" ]]; then
  FROM_WORKING_DIRECTORY=1
  shift
fi
[[ $# -ge 2 ]] || usage
CPU="$1"
ELF="$2"
shift 2
BOARD="$(qemu_board_for "${CPU}")"
[[ -f "${ELF}" ]] || die "no such ELF: ${ELF}"

# Semihosting opens files relative to the simulator's directory.
if ((FROM_WORKING_DIRECTORY)) && [[ -n "${BUILD_WORKING_DIRECTORY:-}" ]]; then
  ELF="$(cd "$(dirname "${ELF}")" && pwd)/$(basename "${ELF}")"
  cd "${BUILD_WORKING_DIRECTORY}"
fi

SIMULATOR="${ARMLET_SIMULATOR:-auto}"
case "${SIMULATOR}" in
  auto | qemu | fvp) ;;
  *) die "ARMLET_SIMULATOR must be auto, qemu or fvp, got '${SIMULATOR}'" ;;
esac

FVP=""
if [[ "${SIMULATOR}" != "qemu" ]]; then
  FVP="$(find_fvp "${CPU}")"
fi
if [[ "${SIMULATOR}" == "fvp" && -z "${FVP}" ]]; then
  die "ARMLET_SIMULATOR=fvp but no FVP found for ${CPU}: put one on PATH or name it with" \
    "ARMLET_FVP"
fi

if [[ -n "${FVP}" ]]; then
  run_fvp "${FVP}" "${ELF}" "$@"
elif [[ -n "${BOARD}" ]]; then
  run_qemu "${BOARD}" "${ELF}" "$@"
else
  die "no QEMU board models ${CPU}: its builds are build-only here" \
    "(to run it, install an Arm FVP for it and name it with ARMLET_FVP)"
fi

// The platform API: everything a program (the runner, the self-check, the examples) needs from
// the board it runs on, with no stdio, no heap and no exceptions.
//
// Two implementations exist behind this one header:
//   - cc/boards/arm/:  bare-metal Cortex-M (startup, semihosting, SysTick/DWT counting), one
//                      linker layout per board (see cc/boards/README.md);
//   - cc/boards/host/: POSIX stdio, so the same program also runs (and is unit tested) on the host.
//
// Program entry: both implementations call the ordinary `int main(int argc, char** argv)`. On a
// board, argv comes from the semihosting command line (split at spaces) and main's return value
// becomes the simulator's exit status (board::exit), so a program needs no board-specific code.
#ifndef ARMLET_CC_BOARDS_PLATFORM_H_
#define ARMLET_CC_BOARDS_PLATFORM_H_

#include <cstdint>

namespace armlet::board {

// "cortex-m55", "cortex-m4", ... on a board; "host" on the host.
const char* cpu_name();
// "mps3-an547", "mps2-an386", ... on a board; "host" on the host.
const char* board_name();
// What the code was compiled for, as space-separated tokens in a fixed order: the architecture
// ("armv8.1-m.main", "armv7e-m", ...), then "mve" / "mve.fp" / "dsp" when present, then the FPU
// ("fp.sp", "fp.dp" or "nofp") and the float ABI ("hard" or "soft"); "host x86_64" on the host.
const char* isa_features();

// Writes `text` (NUL terminated) to the console as is: no newline is added.
void console_write(const char* text);
// Writes |value| in decimal: the one number formatter the board programs share (no stdio).
void console_write_decimal(uint64_t value);

// Files on the host side (semihosting on a board, relative to the simulator's working
// directory). All return -1 on failure.
//   file_open: opens for binary reading, or (write) creates/truncates for binary writing; returns
//              a handle >= 0.
//   file_read: reads up to n bytes; returns the bytes read (0 at end of file).
//   file_write: writes n bytes; returns the bytes written (n unless an error happened).
//   file_size: the file's length in bytes.
int32_t file_open(const char* path, bool write);
int32_t file_read(int32_t fd, void* buf, uint32_t n);
int32_t file_write(int32_t fd, const void* buf, uint32_t n);
int32_t file_size(int32_t fd);
void file_close(int32_t fd);

// Copies the arguments after the program name, separated by single spaces, NUL terminated, into
// buf. Returns 0 on success, -1 if they are unavailable or do not fit in n bytes.
int32_t command_line(char* buf, uint32_t n);

// A monotonic count for measuring code. On QEMU (run with -icount, see third_party/fvp/) it is
// the number of instructions executed, derived from SysTick; on an FVP it is the DWT cycle
// counter; on the host it is nanoseconds from a monotonic clock. Differences of two calls are
// what matter; the counts are deterministic on QEMU.
uint64_t instruction_count();
// Which source instruction_count() uses: "qemu-icount" (SysTick under -icount), "dwt-cycles",
// or "host-ns".
const char* instruction_count_source();

// Ends the program with `status` (0 = success). On a board the simulator exits with it.
[[noreturn]] void exit(int32_t status);

// A block of RAM that the program may use as it likes (carve the .pte buffer, arenas and
// bundles out of it; there is no allocator). On a board it is the part of the board's large
// RAM region that the linker layout left free; its size is board dependent (at least 1 MiB on
// every board, see cc/boards/README.md), so a program should size its buffers from it at run
// time. Every call returns the same block. 16-byte aligned.
struct MemoryBlock {
  uint8_t* data;
  uint32_t size;
};
MemoryBlock large_memory();

}  // namespace armlet::board

#endif  // ARMLET_CC_BOARDS_PLATFORM_H_

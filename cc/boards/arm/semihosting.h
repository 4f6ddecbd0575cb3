// Arm semihosting, the few calls armlet uses. A semihosting call on M-profile is `BKPT 0xAB` with
// the operation number in r0 and a pointer to an argument block in r1; the simulator (QEMU with
// -semihosting-config enable=on, or an FVP with cpu0.semihosting-enable=1) performs it on the
// host and returns the result in r0. Operation numbers and argument blocks follow Arm's
// "Semihosting for AArch32 and AArch64" specification.
#ifndef ARMLET_CC_BOARDS_ARM_SEMIHOSTING_H_
#define ARMLET_CC_BOARDS_ARM_SEMIHOSTING_H_

#include <cstdint>

namespace armlet::board::semihosting {

enum class Op : uint32_t {
  kOpen = 0x01,
  kClose = 0x02,
  kWrite0 = 0x04,
  kWrite = 0x05,
  kRead = 0x06,
  kFlen = 0x0C,
  kGetCmdline = 0x15,
  kExit = 0x18,
  kExitExtended = 0x20,
};

// SYS_OPEN modes (ISO C fopen modes by index).
enum class OpenMode : uint32_t { kReadBinary = 1, kWrite = 4, kWriteBinary = 5, kAppend = 8 };

// Performs one call; returns r0.
int32_t call(Op op, const void* argument_block);

// Returns a handle (>= 0) or -1. ":tt" names the console (read it with kReadBinary, write to it
// with kWrite; kAppend gives stderr where the host supports it).
int32_t open(const char* path, OpenMode mode);
int32_t close(int32_t handle);
// Writes a NUL-terminated string to the debug console.
void write0(const char* text);
// Both return the number of bytes NOT transferred (0 = all of them), or a negative value.
int32_t write(int32_t handle, const void* data, uint32_t size);
int32_t read(int32_t handle, void* data, uint32_t size);
// The file's length, or -1.
int32_t file_length(int32_t handle);
// Copies the whole command line ("program arg1 arg2 ...") NUL terminated into buf; returns its
// length, or -1 when unavailable or longer than size - 1.
int32_t command_line(char* buf, uint32_t size);
// Ends the simulation with `status`. Uses SYS_EXIT_EXTENDED when the host reports it in
// ":semihosting-features" (then the simulator exits with exactly `status`); otherwise falls back
// to SYS_EXIT, which can only say success (0) or failure (nonzero becomes 1 on QEMU).
[[noreturn]] void exit(int32_t status);

}  // namespace armlet::board::semihosting

#endif  // ARMLET_CC_BOARDS_ARM_SEMIHOSTING_H_

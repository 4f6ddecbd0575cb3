#include "cc/boards/arm/semihosting.h"

#include <cstring>

namespace armlet::board::semihosting {
namespace {

// Reason codes of SYS_EXIT (ADP_Stopped_*).
constexpr uint32_t kApplicationExit = 0x20026;
constexpr uint32_t kRunTimeErrorUnknown = 0x20023;

// ":semihosting-features" starts with this magic, then one feature byte whose bit 0 says
// SYS_EXIT_EXTENDED is supported.
constexpr char kFeatureMagic[4] = {'S', 'H', 'F', 'B'};
constexpr uint8_t kFeatureExitExtended = 0x01;

bool host_has_exit_extended() {
  const int32_t handle = open(":semihosting-features", OpenMode::kReadBinary);
  if (handle < 0) return false;
  uint8_t bytes[5] = {};
  const bool complete = read(handle, bytes, sizeof bytes) == 0;
  close(handle);
  return complete && std::memcmp(bytes, kFeatureMagic, sizeof kFeatureMagic) == 0 &&
         (bytes[4] & kFeatureExitExtended) != 0;
}

}  // namespace

int32_t call(Op op, const void* argument_block) {
  int32_t result;
  // r0/r1 are loaded here rather than via register variables (the `register` keyword is gone in
  // C++17). "memory": the host reads and writes the argument block and the buffers it names.
  asm volatile(
      "mov r0, %1\n\t"
      "mov r1, %2\n\t"
      "bkpt 0xab\n\t"
      "mov %0, r0"
      : "=r"(result)
      : "r"(static_cast<uint32_t>(op)), "r"(argument_block)
      : "r0", "r1", "memory");
  return result;
}

int32_t open(const char* path, OpenMode mode) {
  const uint32_t block[3] = {reinterpret_cast<uint32_t>(path), static_cast<uint32_t>(mode),
                             static_cast<uint32_t>(std::strlen(path))};
  return call(Op::kOpen, block);
}

int32_t close(int32_t handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  return call(Op::kClose, block);
}

void write0(const char* text) { call(Op::kWrite0, text); }

int32_t write(int32_t handle, const void* data, uint32_t size) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(data),
                             size};
  return call(Op::kWrite, block);
}

int32_t read(int32_t handle, void* data, uint32_t size) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(data),
                             size};
  return call(Op::kRead, block);
}

int32_t file_length(int32_t handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  return call(Op::kFlen, block);
}

int32_t command_line(char* buf, uint32_t size) {
  if (size == 0) return -1;
  // The host writes the line's length back into the second word.
  uint32_t block[2] = {reinterpret_cast<uint32_t>(buf), size};
  if (call(Op::kGetCmdline, block) != 0 || block[1] >= size) return -1;
  buf[block[1]] = '\0';
  return static_cast<int32_t>(block[1]);
}

void exit(int32_t status) {
  if (host_has_exit_extended()) {
    const uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(status)};
    call(Op::kExitExtended, block);
  } else {
    // AArch32 SYS_EXIT takes the reason code itself in r1, not a block.
    const uint32_t reason = status == 0 ? kApplicationExit : kRunTimeErrorUnknown;
    call(Op::kExit, reinterpret_cast<const void*>(reason));
  }
  // Only reached if the host ignored the exit (no semihosting host attached).
  for (;;) {
  }
}

}  // namespace armlet::board::semihosting

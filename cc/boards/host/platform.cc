// The platform API on the host (Linux/POSIX): stdio files, a monotonic clock, exit(). Lets the
// runner and the tests built on this API run, and be sanitized and fuzzed, on the host. The
// program's own main() is the entry point, as on a board.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "cc/boards/platform.h"

namespace armlet::board {
namespace {

// Open files: a handle is an index into this table.
constexpr int32_t kMaxFiles = 16;
std::FILE* g_files[kMaxFiles] = {};

std::FILE* file_of(int32_t fd) {
  return fd >= 0 && fd < kMaxFiles ? g_files[fd] : nullptr;
}

// The host's stand-in for a board's large RAM region.
constexpr uint32_t kLargeMemoryBytes = 16u << 20;
alignas(16) uint8_t g_large_memory[kLargeMemoryBytes];

}  // namespace

const char* cpu_name() { return "host"; }
const char* board_name() { return "host"; }

void console_write(const char* text) {
  std::fputs(text, stdout);
  std::fflush(stdout);
}

int32_t file_open(const char* path, bool write) {
  for (int32_t fd = 0; fd < kMaxFiles; ++fd) {
    if (g_files[fd] != nullptr) continue;
    g_files[fd] = std::fopen(path, write ? "wb" : "rb");
    return g_files[fd] != nullptr ? fd : -1;
  }
  return -1;
}

int32_t file_read(int32_t fd, void* buf, uint32_t n) {
  std::FILE* file = file_of(fd);
  if (file == nullptr) return -1;
  const size_t got = std::fread(buf, 1, n, file);
  return std::ferror(file) != 0 ? -1 : static_cast<int32_t>(got);
}

int32_t file_write(int32_t fd, const void* buf, uint32_t n) {
  std::FILE* file = file_of(fd);
  if (file == nullptr) return -1;
  const size_t written = std::fwrite(buf, 1, n, file);
  return std::ferror(file) != 0 ? -1 : static_cast<int32_t>(written);
}

int32_t file_size(int32_t fd) {
  std::FILE* file = file_of(fd);
  if (file == nullptr) return -1;
  const long here = std::ftell(file);
  if (here < 0 || std::fseek(file, 0, SEEK_END) != 0) return -1;
  const long end = std::ftell(file);
  if (std::fseek(file, here, SEEK_SET) != 0 || end < 0 || end > INT32_MAX) return -1;
  return static_cast<int32_t>(end);
}

void file_close(int32_t fd) {
  std::FILE* file = file_of(fd);
  if (file == nullptr) return;
  std::fclose(file);
  g_files[fd] = nullptr;
}

// The host has no semihosting command line: /proc/self/cmdline (Linux) holds argv as
// NUL-separated strings.
int32_t command_line(char* buf, uint32_t n) {
  if (n == 0) return -1;
  std::FILE* file = std::fopen("/proc/self/cmdline", "rb");
  if (file == nullptr) return -1;
  char line[4096];
  const size_t size = std::fread(line, 1, sizeof line, file);
  const bool complete = std::feof(file) != 0;
  std::fclose(file);
  if (!complete) return -1;
  // Skip argv[0], then join the rest with spaces.
  size_t pos = std::strlen(line) + 1;
  uint32_t out = 0;
  while (pos < size) {
    const size_t length = std::strlen(line + pos);
    const uint32_t needed = (out == 0 ? 0 : 1) + static_cast<uint32_t>(length);
    if (out + needed >= n) return -1;
    if (out != 0) buf[out++] = ' ';
    std::memcpy(buf + out, line + pos, length);
    out += static_cast<uint32_t>(length);
    pos += length + 1;
  }
  buf[out] = '\0';
  return 0;
}

uint64_t instruction_count() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}

const char* instruction_count_source() { return "host-ns"; }

void exit(int32_t status) {
  std::fflush(nullptr);
  std::exit(status);
}

MemoryBlock large_memory() { return {g_large_memory, kLargeMemoryBytes}; }

}  // namespace armlet::board

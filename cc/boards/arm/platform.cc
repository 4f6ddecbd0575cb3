// The platform API on a board: semihosting for the console and files, the linker layout for
// the large memory block, kBoardInfo for the names. (Instruction counting: instruction_counter.cc.)
#include "cc/boards/platform.h"

#include <cstring>

#include "cc/boards/arm/board_info.h"
#include "cc/boards/arm/semihosting.h"

extern "C" {
extern uint8_t __armlet_large_free_start[];
extern uint8_t __armlet_large_free_end[];
}

namespace armlet::board {
namespace {

// The console handle: ":tt" opened for writing is the simulator's standard output. Opened on
// first use; -2 = not tried yet, -1 = unavailable (then SYS_WRITE0 is used).
int32_t g_console = -2;

int32_t console_handle() {
  if (g_console == -2) g_console = semihosting::open(":tt", semihosting::OpenMode::kWrite);
  return g_console;
}

}  // namespace

const char* cpu_name() { return kBoardInfo.cpu; }
const char* board_name() { return kBoardInfo.board; }

void console_write(const char* text) {
  const int32_t handle = console_handle();
  if (handle < 0) {
    semihosting::write0(text);
    return;
  }
  semihosting::write(handle, text, static_cast<uint32_t>(std::strlen(text)));
}

int32_t file_open(const char* path, bool write) {
  const auto mode =
      write ? semihosting::OpenMode::kWriteBinary : semihosting::OpenMode::kReadBinary;
  const int32_t handle = semihosting::open(path, mode);
  return handle < 0 ? -1 : handle;
}

int32_t file_read(int32_t fd, void* buf, uint32_t n) {
  // A host may return fewer bytes than asked before the end of the file: keep reading until the
  // request is met or a read makes no progress (end of file).
  auto* bytes = static_cast<uint8_t*>(buf);
  uint32_t done = 0;
  while (done < n) {
    const int32_t not_read = semihosting::read(fd, bytes + done, n - done);
    if (not_read < 0 || static_cast<uint32_t>(not_read) > n - done) return -1;
    const uint32_t got = (n - done) - static_cast<uint32_t>(not_read);
    if (got == 0) break;
    done += got;
  }
  return static_cast<int32_t>(done);
}

int32_t file_write(int32_t fd, const void* buf, uint32_t n) {
  const int32_t not_written = semihosting::write(fd, buf, n);
  if (not_written < 0 || static_cast<uint32_t>(not_written) > n) return -1;
  return static_cast<int32_t>(n - static_cast<uint32_t>(not_written));
}

int32_t file_size(int32_t fd) {
  const int32_t length = semihosting::file_length(fd);
  return length < 0 ? -1 : length;
}

void file_close(int32_t fd) { semihosting::close(fd); }

int32_t command_line(char* buf, uint32_t n) {
  static char line[1024];
  if (n == 0 || semihosting::command_line(line, sizeof line) < 0) return -1;
  // Skip the program name (the first word) and the spaces after it.
  const char* args = line;
  while (*args == ' ') ++args;
  while (*args != '\0' && *args != ' ') ++args;
  while (*args == ' ') ++args;
  const size_t length = std::strlen(args);
  if (length >= n) return -1;
  std::memcpy(buf, args, length + 1);
  return 0;
}

void exit(int32_t status) {
  // A fixed last line, so that a simulator which cannot pass the status on (some FVPs) still
  // lets the launch script tell success from failure.
  char line[40] = "[armlet] exit status ";
  char digits[12];
  int pos = sizeof digits - 1;
  digits[pos] = '\0';
  uint32_t magnitude =
      status < 0 ? 0u - static_cast<uint32_t>(status) : static_cast<uint32_t>(status);
  do {
    digits[--pos] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (status < 0) digits[--pos] = '-';
  std::strcat(line, digits + pos);
  std::strcat(line, "\n");
  console_write(line);
  semihosting::exit(status);
}

MemoryBlock large_memory() {
  return {__armlet_large_free_start,
          static_cast<uint32_t>(__armlet_large_free_end - __armlet_large_free_start)};
}

}  // namespace armlet::board

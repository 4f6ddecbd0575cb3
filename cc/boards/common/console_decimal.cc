// console_write_decimal: numbers on the console without stdio, for every board and the host.
#include <cstdint>

#include "cc/boards/platform.h"

namespace armlet::board {

void console_write_decimal(uint64_t value) {
  char text[21];  // 2^64 - 1 has 20 digits
  int pos = sizeof text - 1;
  text[pos] = '\0';
  do {
    text[--pos] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  console_write(text + pos);
}

}  // namespace armlet::board

// The few C and C++ runtime hooks that compiled code may reference, defined here so that a
// bare-metal program links against newlib's libc/libm (memcpy, memset, rintf, ...) and libgcc
// only, without newlib's stdio, syscalls or heap and without libstdc++. Each one ends the
// program with a clear message instead of silently doing something else.
#include <cstddef>
#include <cstdint>

#include "cc/boards/arm/fault.h"
#include "cc/boards/platform.h"

extern "C" {

// Static objects with destructors register them with __aeabi_atexit. A bare-metal program ends
// by exiting the simulator, never by returning to a C library, so destructors are not run.
void* __dso_handle = nullptr;
int __aeabi_atexit(void* /*object*/, void (*/*destructor*/)(void*), void* /*dso*/) { return 0; }

[[noreturn]] void __cxa_pure_virtual() { armlet::board::fatal("pure virtual function called"); }

[[noreturn]] void abort() { armlet::board::fatal("abort() called"); }

// newlib's assert() calls this; its own version would pull in fprintf and stdio.
[[noreturn]] void __assert_func(const char* file, int line, const char* function,
                                const char* expression) {
  using armlet::board::console_write;
  char number[12];
  int pos = sizeof number - 1;
  number[pos] = '\0';
  auto value = static_cast<uint32_t>(line);
  do {
    number[--pos] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  console_write("\n[armlet] assertion failed: ");
  console_write(expression != nullptr ? expression : "?");
  console_write(" at ");
  console_write(file != nullptr ? file : "?");
  console_write(":");
  console_write(number + pos);
  if (function != nullptr) {
    console_write(" in ");
    console_write(function);
  }
  armlet::board::fatal("assertion failed");
}

// newlib's exit() ends here (after running atexit handlers), e.g. if a program calls std::exit.
[[noreturn]] void _exit(int status) { armlet::board::exit(status); }

}  // extern "C"

// Classes with virtual destructors reference operator delete from their deleting destructors even
// if nothing is ever deleted. There is no heap: reaching one of these is a program error.
void operator delete(void* /*pointer*/) noexcept { armlet::board::fatal("operator delete called"); }
void operator delete(void* /*pointer*/, std::size_t /*size*/) noexcept {
  armlet::board::fatal("operator delete called");
}

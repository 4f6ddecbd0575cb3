// Board smoke test: proves the plumbing of a board end to end. It prints the CPU, board and
// features, uses the FPU (and MVE where built for it) to show the reset code enabled them,
// counts the instructions of a loop whose length is known and checks the count, and, given a
// file path argument, writes that file through semihosting and reads it back. Exits 0 when all
// checks pass.
//
//   run_on_simulator.sh cortex_m55 hello.elf [scratch-file-path]
#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

#include "cc/boards/platform.h"

namespace {

using armlet::board::console_write;


void write_line(const char* label, const char* value) {
  console_write(label);
  console_write(value);
  console_write("\n");
}

// Runs a loop of exactly 2 * iterations instructions (subs + bne per iteration) and nothing
// else between the two counter reads but the reads themselves. (On the host, where the count is
// a clock, any loop will do.)
uint64_t count_known_loop(uint32_t iterations) {
  const uint64_t start = armlet::board::instruction_count();
#if defined(__arm__)
  // ".syntax unified": GCC hands Thumb-1 (Armv6-M) inline assembly over in divided syntax.
  asm volatile(
      ".syntax unified\n"
      "1:\n\t"
      "subs %0, %0, #1\n\t"
      "bne 1b"
      : "+l"(iterations)
      :
      : "cc");
#else
  for (volatile uint32_t left = iterations; left != 0; left = left - 1) {
  }
#endif
  return armlet::board::instruction_count() - start;
}

// The cost of the measurement itself: two counter reads with nothing in between.
uint64_t count_nothing() {
  const uint64_t start = armlet::board::instruction_count();
  return armlet::board::instruction_count() - start;
}

bool check_instruction_count() {
  constexpr uint32_t kIterations = 1000000;
  const uint64_t overhead = count_nothing();
  const uint64_t measured = count_known_loop(kIterations);
  const uint64_t loop = measured - overhead;
  const uint64_t expected = 2ull * kIterations;
  console_write("loop of ");
  armlet::board::console_write_decimal(expected);
  console_write(" instructions: counted ");
  armlet::board::console_write_decimal(loop);
  console_write(" (");
  armlet::board::console_write_decimal(measured);
  console_write(" minus measurement overhead ");
  armlet::board::console_write_decimal(overhead);
  console_write(") [");
  console_write(armlet::board::instruction_count_source());
  console_write("]\n");
  // Cycle counters (FVP, silicon) do not count instructions: nothing to check there.
  if (std::strcmp(armlet::board::instruction_count_source(), "qemu-icount") != 0) return true;
  // SysTick ticks are ~1 instruction wide, so the count may be off by a few instructions.
  const uint64_t error = loop > expected ? loop - expected : expected - loop;
  const bool ok = error <= 16;
  if (!ok) console_write("FAIL: instruction count is off by more than 16\n");
  return ok;
}

// Floating point (and MVE) arithmetic whose operands the compiler cannot see: it must execute
// FP/MVE instructions, which fault unless the reset code enabled the coprocessors.
bool check_arithmetic() {
  volatile float a = 1.5f;
  volatile float b = 2.25f;
  bool ok = a * b == 3.375f;
#if defined(__ARM_FEATURE_MVE)
  int8_t lhs[16];
  int8_t rhs[16];
  for (int i = 0; i < 16; ++i) {
    lhs[i] = static_cast<int8_t>(i - 8);
    rhs[i] = static_cast<int8_t>(3 * i - 20);
  }
  asm volatile("" ::: "memory");
  int32_t scalar = 0;
  for (int i = 0; i < 16; ++i) scalar += lhs[i] * rhs[i];
  const int32_t vector = vmladavq_s8(vld1q_s8(lhs), vld1q_s8(rhs));
  ok = ok && vector == scalar;
  console_write("mve dot product: ");
  console_write(vector == scalar ? "ok\n" : "MISMATCH\n");
#endif
  console_write(ok ? "arithmetic: ok\n" : "FAIL: arithmetic\n");
  return ok;
}

bool check_file(const char* path) {
  static const char kText[] = "armlet semihosting file check\n";
  const int32_t out = armlet::board::file_open(path, /*write=*/true);
  if (out < 0) {
    write_line("FAIL: cannot create ", path);
    return false;
  }
  const int32_t written = armlet::board::file_write(out, kText, sizeof kText - 1);
  armlet::board::file_close(out);
  const int32_t in = armlet::board::file_open(path, /*write=*/false);
  if (in < 0) {
    write_line("FAIL: cannot reopen ", path);
    return false;
  }
  char back[64] = {};
  const int32_t size = armlet::board::file_size(in);
  const int32_t got = armlet::board::file_read(in, back, sizeof back - 1);
  const int32_t at_end = armlet::board::file_read(in, back + 60, 1);
  armlet::board::file_close(in);
  const auto expected = static_cast<int32_t>(sizeof kText - 1);
  const bool ok = written == expected && size == expected && got == expected && at_end == 0 &&
                  std::memcmp(back, kText, sizeof kText - 1) == 0;
  write_line(ok ? "file round trip: ok " : "FAIL: file round trip ", path);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  write_line("cpu: ", armlet::board::cpu_name());
  write_line("board: ", armlet::board::board_name());
  write_line("features: ", armlet::board::isa_features());
  char arguments[256];
  if (armlet::board::command_line(arguments, sizeof arguments) == 0) {
    write_line("arguments: ", arguments);
  }
  const armlet::board::MemoryBlock large = armlet::board::large_memory();
  console_write("large memory: ");
  armlet::board::console_write_decimal(large.size / 1024);
  console_write(" KiB\n");

  bool ok = check_arithmetic();
  ok = check_instruction_count() && ok;
  if (argc > 1) ok = check_file(argv[1]) && ok;
  console_write(ok ? "hello: all checks passed\n" : "hello: FAILED\n");
  return ok ? 0 : 1;
}

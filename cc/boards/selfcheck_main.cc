// The board self-check program: reports the CPU, board and ISA features the firmware was built
// for, runs the kernels' self-check (the MVE / DSP paths this build has against the scalar
// reference) and exits 0 only if every check passed. Built for every CPU and run on its
// simulator as a test; also runs on the host.
#include <cstdint>

#include "cc/boards/platform.h"
#include "tests/kernels/kernel_selfcheck.h"

namespace {

using armlet::board::console_write;

void write_line(const char* label, const char* value) {
  console_write(label);
  console_write(value);
  console_write("\n");
}

// The self-check logs lines without their newline.
void log_line(const char* line) {
  console_write("  ");
  console_write(line);
  console_write("\n");
}


}  // namespace

int main(int /*argc*/, char** /*argv*/) {
  write_line("cpu: ", armlet::board::cpu_name());
  write_line("board: ", armlet::board::board_name());
  write_line("features: ", armlet::board::isa_features());
  console_write("kernel self-check:\n");
  const uint64_t start = armlet::board::instruction_count();
  const int failures = armlet::kernels::run_kernel_selfcheck(log_line);
  const uint64_t used = armlet::board::instruction_count() - start;
  console_write("self-check count: ");
  armlet::board::console_write_decimal(used);
  console_write(" [");
  console_write(armlet::board::instruction_count_source());
  console_write("]\n");
  if (failures != 0) {
    console_write("self-check FAILED: ");
    armlet::board::console_write_decimal(static_cast<uint64_t>(failures));
    console_write(" check(s)\n");
    return 1;
  }
  console_write("self-check passed\n");
  return 0;
}

// Runs the on-target self-check on the host (scalar path and known values
// only), so it is built and exercised by the host test suite too.
#include <cstdio>

#include "tests/kernels/kernel_selfcheck.h"

namespace {
void Print(const char* line) { std::printf("%s\n", line); }
}  // namespace

int main() { return armlet::kernels::run_kernel_selfcheck(Print) == 0 ? 0 : 1; }

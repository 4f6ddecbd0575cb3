// On-target self-check of the kernel paths, called by a board's test program.
#pragma once

namespace armlet::kernels {

// Runs the target's optimized paths of quantized_linear and quantized_add
// (MVE and/or DSP, whichever this build has) against the scalar path on
// pseudo-random data, plus hand-computed values through the dispatching
// entry points (the only check on a scalar-only CPU). No heap, no stdio:
// progress and every mismatch are reported one line at a time through `log`
// (lines without a trailing newline; `log` may be null).
// Returns 0 when everything matches, else the number of failed checks.
int run_kernel_selfcheck(void (*log)(const char* line));

}  // namespace armlet::kernels

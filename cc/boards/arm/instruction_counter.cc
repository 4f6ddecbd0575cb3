// Instruction counting: SysTick under QEMU -icount, the DWT cycle counter where one exists.
//
// QEMU models no cycle counter, but with -icount its virtual clock advances exactly 2^shift ns
// per instruction, and SysTick with CLKSOURCE = 1 counts that clock at the board frequency. So
//   instructions = ticks * (1e9 / systick_hz) / 2^shift,
// which for shift 5 is ticks * 125/128 on mps3-an547 (32 MHz) and ticks * 5/4 on mps2 (25 MHz).
// The 24-bit SysTick wraps every 2^24 ticks; its interrupt counts the wraps.
//
// On a core with a DWT cycle counter (Arm FVPs, real silicon) that counter is used instead and
// widened to 64 bits by the same SysTick interrupt (SysTick wraps far more often than the
// counter's 2^32 cycles). QEMU's DWT reads as zero, so presence is tested by watching it move.
#include "cc/boards/arm/instruction_counter.h"

#include "cc/boards/arm/board_info.h"
#include "cc/boards/arm/cortex_m.h"
#include "cc/boards/platform.h"

namespace armlet::board {
namespace {

using cortex_m::reg;

constexpr uint64_t kTicksPerWrap = uint64_t{cortex_m::kSysTickMaxReload} + 1;

// Updated only by the SysTick interrupt (and by reads with interrupts masked).
volatile uint32_t g_systick_wraps = 0;
// The DWT cycle counter widened to 64 bits: the last raw value seen and the carried high word.
volatile uint32_t g_cycles_last = 0;
volatile uint32_t g_cycles_high = 0;
bool g_have_dwt = false;
// ticks -> instructions as the reduced fraction numerator / denominator. On every board here the
// denominator is a power of two (g_denominator_log2 >= 0), so the conversion is shifts and takes
// the same number of instructions whatever the count; -1 means "divide".
uint32_t g_numerator = 1;
uint32_t g_denominator = 1;
int32_t g_denominator_log2 = 0;

constexpr uint64_t gcd(uint64_t a, uint64_t b) { return b == 0 ? a : gcd(b, a % b); }

// Enables the DWT cycle counter and reports whether it counts.
bool start_dwt_cycle_counter() {
  if (cortex_m::kIsArmv6m) return false;  // Armv6-M has no cycle counter at all
  reg(cortex_m::kDemcr) |= cortex_m::kDemcrTrcena;
  if ((reg(cortex_m::kDwtCtrl) & cortex_m::kDwtCtrlNoCycleCount) != 0) return false;
  reg(cortex_m::kDwtCycleCount) = 0;
  reg(cortex_m::kDwtCtrl) |= cortex_m::kDwtCtrlCycleCountEnable;
  for (volatile int i = 0; i < 8; ++i) {
  }
  return reg(cortex_m::kDwtCycleCount) != 0;
}

// Folds the current raw cycle count into the 64-bit value. Call with interrupts masked (or from
// the SysTick interrupt) at least once per 2^32 cycles.
uint64_t widen_cycles() {
  const uint32_t now = reg(cortex_m::kDwtCycleCount);
  if (now < g_cycles_last) g_cycles_high = g_cycles_high + 1;
  g_cycles_last = now;
  return (uint64_t{g_cycles_high} << 32) | now;
}

uint64_t systick_ticks() {
  uint32_t wraps;
  uint32_t value;
  bool pending;
  // Re-read if the wrap interrupt ran in between.
  do {
    wraps = g_systick_wraps;
    value = reg(cortex_m::kSysTickValue);
    pending = (reg(cortex_m::kIcsr) & cortex_m::kIcsrPendSysTick) != 0;
  } while (wraps != g_systick_wraps);
  // Interrupts masked (e.g. in a fault handler): the counter may have wrapped with its interrupt
  // still pending. A value near the top means the wrap happened after `wraps` was counted.
  if (pending && value > cortex_m::kSysTickMaxReload / 2) ++wraps;
  return uint64_t{wraps} * kTicksPerWrap + (cortex_m::kSysTickMaxReload - value);
}

}  // namespace

void start_instruction_counter() {
  const uint64_t numerator = 1000000000ull;
  const uint64_t denominator = uint64_t{kBoardInfo.systick_hz} << kIcountShift;
  const uint64_t divisor = gcd(numerator, denominator);
  g_numerator = static_cast<uint32_t>(numerator / divisor);
  g_denominator = static_cast<uint32_t>(denominator / divisor);
  g_denominator_log2 = -1;
  for (int32_t bit = 0; bit < 32; ++bit) {
    if (g_denominator == (1u << bit)) g_denominator_log2 = bit;
  }

  reg(cortex_m::kSysTickCsr) = 0;
  reg(cortex_m::kSysTickReload) = cortex_m::kSysTickMaxReload;
  reg(cortex_m::kSysTickValue) = 0;  // any write clears the counter
  reg(cortex_m::kSysTickCsr) = cortex_m::kSysTickEnable | cortex_m::kSysTickInterrupt |
                               cortex_m::kSysTickProcessorClock;
  g_have_dwt = start_dwt_cycle_counter();
}

extern "C" void armlet_systick_handler() {
  g_systick_wraps = g_systick_wraps + 1;
  if (g_have_dwt) widen_cycles();
}

uint64_t instruction_count() {
  if (g_have_dwt) {
    const uint32_t primask = cortex_m::mask_interrupts();
    const uint64_t cycles = widen_cycles();
    cortex_m::restore_interrupts(primask);
    return cycles;
  }
  // Split the multiplication so that ticks * numerator cannot overflow 64 bits.
  const uint64_t ticks = systick_ticks();
  if (g_denominator_log2 >= 0) {
    const uint32_t shift = static_cast<uint32_t>(g_denominator_log2);
    const uint64_t low_bits = ticks & ((uint64_t{1} << shift) - 1);
    return (ticks >> shift) * g_numerator + ((low_bits * g_numerator) >> shift);
  }
  return (ticks / g_denominator) * g_numerator +
         (ticks % g_denominator) * g_numerator / g_denominator;
}

const char* instruction_count_source() { return g_have_dwt ? "dwt-cycles" : "qemu-icount"; }

}  // namespace armlet::board

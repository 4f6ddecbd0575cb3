// Bare-metal startup for every armlet board: the vector table, the reset sequence, the fault
// handlers, and the call into the program's ordinary `int main(int argc, char** argv)`.
//
// Two stacks: exception handlers run on the main stack (MSP, the small "handler stack"), the
// program runs in Thread mode on the process stack (PSP, the "program stack"). So when the
// program overflows its stack, the fault handler still has a good stack to report from.
// Overflow detection: PSPLIM on Armv8-M mainline, an MPU no-access guard at the bottom of the
// program stack on Armv7-M; none on Armv6-M.
//
// Reset sequence (armlet_reset_handler, then armlet_start):
//   1. open CPACR.CP10/CP11 where the core has an FPU or MVE, in assembly, before any compiled
//      code can issue an FP/MVE instruction; switch Thread mode to the program stack;
//   2. set the stack limits (PSPLIM/MSPLIM) or the MPU stack guard;
//   3. copy .data from its load image, zero .bss;
//   4. point VTOR at this table, start the instruction counter (SysTick wrap interrupt);
//   5. run C++ static constructors (.preinit_array, .init_array);
//   6. build argv from the semihosting command line and call main; its return value becomes the
//      exit status through board::exit (semihosting SYS_EXIT_EXTENDED / SYS_EXIT).
//
// The linker layout (cc/boards/arm/layout/sections.ld) places the initial main stack pointer as
// the first word of the .vectors section, ahead of the handler table below.
#include <cstdint>
#include <cstring>

#include "cc/boards/arm/cortex_m.h"
#include "cc/boards/arm/fault.h"
#include "cc/boards/arm/instruction_counter.h"
#include "cc/boards/arm/semihosting.h"
#include "cc/boards/platform.h"

// Symbols defined by the linker layout.
extern "C" {
extern uint32_t __armlet_vectors[];
extern uint32_t __armlet_data_start[];
extern uint32_t __armlet_data_end[];
extern const uint32_t __armlet_data_load[];
extern uint32_t __armlet_bss_start[];
extern uint32_t __armlet_bss_end[];
extern uint32_t __armlet_stack_limit[];
extern uint32_t __armlet_stack_bottom[];
extern uint32_t __armlet_handler_stack_bottom[];
using Constructor = void (*)();
extern const Constructor __preinit_array_start[];
extern const Constructor __preinit_array_end[];
extern const Constructor __init_array_start[];
extern const Constructor __init_array_end[];

[[noreturn]] void armlet_reset_handler();
[[noreturn]] void armlet_start();
void armlet_unexpected_exception();
}

// The program's main, named by its symbol: C++ forbids calling `main` from within a program,
// and this is the one place that has to.
extern "C" int armlet_program_main(int argc, char** argv) __asm__("main");

namespace armlet::board {
namespace {

using Handler = void (*)();

constexpr int kExternalInterrupts = 32;

// Exceptions 1..15, then external interrupts (none is enabled; they are caught if one fires).
struct VectorTable {
  Handler system[15];
  Handler external[kExternalInterrupts];
};

constexpr VectorTable make_vector_table() {
  VectorTable table{};
  table.system[0] = armlet_reset_handler;            // 1 Reset
  table.system[1] = armlet_unexpected_exception;     // 2 NMI
  table.system[2] = armlet_fault_handler;            // 3 HardFault
  table.system[3] = armlet_fault_handler;            // 4 MemManage
  table.system[4] = armlet_fault_handler;            // 5 BusFault
  table.system[5] = armlet_fault_handler;            // 6 UsageFault
  table.system[6] = armlet_fault_handler;            // 7 SecureFault (Armv8-M)
  table.system[10] = armlet_unexpected_exception;    // 11 SVCall
  table.system[11] = armlet_unexpected_exception;    // 12 DebugMonitor
  table.system[13] = armlet_unexpected_exception;    // 14 PendSV
  table.system[14] = armlet_systick_handler;         // 15 SysTick
  for (Handler& handler : table.external) handler = armlet_unexpected_exception;
  return table;
}

__attribute__((section(".vectors"), used)) const VectorTable kVectorTable = make_vector_table();

// argv storage: the command line is split in place.
constexpr int kMaxArguments = 32;
char g_command_line[1024];
char* g_argv[kMaxArguments + 1];
char g_default_program_name[] = "armlet";

void run_constructors(const Constructor* begin, const Constructor* end) {
  for (const Constructor* constructor = begin; constructor != end; ++constructor) (*constructor)();
}

// Splits the semihosting command line at spaces into argv (argv[0] is the program name, as the
// simulator script passes it). Without a command line, argv is just {"armlet"}.
int build_argv() {
  int argc = 0;
  if (semihosting::command_line(g_command_line, sizeof g_command_line) > 0) {
    char* cursor = g_command_line;
    while (*cursor != '\0' && argc < kMaxArguments) {
      while (*cursor == ' ') *cursor++ = '\0';
      if (*cursor == '\0') break;
      g_argv[argc++] = cursor;
      while (*cursor != '\0' && *cursor != ' ') ++cursor;
    }
  }
  if (argc == 0) g_argv[argc++] = g_default_program_name;
  g_argv[argc] = nullptr;
  return argc;
}

// Armv8-M mainline: hardware stack limits for both stacks.
void set_stack_limits() {
  asm volatile("msr psplim, %0" ::"r"(__armlet_stack_limit));
  asm volatile("msr msplim, %0" ::"r"(__armlet_handler_stack_bottom));
}

// Armv7-M: an MPU region over [__armlet_stack_bottom, __armlet_stack_limit) that nothing may
// access. The rest of memory keeps the default map (PRIVDEFENA; the program runs privileged),
// and the MPU is off while the HardFault handler runs (HFNMIENA = 0).
void set_stack_guard() {
  if ((cortex_m::reg(cortex_m::kMpuType) & 0xFF00u) == 0) return;  // no MPU regions
  const auto base = reinterpret_cast<uint32_t>(__armlet_stack_bottom);
  const uint32_t size = reinterpret_cast<uint32_t>(__armlet_stack_limit) - base;
  uint32_t log2_size = 0;
  while ((1u << log2_size) < size) ++log2_size;
  cortex_m::reg(cortex_m::kMpuRegionNumber) = 0;
  cortex_m::reg(cortex_m::kMpuRegionBase) = base;
  cortex_m::reg(cortex_m::kMpuRegionAttributes) =
      cortex_m::kMpuAttrExecuteNever | ((log2_size - 1) << 1) | cortex_m::kMpuAttrEnable;
  cortex_m::reg(cortex_m::kMpuCtrl) =
      cortex_m::kMpuCtrlEnable | cortex_m::kMpuCtrlPrivilegedDefault;
  cortex_m::data_sync_barrier();
  cortex_m::instruction_sync_barrier();
}

void protect_stack() {
  if constexpr (cortex_m::kHasStackLimit) {
    set_stack_limits();
  } else if constexpr (cortex_m::kIsArmv7m) {
    set_stack_guard();
  }
}

}  // namespace
}  // namespace armlet::board

// Entered from reset with MSP loaded from the table. Naked and in assembly so that nothing can
// run an FP/MVE instruction before CPACR allows it, and so that everything after it runs on the
// program stack (CONTROL.SPSEL = 1 selects PSP in Thread mode).
extern "C" __attribute__((naked, noreturn)) void armlet_reset_handler() {
  asm volatile(
      ".syntax unified\n\t"
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
      // CPACR |= CP10 and CP11 full access (bits 20..23).
      "ldr r0, =0xE000ED88\n\t"
      "ldr r1, [r0]\n\t"
      "ldr r2, =0x00F00000\n\t"
      "orrs r1, r1, r2\n\t"
      "str r1, [r0]\n\t"
      "dsb\n\t"
      "isb\n\t"
#endif
      "ldr r0, =__armlet_stack_top\n\t"
      "msr psp, r0\n\t"
      "movs r0, #2\n\t"
      "msr control, r0\n\t"
      "isb\n\t"
      "bl armlet_start\n\t"
      ".ltorg");
}

extern "C" [[noreturn]] void armlet_start() {
  using namespace armlet::board;
  protect_stack();
  const auto data_bytes = static_cast<size_t>(reinterpret_cast<uintptr_t>(__armlet_data_end) -
                                              reinterpret_cast<uintptr_t>(__armlet_data_start));
  // Every layout keeps the load image in another region than .data itself, so they never overlap.
  std::memcpy(__armlet_data_start, __armlet_data_load, data_bytes);
  std::memset(__armlet_bss_start, 0,
              static_cast<size_t>(reinterpret_cast<uintptr_t>(__armlet_bss_end) -
                                  reinterpret_cast<uintptr_t>(__armlet_bss_start)));
  // Armv6-M's VTOR is optional; there the table must sit at address 0 (the M0+ layout does).
  if constexpr (!cortex_m::kIsArmv6m) {
    cortex_m::reg(cortex_m::kVtor) = reinterpret_cast<uint32_t>(__armlet_vectors);
    cortex_m::data_sync_barrier();
    cortex_m::instruction_sync_barrier();
  }
  start_instruction_counter();
  run_constructors(__preinit_array_start, __preinit_array_end);
  run_constructors(__init_array_start, __init_array_end);
  const int argc = build_argv();
  armlet::board::exit(armlet_program_main(argc, g_argv));
}

extern "C" void armlet_unexpected_exception() { armlet::board::report_unexpected_exception(); }

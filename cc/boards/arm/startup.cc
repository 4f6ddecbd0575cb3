// Bare-metal startup for every armlet board: the vector table, the reset sequence, the fault
// handlers, and the call into the program's ordinary `int main(int argc, char** argv)`.
//
// Reset sequence (armlet_reset_handler, then armlet_start):
//   1. open CPACR.CP10/CP11 where the core has an FPU or MVE, in assembly, before any compiled
//      code can issue an FP/MVE instruction;
//   2. on Armv8-M mainline, set MSPLIM so that a stack overflow faults instead of corrupting data;
//   3. copy .data from its load image, zero .bss;
//   4. point VTOR at this table, start the instruction counter (SysTick wrap interrupt);
//   5. run C++ static constructors (.preinit_array, .init_array);
//   6. build argv from the semihosting command line and call main; its return value becomes the
//      exit status through board::exit (semihosting SYS_EXIT_EXTENDED / SYS_EXIT).
//
// The linker layout (cc/boards/arm/layout/sections.ld) places the initial stack pointer as the
// first word of the .vectors section, ahead of the handler table below.
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

void set_stack_limit() {
  if constexpr (cortex_m::kHasStackLimit) {
    asm volatile("msr msplim, %0" ::"r"(__armlet_stack_limit));
  }
}

}  // namespace
}  // namespace armlet::board

// Entered from reset with the stack pointer loaded from the table. Naked and in assembly so that
// nothing can run an FP/MVE instruction before CPACR allows it.
extern "C" __attribute__((naked, noreturn)) void armlet_reset_handler() {
  asm volatile(
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
      "bl armlet_start\n\t"
      ".ltorg");
}

extern "C" [[noreturn]] void armlet_start() {
  using namespace armlet::board;
  set_stack_limit();
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

#include "cc/boards/arm/fault.h"

#include "cc/boards/arm/cortex_m.h"
#include "cc/boards/platform.h"

namespace armlet::board {
namespace {

// Configurable Fault Status Register bits (MemManage [7:0], BusFault [15:8], UsageFault [31:16])
// and what each means, for the report.
struct FaultBit {
  uint32_t mask;
  const char* meaning;
};
constexpr FaultBit kCfsrBits[] = {
    {1u << 0, "instruction fetch from a no-execute or inaccessible address (IACCVIOL)"},
    {1u << 1, "data access violation (DACCVIOL)"},
    {1u << 3, "MemManage fault while unstacking on exception return (MUNSTKERR)"},
    {1u << 4, "MemManage fault while stacking on exception entry (MSTKERR)"},
    {1u << 8, "bus error on instruction fetch (IBUSERR)"},
    {1u << 9, "precise data bus error (PRECISERR)"},
    {1u << 10, "imprecise data bus error (IMPRECISERR)"},
    {1u << 11, "bus fault while unstacking on exception return (UNSTKERR)"},
    {1u << 12, "bus fault while stacking on exception entry (STKERR)"},
    {1u << 16, "undefined instruction (UNDEFINSTR)"},
    {1u << 17, "invalid execution state, e.g. a branch to an address without the Thumb bit "
               "(INVSTATE)"},
    {1u << 18, "invalid EXC_RETURN value (INVPC)"},
    {1u << 19, "FP/MVE instruction while the coprocessor is disabled or absent (NOCP)"},
    {1u << 20, "stack overflow: the stack pointer went below its limit (STKOF)"},
    {1u << 24, "unaligned access (UNALIGNED)"},
    {1u << 25, "integer division by zero (DIVBYZERO)"},
};
constexpr uint32_t kCfsrMmfarValid = 1u << 7;
constexpr uint32_t kCfsrBfarValid = 1u << 15;
// Stacking failed on exception entry (MSTKERR, STKERR) or the stack limit was hit (STKOF): in
// this layout all three mean the program stack overflowed, and the frame is not usable.
constexpr uint32_t kCfsrStackingFailed = (1u << 4) | (1u << 12) | (1u << 20);
constexpr uint32_t kHfsrForced = 1u << 30;
constexpr uint32_t kHfsrVectorTable = 1u << 1;

// Offsets (in words) of the basic exception frame the core pushes on entry.
constexpr int kFrameLr = 5;
constexpr int kFramePc = 6;
constexpr int kFrameXpsr = 7;

void write_hex(const char* name, uint32_t value) {
  char text[12] = {' ', '0', 'x'};
  for (int digit = 0; digit < 8; ++digit) {
    const uint32_t nibble = (value >> (28 - 4 * digit)) & 0xF;
    text[3 + digit] = static_cast<char>(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
  }
  text[11] = '\0';
  console_write(" ");
  console_write(name);
  console_write("=");
  console_write(text + 1);
}


uint32_t active_exception() {
  uint32_t ipsr;
  asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr & 0x1FF;
}

const char* exception_name(uint32_t number) {
  switch (number) {
    case 2: return "NMI";
    case 3: return "HardFault";
    case 4: return "MemManage fault";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    case 7: return "SecureFault";
    case 11: return "SVCall";
    case 12: return "DebugMonitor";
    case 14: return "PendSV";
    case 15: return "SysTick";
    default: return number >= 16 ? "external interrupt" : "reserved exception";
  }
}

void write_exception_header(const char* kind, uint32_t number) {
  console_write("\n[armlet] FATAL: ");
  console_write(kind);
  console_write(exception_name(number));
  console_write(" (exception ");
  console_write_decimal(number);
  console_write(")");
}

// The fault status registers exist from Armv7-M on; Armv6-M has none.
void write_fault_status() {
  if constexpr (cortex_m::kIsArmv6m) return;
  const uint32_t cfsr = cortex_m::reg(cortex_m::kCfsr);
  const uint32_t hfsr = cortex_m::reg(cortex_m::kHfsr);
  write_hex("cfsr", cfsr);
  write_hex("hfsr", hfsr);
  if ((cfsr & kCfsrMmfarValid) != 0) write_hex("mmfar", cortex_m::reg(cortex_m::kMmfar));
  if ((cfsr & kCfsrBfarValid) != 0) write_hex("bfar", cortex_m::reg(cortex_m::kBfar));
  console_write("\n");
  for (const FaultBit& bit : kCfsrBits) {
    if ((cfsr & bit.mask) == 0) continue;
    console_write("[armlet]   cause: ");
    console_write(bit.meaning);
    console_write("\n");
  }
  if ((hfsr & kHfsrVectorTable) != 0) {
    console_write("[armlet]   cause: bus fault while reading the vector table (VECTTBL)\n");
  }
  if ((hfsr & kHfsrForced) != 0 && (cfsr == 0)) {
    console_write("[armlet]   cause: escalated fault with no recorded status\n");
  }
}

bool stacking_failed() {
  if constexpr (cortex_m::kIsArmv6m) return false;
  return (cortex_m::reg(cortex_m::kCfsr) & kCfsrStackingFailed) != 0;
}

}  // namespace

void report_unexpected_exception() {
  write_exception_header("unexpected ", active_exception());
  console_write(": no handler is installed for it\n");
  exit(kFaultExitStatus);
}

void fatal(const char* what) {
  console_write("\n[armlet] FATAL: ");
  console_write(what);
  console_write("\n");
  exit(kFaultExitStatus);
}

}  // namespace armlet::board

// Called by armlet_fault_handler with the exception frame and the EXC_RETURN value.
extern "C" [[noreturn]] void armlet_fault_report(const uint32_t* frame, uint32_t exc_return) {
  using namespace armlet::board;
  write_exception_header("", active_exception());
  // After a stack overflow the frame was not (fully) pushed: its contents are meaningless.
  const bool overflow = stacking_failed();
  if (overflow) {
    write_hex("sp", reinterpret_cast<uint32_t>(frame));
  } else {
    write_hex("pc", frame[kFramePc]);
    write_hex("lr", frame[kFrameLr]);
    write_hex("xpsr", frame[kFrameXpsr]);
    write_hex("sp", reinterpret_cast<uint32_t>(frame));
  }
  write_hex("exc_return", exc_return);
  if constexpr (cortex_m::kIsArmv6m) console_write("\n");
  write_fault_status();
  if (overflow) {
    console_write("[armlet]   the program stack overflowed (its size is __armlet_stack_size in the "
                  "board's linker layout)\n");
  }
  exit(kFaultExitStatus);
}

// Finds the stack the exception frame was pushed on (EXC_RETURN bit 2: 0 = MSP, 1 = PSP) and
// hands it to armlet_fault_report, which runs on the handler stack. On Armv8-M mainline it first
// lifts the handler stack's limit, so that a fault on a full handler stack can still report.
// Written with Armv6-M instructions only, so one version serves every core (".syntax unified":
// GCC hands Thumb-1 inline assembly over in divided syntax).
extern "C" __attribute__((naked)) void armlet_fault_handler() {
  asm volatile(
      ".syntax unified\n\t"
#if defined(__ARM_ARCH_8M_MAIN__)
      "movs r0, #0\n\t"
      "msr msplim, r0\n\t"
#endif
      "mov r1, lr\n\t"
      "movs r2, #4\n\t"
      "tst r1, r2\n\t"
      "bne 1f\n\t"
      "mrs r0, msp\n\t"
      "b 2f\n"
      "1:\n\t"
      "mrs r0, psp\n"
      "2:\n\t"
      "ldr r2, =armlet_fault_report\n\t"
      "bx r2\n\t"
      ".ltorg");
}

// Fault and unexpected-exception reporting: print what happened, where, and exit nonzero, so a
// crash on a simulator is a failed test with a readable cause rather than a hang.
#ifndef ARMLET_CC_BOARDS_ARM_FAULT_H_
#define ARMLET_CC_BOARDS_ARM_FAULT_H_

#include <cstdint>

namespace armlet::board {

// The exit status of a program that faulted (HardFault, MemManage, BusFault, UsageFault,
// SecureFault), ran into an exception it has no handler for, or called abort(): 128 + SIGSEGV,
// the status a shell reports for a crashed host process.
constexpr int32_t kFaultExitStatus = 139;

// Prints "unexpected exception N" and exits with kFaultExitStatus.
[[noreturn]] void report_unexpected_exception();

// Prints `what` as a fatal error of the program and exits with kFaultExitStatus.
[[noreturn]] void fatal(const char* what);

}  // namespace armlet::board

// The handler for HardFault and the configurable faults (installed in the vector table).
extern "C" void armlet_fault_handler();

#endif  // ARMLET_CC_BOARDS_ARM_FAULT_H_

// Instruction counting on a board (see platform.h for what the count means).
#ifndef ARMLET_CC_BOARDS_ARM_INSTRUCTION_COUNTER_H_
#define ARMLET_CC_BOARDS_ARM_INSTRUCTION_COUNTER_H_

#include <cstdint>

namespace armlet::board {

// The -icount shift that third_party/fvp/run_on_simulator.sh gives QEMU: one instruction advances
// virtual time by 2^kIcountShift ns. 5 makes one SysTick tick about one instruction on every
// board (31.25 ns per tick at 32 MHz, 40 ns at 25 MHz, against 32 ns per instruction) and costs
// no speed (QEMU's -icount speed does not depend on the shift). Keep the two in step.
constexpr uint32_t kIcountShift = 5;

// Starts SysTick (CLKSOURCE = 1, full 24-bit period, wrap interrupt) and, where the core has a
// working one, the DWT cycle counter. Called once by the startup code before constructors run.
void start_instruction_counter();

// The SysTick wrap interrupt (installed in the vector table).
extern "C" void armlet_systick_handler();

}  // namespace armlet::board

#endif  // ARMLET_CC_BOARDS_ARM_INSTRUCTION_COUNTER_H_

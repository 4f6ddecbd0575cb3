// The few Cortex-M system registers armlet touches (addresses from the Armv7-M/Armv8-M
// architecture reference manuals; identical on every M-profile core), and the compile-time facts
// about the core the code is built for.
#ifndef ARMLET_CC_BOARDS_ARM_CORTEX_M_H_
#define ARMLET_CC_BOARDS_ARM_CORTEX_M_H_

#include <cstdint>

namespace armlet::board::cortex_m {

// A memory-mapped 32-bit register.
inline volatile uint32_t& reg(uint32_t address) {
  return *reinterpret_cast<volatile uint32_t*>(address);
}

// System Control Block.
constexpr uint32_t kIcsr = 0xE000ED04;   // interrupt control and state
constexpr uint32_t kVtor = 0xE000ED08;   // vector table offset
constexpr uint32_t kCfsr = 0xE000ED28;   // configurable fault status (v7-M and later)
constexpr uint32_t kHfsr = 0xE000ED2C;   // HardFault status
constexpr uint32_t kMmfar = 0xE000ED34;  // MemManage fault address
constexpr uint32_t kBfar = 0xE000ED38;   // BusFault address
constexpr uint32_t kCpacr = 0xE000ED88;  // coprocessor access control
constexpr uint32_t kDemcr = 0xE000EDFC;  // debug exception and monitor control

constexpr uint32_t kIcsrPendSysTick = 1u << 26;

// Armv7-M MPU (PMSAv7). Used only for the stack guard on Armv7-M, which has no stack limit
// registers.
constexpr uint32_t kMpuType = 0xE000ED90;
constexpr uint32_t kMpuCtrl = 0xE000ED94;
constexpr uint32_t kMpuRegionNumber = 0xE000ED98;
constexpr uint32_t kMpuRegionBase = 0xE000ED9C;
constexpr uint32_t kMpuRegionAttributes = 0xE000EDA0;
constexpr uint32_t kMpuCtrlEnable = 1u << 0;
constexpr uint32_t kMpuCtrlPrivilegedDefault = 1u << 2;  // background map for privileged code
constexpr uint32_t kMpuAttrEnable = 1u << 0;
constexpr uint32_t kMpuAttrExecuteNever = 1u << 28;      // AP = 0: no access at all
constexpr uint32_t kDemcrTrcena = 1u << 24;

// SysTick.
constexpr uint32_t kSysTickCsr = 0xE000E010;
constexpr uint32_t kSysTickReload = 0xE000E014;
constexpr uint32_t kSysTickValue = 0xE000E018;
constexpr uint32_t kSysTickEnable = 1u << 0;
constexpr uint32_t kSysTickInterrupt = 1u << 1;
constexpr uint32_t kSysTickProcessorClock = 1u << 2;  // CLKSOURCE = 1
constexpr uint32_t kSysTickMaxReload = 0x00FFFFFF;     // 24-bit counter

// DWT cycle counter (absent on Armv6-M; QEMU models none: reads as zero).
constexpr uint32_t kDwtCtrl = 0xE0001000;
constexpr uint32_t kDwtCycleCount = 0xE0001004;
constexpr uint32_t kDwtCtrlCycleCountEnable = 1u << 0;
constexpr uint32_t kDwtCtrlNoCycleCount = 1u << 25;

// Compile-time facts about the target core.
constexpr bool kIsArmv6m =
#if defined(__ARM_ARCH_6M__)
    true;
#else
    false;
#endif

// Armv7-M (M3, M4, M7): has the PMSAv7 MPU programming model.
constexpr bool kIsArmv7m =
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
    true;
#else
    false;
#endif

// Armv8-M mainline has the stack limit registers (MSPLIM, PSPLIM).
constexpr bool kHasStackLimit =
#if defined(__ARM_ARCH_8M_MAIN__)
    true;
#else
    false;
#endif

// Any core with an FPU or MVE needs CPACR.CP10/CP11 opened before its first FP/MVE instruction.
constexpr bool kHasFpuOrMve =
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    true;
#else
    false;
#endif

inline void data_sync_barrier() { asm volatile("dsb" ::: "memory"); }
inline void instruction_sync_barrier() { asm volatile("isb" ::: "memory"); }

// Masks interrupts and returns the previous PRIMASK, for restore_interrupts().
inline uint32_t mask_interrupts() {
  uint32_t primask;
  asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  return primask;
}
inline void restore_interrupts(uint32_t primask) {
  asm volatile("msr primask, %0" ::"r"(primask) : "memory");
}

}  // namespace armlet::board::cortex_m

#endif  // ARMLET_CC_BOARDS_ARM_CORTEX_M_H_

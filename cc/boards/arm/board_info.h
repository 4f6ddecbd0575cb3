// What differs between boards beyond the linker layout: names and the SysTick clock. Each board
// defines kBoardInfo once, in cc/boards/arm/boards/<board>.cc, next to its linker layout.
#ifndef ARMLET_CC_BOARDS_ARM_BOARD_INFO_H_
#define ARMLET_CC_BOARDS_ARM_BOARD_INFO_H_

#include <cstdint>

namespace armlet::board {

struct BoardInfo {
  const char* cpu;          // "cortex-m55"
  const char* board;        // "mps3-an547"
  uint32_t systick_hz;      // SysTick rate with CLKSOURCE = 1 (the simulated board clock)
};

extern const BoardInfo kBoardInfo;

}  // namespace armlet::board

#endif  // ARMLET_CC_BOARDS_ARM_BOARD_INFO_H_

// Corstone-310 (SSE-310; the MPS3 AN555 layout), Cortex-M85. Build only: QEMU 7.2 has no model;
// an Arm FVP_Corstone_SSE-310 can run it. There the DWT cycle counter is used, so the SysTick rate
// below only matters without one.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m85", "corstone-310", 25000000};

}  // namespace armlet::board

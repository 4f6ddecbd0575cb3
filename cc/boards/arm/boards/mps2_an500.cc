// MPS2 AN500, Cortex-M7. QEMU clocks SysTick at 25 MHz.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m7", "mps2-an500", 25000000};

}  // namespace armlet::board

// MPS2 AN386, Cortex-M4. QEMU clocks SysTick at 25 MHz.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m4", "mps2-an386", 25000000};

}  // namespace armlet::board

// MPS2 AN385, Cortex-M3. QEMU clocks SysTick at 25 MHz.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m3", "mps2-an385", 25000000};

}  // namespace armlet::board

// MPS3 AN547 (Corstone-300 FPGA image), Cortex-M55. QEMU clocks SysTick at 32 MHz.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m55", "mps3-an547", 32000000};

}  // namespace armlet::board

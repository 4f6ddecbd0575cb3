// MPS2 AN505 (Cortex-M33 with the IoT Kit subsystem), run in the Secure state it boots in.
// QEMU clocks SysTick at 20 MHz here (measured: not the 25 MHz of the other MPS2 images).
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m33", "mps2-an505", 20000000};

}  // namespace armlet::board

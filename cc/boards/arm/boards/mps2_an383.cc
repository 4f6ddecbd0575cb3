// MPS2 AN383, Cortex-M0+. Build only: QEMU has no model; an Arm FVP_MPS2_Cortex-M0plus can run it.
#include "cc/boards/arm/board_info.h"

namespace armlet::board {

const BoardInfo kBoardInfo = {"cortex-m0plus", "mps2-an383", 25000000};

}  // namespace armlet::board

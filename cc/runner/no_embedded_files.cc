// The plain runner embeds no files: it reads the program and inputs through the board's files.
#include "cc/runner/embedded_files.h"

namespace armlet::runner {

// One unused entry: C++ has no zero-length arrays.
const EmbeddedFile kEmbeddedFiles[1] = {{"", nullptr, 0}};
const uint32_t kEmbeddedFileCount = 0;

}  // namespace armlet::runner

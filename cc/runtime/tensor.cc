#include "cc/runtime/tensor.h"

namespace armlet {

void describe(Text& text, ScalarType dtype, int32_t rank, const int32_t* sizes) {
  text << scalar_type_name(dtype) << " [";
  for (int32_t i = 0; i < rank; ++i) {
    if (i > 0) text << ", ";
    text << sizes[i];
  }
  text << "]";
}

bool shape_bytes(const int32_t* sizes, int32_t rank, uint32_t element_bytes, int32_t* numel,
                 uint32_t* nbytes) {
  if (rank < 0 || rank > kMaxRank || element_bytes == 0) return false;
  uint64_t count = 1;
  for (int32_t i = 0; i < rank; ++i) {
    if (sizes[i] < 0) return false;
    // count < 2^31 and sizes[i] < 2^31 before this step: the product fits.
    count *= static_cast<uint64_t>(sizes[i]);
    if (count > kMaxTensorBytes / element_bytes) return false;
  }
  *numel = static_cast<int32_t>(count);
  *nbytes = static_cast<uint32_t>(count * element_bytes);
  return true;
}

}  // namespace armlet

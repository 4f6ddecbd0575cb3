// Reference path of quantized_add: the spec's arithmetic, one element at a
// time. Compiled for every target; the DSP and MVE paths are tested against it.
#include "cc/kernels/quantized_add.h"

namespace armlet::kernels {

void quantized_add_scalar(const AddParams& params, const int8_t* a,
                          const int8_t* b, int8_t* out, int32_t size) {
  for (int32_t i = 0; i < size; ++i) {
    out[i] = quantized_add_element(params, a[i], b[i]);
  }
}

}  // namespace armlet::kernels

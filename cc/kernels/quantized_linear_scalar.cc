// Reference path of quantized_linear: one output at a time, the spec's
// arithmetic spelled out. Compiled for every target; the DSP and MVE paths are
// tested against it.
#include <cstddef>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantized_linear.h"

namespace armlet::kernels {

void quantized_linear_scalar(const LinearParams& params, const int8_t* input,
                             const int8_t* weights, const int32_t* kernel_sum,
                             int32_t rows, int32_t in_features,
                             int32_t out_features, int8_t* output) {
  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* x = input + static_cast<ptrdiff_t>(row) * in_features;
    int8_t* y = output + static_cast<ptrdiff_t>(row) * out_features;
    for (int32_t n = 0; n < out_features; ++n) {
      const int8_t* w = weights + static_cast<ptrdiff_t>(n) * in_features;
      // Accumulate modulo 2^32 like SMLAD/VMLADAV do: identical results on
      // every path even for sizes no valid model has, and no signed overflow.
      uint32_t acc = static_cast<uint32_t>(kernel_sum[n]);
      for (int32_t k = 0; k < in_features; ++k) {
        acc += static_cast<uint32_t>(int32_t{x[k]} * int32_t{w[k]});
      }
      const int32_t c = params.per_channel ? n : 0;
      y[n] = RequantizeToInt8(static_cast<int32_t>(acc), params.multipliers[c],
                              params.shifts[c], params.output_offset,
                              params.activation_min, params.activation_max);
    }
  }
}

}  // namespace armlet::kernels

// Compile-time dispatch of quantized_linear to the target's best path.
#include "cc/kernels/quantized_linear.h"

#include "cc/kernels/isa.h"

namespace armlet::kernels {

void quantized_linear(const LinearParams& params, const int8_t* input,
                      const int8_t* weights, const int32_t* kernel_sum,
                      int32_t rows, int32_t in_features, int32_t out_features,
                      int8_t* output) {
  if constexpr (kIsa == Isa::kMve) {
    quantized_linear_mve(params, input, weights, kernel_sum, rows, in_features,
                         out_features, output);
  } else if constexpr (kIsa == Isa::kDsp) {
    quantized_linear_dsp(params, input, weights, kernel_sum, rows, in_features,
                         out_features, output);
  } else {
    quantized_linear_scalar(params, input, weights, kernel_sum, rows,
                            in_features, out_features, output);
  }
}

}  // namespace armlet::kernels

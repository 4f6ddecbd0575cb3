// float32 <-> int8 per-tensor (de)quantization, all in float32 as the spec
// says, so host, device and the Python reference round identically.
#pragma once

#include <cstdint>

namespace armlet::kernels {

// q = clamp(round_half_even(x * (1 / scale)) + zero_point, qmin, qmax), with
// 1 / scale and the product rounded to float32. NaN inputs give
// clamp(zero_point) (the spec leaves them open; this keeps them defined).
// [qmin, qmax] lies within [-128, 127].
void quantize_per_tensor(const float* input, int8_t* output, int32_t size,
                         float scale, int32_t zero_point, int32_t qmin,
                         int32_t qmax);

// x = float32(q - zero_point) * scale.
void dequantize_per_tensor(const int8_t* input, float* output, int32_t size,
                           float scale, int32_t zero_point);

}  // namespace armlet::kernels

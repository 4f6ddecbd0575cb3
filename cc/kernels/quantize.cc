// float32 <-> int8 per-tensor (de)quantization: the reference paths,
// literally as the spec says, and the dispatch.
//
// Bit-exactness notes:
// - The product x * inv is passed straight to rint, so it is rounded to
//   float32 first whatever -ffp-contract says: no multiply feeds an add that
//   the compiler could fuse into an FMA.
// - __builtin_rintf rounds to nearest, ties to even, in the default rounding
//   mode (the reset state of every FPU here, and soft-float's only mode). It
//   becomes VRINTX on FPv5 and MVE cores and a call to rintf (libm) where the
//   FPU has no rounding instruction (M4, M3, M0+) and on a plain x86-64 host.
// - The zero point is added and the result clamped in float32, as the spec
//   does, so huge inputs and infinities clamp without any int32 overflow.
#include "cc/kernels/quantize.h"

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/isa.h"

namespace armlet::kernels {

void quantize_per_tensor(const float* input, int8_t* output, int32_t size,
                         float scale, int32_t zero_point, int32_t qmin,
                         int32_t qmax) {
  if constexpr (kHasMveFloat) {
    quantize_per_tensor_mve(input, output, size, scale, zero_point, qmin, qmax);
  } else if constexpr (kHasFpu) {
    quantize_per_tensor_vfp(input, output, size, scale, zero_point, qmin, qmax);
  } else if constexpr (kIsArmWithoutFpu) {
    quantize_per_tensor_integer(input, output, size, scale, zero_point, qmin, qmax);
  } else {
    quantize_per_tensor_scalar(input, output, size, scale, zero_point, qmin, qmax);
  }
}

void dequantize_per_tensor(const int8_t* input, float* output, int32_t size,
                           float scale, int32_t zero_point) {
  if constexpr (kHasMveFloat) {
    dequantize_per_tensor_mve(input, output, size, scale, zero_point);
  } else {
    dequantize_per_tensor_scalar(input, output, size, scale, zero_point);
  }
}

void quantize_per_tensor_scalar(const float* input, int8_t* output, int32_t size,
                                float scale, int32_t zero_point, int32_t qmin,
                                int32_t qmax) {
  const float inverse = 1.0f / scale;
  const float zero = static_cast<float>(zero_point);
  const float low = static_cast<float>(qmin);
  const float high = static_cast<float>(qmax);
  const int32_t nan_result = Clamp(zero_point, qmin, qmax);
  for (int32_t i = 0; i < size; ++i) {
    const float value = __builtin_rintf(input[i] * inverse) + zero;
    int32_t q;
    if (value <= low) {
      q = qmin;
    } else if (value >= high) {
      q = qmax;
    } else if (value == value) {
      q = static_cast<int32_t>(value);  // an integer strictly inside (qmin, qmax)
    } else {
      q = nan_result;
    }
    output[i] = static_cast<int8_t>(q);
  }
}

void dequantize_per_tensor_scalar(const int8_t* input, float* output, int32_t size,
                                  float scale, int32_t zero_point) {
  for (int32_t i = 0; i < size; ++i) {
    output[i] = static_cast<float>(WrappingSub(input[i], zero_point)) * scale;
  }
}

}  // namespace armlet::kernels

// float32 <-> int8 per-tensor (de)quantization, all in float32 as the spec
// says, so host, device and the Python reference round identically.
#pragma once

#include <cstdint>

namespace armlet::kernels {

// q = clamp(round_half_even(x * (1 / scale)) + zero_point, qmin, qmax), with
// 1 / scale and the product rounded to float32. NaN inputs give
// clamp(zero_point) (the spec leaves them open; this keeps them defined).
// [qmin, qmax] lies within [-128, 127]. Dispatches to the best path (isa.h).
void quantize_per_tensor(const float* input, int8_t* output, int32_t size,
                         float scale, int32_t zero_point, int32_t qmin,
                         int32_t qmax);

// x = float32(q - zero_point) * scale. Dispatches to the best path (isa.h).
void dequantize_per_tensor(const int8_t* input, float* output, int32_t size,
                           float scale, int32_t zero_point);

// The reference paths, compiled for every target.
void quantize_per_tensor_scalar(const float* input, int8_t* output, int32_t size,
                                float scale, int32_t zero_point, int32_t qmin,
                                int32_t qmax);
void dequantize_per_tensor_scalar(const int8_t* input, float* output, int32_t size,
                                  float scale, int32_t zero_point);

// Rounds with integer operations on the float's bits instead of rintf and
// float compares: for CPUs without an FPU (M0+, M3), where each of those is
// a library call. Portable, so compiled (and tested) everywhere.
void quantize_per_tensor_integer(const float* input, int8_t* output, int32_t size,
                                 float scale, int32_t zero_point, int32_t qmin,
                                 int32_t qmax);

// Defined only where the target has a hardware single-precision FPU (kHasFpu
// in isa.h): call it under `if constexpr`.
void quantize_per_tensor_vfp(const float* input, int8_t* output, int32_t size,
                             float scale, int32_t zero_point, int32_t qmin,
                             int32_t qmax);

// Defined only where the target has MVE with floating point (kHasMveFloat in
// isa.h): call them under `if constexpr`.
void quantize_per_tensor_mve(const float* input, int8_t* output, int32_t size,
                             float scale, int32_t zero_point, int32_t qmin,
                             int32_t qmax);
void dequantize_per_tensor_mve(const int8_t* input, float* output, int32_t size,
                               float scale, int32_t zero_point);

}  // namespace armlet::kernels

// int8 elementwise addition with TFLite's int8 ADD arithmetic: both inputs are
// moved to a common scale with headroom (left_shift, 20 in practice), added
// in int32 and requantized to the output scale.
#pragma once

#include <cstdint>

#include "cc/kernels/arithmetic.h"

namespace armlet::kernels {

struct AddParams {
  int32_t input1_offset;  // -zero_point of input 1
  int32_t input1_multiplier;
  int32_t input1_shift;
  int32_t input2_offset;  // -zero_point of input 2
  int32_t input2_multiplier;
  int32_t input2_shift;
  int32_t left_shift;  // in [0, 31]
  int32_t output_offset;  // +zero_point of the output
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t activation_min;  // within [-128, 127]
  int32_t activation_max;
};

// One element of the spec's arithmetic: the scalar path, and the leftovers
// and fallbacks of the others.
constexpr int8_t quantized_add_element(const AddParams& params, int8_t a,
                                       int8_t b) {
  const int32_t shifted_a = ShiftLeft(WrappingAdd(a, params.input1_offset), params.left_shift);
  const int32_t shifted_b = ShiftLeft(WrappingAdd(b, params.input2_offset), params.left_shift);
  const int32_t scaled_a = MultiplyByQuantizedMultiplier(
      shifted_a, params.input1_multiplier, params.input1_shift);
  const int32_t scaled_b = MultiplyByQuantizedMultiplier(
      shifted_b, params.input2_multiplier, params.input2_shift);
  return RequantizeToInt8(WrappingAdd(scaled_a, scaled_b), params.output_multiplier,
                          params.output_shift, params.output_offset,
                          params.activation_min, params.activation_max);
}

// Same-shape addition of `size` elements; dispatches to the best path this
// target has (isa.h).
void quantized_add(const AddParams& params, const int8_t* a, const int8_t* b,
                   int8_t* out, int32_t size);

// The reference path, compiled for every target.
void quantized_add_scalar(const AddParams& params, const int8_t* a,
                          const int8_t* b, int8_t* out, int32_t size);

// Defined only where the target has the feature (kHasDsp / kHasMve in isa.h):
// call them under `if constexpr`, where a discarded call needs no definition.
void quantized_add_dsp(const AddParams& params, const int8_t* a,
                       const int8_t* b, int8_t* out, int32_t size);
void quantized_add_mve(const AddParams& params, const int8_t* a,
                       const int8_t* b, int8_t* out, int32_t size);

inline constexpr int32_t kMaxBroadcastRank = 8;

// numpy-style broadcasting: each input shape, aligned to the right, must have
// every dimension equal to the output's or 1, and neither may have more
// dimensions than the output (at most kMaxBroadcastRank). Contiguous
// row-major layouts. Returns false, writing nothing, when the shapes do not
// broadcast to out_shape. Runs of equal contiguous rows use quantized_add.
bool quantized_add_broadcast(const AddParams& params, const int8_t* a,
                             const int32_t* a_shape, int32_t a_rank,
                             const int8_t* b, const int32_t* b_shape,
                             int32_t b_rank, int8_t* out,
                             const int32_t* out_shape, int32_t out_rank);

}  // namespace armlet::kernels

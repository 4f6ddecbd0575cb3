// int8 fully connected layer: output[b, n] = requantize(kernel_sum[n] +
// sum_k input[b, k] * weights[n, k]).
//
// kernel_sum[n] = bias_q[n] + input_offset * sum_k weights[n, k] is folded
// ahead of time, so the inner loop multiplies raw int8 values and every path
// (scalar, DSP, MVE) reads the same kernel_sum. input_offset is kept in the
// parameters for the record; the kernels do not need it.
#pragma once

#include <cstdint>

namespace armlet::kernels {

struct LinearParams {
  int32_t input_offset;   // -input_zero_point (already folded into kernel_sum)
  int32_t output_offset;  // +output_zero_point
  // One multiplier/shift per output channel when per_channel, else one.
  // Shifts must satisfy IsValidShift (arithmetic.h).
  const int32_t* multipliers;
  const int32_t* shifts;
  bool per_channel;
  int32_t activation_min;  // within [-128, 127]
  int32_t activation_max;
};

// input: [rows, in_features] row-major; weights: [out_features, in_features];
// kernel_sum: [out_features]; output: [rows, out_features]. The input's
// leading dimensions are flattened into rows by the caller.
//
// Dispatches to the best path this target has (isa.h).
void quantized_linear(const LinearParams& params, const int8_t* input,
                      const int8_t* weights, const int32_t* kernel_sum,
                      int32_t rows, int32_t in_features, int32_t out_features,
                      int8_t* output);

// The reference path, compiled for every target.
void quantized_linear_scalar(const LinearParams& params, const int8_t* input,
                             const int8_t* weights, const int32_t* kernel_sum,
                             int32_t rows, int32_t in_features,
                             int32_t out_features, int8_t* output);

// Defined only where the target has the feature (kHasDsp / kHasMve in isa.h):
// call them under `if constexpr`, where a discarded call needs no definition.
void quantized_linear_dsp(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output);
void quantized_linear_mve(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output);

}  // namespace armlet::kernels

// MVE (Helium) path of quantized_linear (Cortex-M55, M85).
//
// VMLADAVA multiplies 16 int8 pairs and adds them to a scalar accumulator in
// one instruction. Each pass handles one input row against four output
// channels: the input vector is loaded once and feeds four VMLADAVAs (one
// accumulator per channel; VMLADAVA needs an even general register, so four
// fit comfortably). The last in_features % 16 elements use a tail predicate
// (VCTP) with zeroing loads: lanes past the end are neither read nor counted.
//
// The four accumulators of a pass are four adjacent outputs, so they are
// requantized together in one vector (requantize_mve.h) and stored with one
// narrowing byte store. Leftover channels (out_features % 4) use the scalar
// requantization.
//
// The whole file compiles to nothing on targets without MVE, so one source
// list serves every CPU.
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

#include <arm_mve.h>

#include <cstddef>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantized_linear.h"
#include "cc/kernels/requantize_mve.h"

namespace armlet::kernels {
namespace {

constexpr int32_t kLanes = 16;
constexpr int32_t kBlockCols = 4;

// acc[c] += sum_k x[k] * w[c][k] for kCols consecutive weight rows.
template <int kCols>
inline void DotBlock(const int8_t* x, const int8_t* w, int32_t depth,
                     int32_t (&acc)[kCols]) {
  const int8_t* ws[kCols];
  for (int c = 0; c < kCols; ++c) ws[c] = w + static_cast<ptrdiff_t>(c) * depth;

  int32_t remaining = depth;
  for (; remaining >= kLanes; remaining -= kLanes) {
    const int8x16_t xv = vld1q_s8(x);
    x += kLanes;
    for (int c = 0; c < kCols; ++c) {
      acc[c] = vmladavaq_s8(acc[c], xv, vld1q_s8(ws[c]));
      ws[c] += kLanes;
    }
  }
  if (remaining > 0) {
    const mve_pred16_t tail = vctp8q(static_cast<uint32_t>(remaining));
    const int8x16_t xv = vldrbq_z_s8(x, tail);
    for (int c = 0; c < kCols; ++c) {
      acc[c] = vmladavaq_s8(acc[c], xv, vldrbq_z_s8(ws[c], tail));
    }
  }
}

template <int kCols>
inline void ComputeScalarRequant(const LinearParams& params, const int8_t* x,
                                 const int8_t* weights, const int32_t* kernel_sum,
                                 int32_t n, int32_t depth, int8_t* y) {
  int32_t acc[kCols];
  for (int c = 0; c < kCols; ++c) acc[c] = kernel_sum[n + c];
  DotBlock<kCols>(x, weights + static_cast<ptrdiff_t>(n) * depth, depth, acc);
  for (int c = 0; c < kCols; ++c) {
    const int32_t q = params.per_channel ? n + c : 0;
    y[n + c] = RequantizeToInt8(acc[c], params.multipliers[q], params.shifts[q],
                                params.output_offset, params.activation_min,
                                params.activation_max);
  }
}

}  // namespace

void quantized_linear_mve(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output) {
  const MveOutputStage stage = MakeMveOutputStage(
      params.output_offset, params.activation_min, params.activation_max);
  const MveMultiplier per_tensor =
      MakeMveMultiplier(params.multipliers[0], params.shifts[0]);

  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* x = input + static_cast<ptrdiff_t>(row) * in_features;
    int8_t* y = output + static_cast<ptrdiff_t>(row) * out_features;
    int32_t n = 0;
    for (; n + kBlockCols <= out_features; n += kBlockCols) {
      int32_t acc[kBlockCols] = {0, 0, 0, 0};
      DotBlock<kBlockCols>(x, weights + static_cast<ptrdiff_t>(n) * in_features,
                           in_features, acc);
      int32x4_t sums = vdupq_n_s32(acc[0]);
      sums = vsetq_lane_s32(acc[1], sums, 1);
      sums = vsetq_lane_s32(acc[2], sums, 2);
      sums = vsetq_lane_s32(acc[3], sums, 3);
      sums = vaddq_s32(sums, vld1q_s32(kernel_sum + n));
      const MveMultiplier m =
          params.per_channel
              ? MakeMveMultiplier(vld1q_s32(params.multipliers + n),
                                  vld1q_s32(params.shifts + n))
              : per_tensor;
      vstrbq_s32(y + n, ApplyOutputStage(MultiplyByQuantizedMultiplierMve(sums, m), stage));
    }
    for (; n < out_features; ++n) {
      ComputeScalarRequant<1>(params, x, weights, kernel_sum, n, in_features, y);
    }
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

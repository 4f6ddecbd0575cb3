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

// Dot products of one input row with four consecutive weight rows. Written
// out by hand (not as a loop over channels) so the four accumulators live in
// registers whatever the compiler's unrolling heuristics.
struct Sums4 {
  int32_t s0, s1, s2, s3;
};

inline Sums4 Dot4(const int8_t* x, const int8_t* w0, int32_t depth) {
  const int8_t* w1 = w0 + depth;
  const int8_t* w2 = w1 + depth;
  const int8_t* w3 = w2 + depth;
  Sums4 acc{0, 0, 0, 0};
  // Counting whole vectors (rather than remaining elements) lets the compiler
  // keep one post-incremented pointer per row inside a low-overhead loop.
  for (int32_t blocks = depth / kLanes; blocks > 0; --blocks) {
    const int8x16_t xv = vld1q_s8(x);
    acc.s0 = vmladavaq_s8(acc.s0, xv, vld1q_s8(w0));
    acc.s1 = vmladavaq_s8(acc.s1, xv, vld1q_s8(w1));
    acc.s2 = vmladavaq_s8(acc.s2, xv, vld1q_s8(w2));
    acc.s3 = vmladavaq_s8(acc.s3, xv, vld1q_s8(w3));
    x += kLanes;
    w0 += kLanes;
    w1 += kLanes;
    w2 += kLanes;
    w3 += kLanes;
  }
  const int32_t remaining = depth % kLanes;
  if (remaining > 0) {
    const mve_pred16_t tail = vctp8q(static_cast<uint32_t>(remaining));
    const int8x16_t xv = vldrbq_z_s8(x, tail);
    acc.s0 = vmladavaq_s8(acc.s0, xv, vldrbq_z_s8(w0, tail));
    acc.s1 = vmladavaq_s8(acc.s1, xv, vldrbq_z_s8(w1, tail));
    acc.s2 = vmladavaq_s8(acc.s2, xv, vldrbq_z_s8(w2, tail));
    acc.s3 = vmladavaq_s8(acc.s3, xv, vldrbq_z_s8(w3, tail));
  }
  return acc;
}

// The same for a single weight row (the out_features % 4 leftovers).
inline int32_t Dot1(const int8_t* x, const int8_t* w, int32_t depth) {
  int32_t acc = 0;
  for (int32_t blocks = depth / kLanes; blocks > 0; --blocks) {
    acc = vmladavaq_s8(acc, vld1q_s8(x), vld1q_s8(w));
    x += kLanes;
    w += kLanes;
  }
  const int32_t remaining = depth % kLanes;
  if (remaining > 0) {
    const mve_pred16_t tail = vctp8q(static_cast<uint32_t>(remaining));
    acc = vmladavaq_s8(acc, vldrbq_z_s8(x, tail), vldrbq_z_s8(w, tail));
  }
  return acc;
}

}  // namespace

void quantized_linear_mve(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output) {
  if (rows <= 0 || out_features <= 0) return;  // nothing to write; lists may be empty
  const MveOutputStage stage = MakeMveOutputStage(
      params.output_offset, params.activation_min, params.activation_max);
  const MveMultiplier per_tensor =
      MakeMveMultiplier(params.multipliers[0], params.shifts[0]);

  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* x = input + static_cast<ptrdiff_t>(row) * in_features;
    int8_t* y = output + static_cast<ptrdiff_t>(row) * out_features;
    int32_t n = 0;
    for (; n + kBlockCols <= out_features; n += kBlockCols) {
      const Sums4 acc =
          Dot4(x, weights + static_cast<ptrdiff_t>(n) * in_features, in_features);
      int32x4_t sums = vdupq_n_s32(acc.s0);
      sums = vsetq_lane_s32(acc.s1, sums, 1);
      sums = vsetq_lane_s32(acc.s2, sums, 2);
      sums = vsetq_lane_s32(acc.s3, sums, 3);
      sums = vaddq_s32(sums, vld1q_s32(kernel_sum + n));
      const MveMultiplier m =
          params.per_channel
              ? MakeMveMultiplier(vld1q_s32(params.multipliers + n),
                                  vld1q_s32(params.shifts + n))
              : per_tensor;
      vstrbq_s32(y + n, ApplyOutputStage(MultiplyByQuantizedMultiplierMve(sums, m), stage));
    }
    for (; n < out_features; ++n) {
      const int32_t acc = WrappingAdd(
          kernel_sum[n], Dot1(x, weights + static_cast<ptrdiff_t>(n) * in_features, in_features));
      const int32_t q = params.per_channel ? n : 0;
      y[n] = RequantizeToInt8(acc, params.multipliers[q], params.shifts[q], params.output_offset,
                              params.activation_min, params.activation_max);
    }
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

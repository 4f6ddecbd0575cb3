// DSP-extension path of quantized_linear (Cortex-M4, M7, M33, and the DSP
// subset of M55/M85): SMLAD does two 16x16 multiply-accumulates per
// instruction.
//
// Four int8 values are loaded as one word and sign-extended by SXTB16 into two
// int16 pairs: lanes {0, 2} directly and lanes {1, 3} after rotating by 8
// bits. Input and weights are split the same way, so SMLAD still multiplies
// x[k] by w[k]; the order of the additions does not matter in integers.
//
// Each pass computes a block of kRows input rows by kCols output channels, so
// one unpacked input word feeds kCols channels and one unpacked weight word
// feeds kRows rows: loads and SXTB16s are shared across the block.
//
// The whole file compiles to nothing on targets without the DSP extension, so
// one source list serves every CPU.
#if defined(__ARM_FEATURE_DSP)

#include <arm_acle.h>

#include <cstddef>
#include <cstring>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantized_linear.h"

namespace armlet::kernels {
namespace {

constexpr int32_t kBlockRows = 2;
constexpr int32_t kBlockCols = 2;

// GCC's arm_acle.h has no __ror; the compiler folds this rotate into the
// SXTB16/SXTAB16 operand (ROR #8).
inline uint32_t RotateRight8(uint32_t word) { return (word >> 8) | (word << 24); }

// Unaligned word load; Cortex-M with the DSP extension supports unaligned LDR.
inline uint32_t LoadWord(const int8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// Sign-extended int16 pairs of a word's bytes {0, 2} (even) and {1, 3} (odd).
struct Pairs {
  int16x2_t even;
  int16x2_t odd;
};

inline Pairs Unpack(uint32_t word) {
  return {__sxtb16(word), __sxtb16(RotateRight8(word))};
}

// acc[r][c] += sum_k x[r][k] * w[c][k] for a kRows x kCols block.
template <int kRows, int kCols>
inline void DotBlock(const int8_t* x, const int8_t* w, int32_t depth,
                     int32_t (&acc)[kRows][kCols]) {
  const int8_t* xs[kRows];
  const int8_t* ws[kCols];
  for (int r = 0; r < kRows; ++r) xs[r] = x + static_cast<ptrdiff_t>(r) * depth;
  for (int c = 0; c < kCols; ++c) ws[c] = w + static_cast<ptrdiff_t>(c) * depth;

  int32_t k = 0;
  for (; k + 4 <= depth; k += 4) {
    Pairs xp[kRows];
    for (int r = 0; r < kRows; ++r) xp[r] = Unpack(LoadWord(xs[r] + k));
    for (int c = 0; c < kCols; ++c) {
      const Pairs wp = Unpack(LoadWord(ws[c] + k));
      for (int r = 0; r < kRows; ++r) {
        acc[r][c] = __smlad(xp[r].even, wp.even, acc[r][c]);
        acc[r][c] = __smlad(xp[r].odd, wp.odd, acc[r][c]);
      }
    }
  }
  for (; k < depth; ++k) {
    for (int r = 0; r < kRows; ++r) {
      for (int c = 0; c < kCols; ++c) {
        acc[r][c] = WrappingAdd(acc[r][c], int32_t{xs[r][k]} * int32_t{ws[c][k]});
      }
    }
  }
}

// Computes output[row .. row+kRows, n .. n+kCols].
template <int kRows, int kCols>
inline void ComputeBlock(const LinearParams& params, const int8_t* input,
                         const int8_t* weights, const int32_t* kernel_sum,
                         int32_t row, int32_t n, int32_t depth,
                         int32_t out_features, int8_t* output) {
  int32_t acc[kRows][kCols];
  for (int r = 0; r < kRows; ++r) {
    for (int c = 0; c < kCols; ++c) acc[r][c] = kernel_sum[n + c];
  }
  DotBlock<kRows, kCols>(input + static_cast<ptrdiff_t>(row) * depth,
                         weights + static_cast<ptrdiff_t>(n) * depth, depth, acc);
  for (int c = 0; c < kCols; ++c) {
    const int32_t q = params.per_channel ? n + c : 0;
    const int32_t multiplier = params.multipliers[q];
    const int32_t shift = params.shifts[q];
    for (int r = 0; r < kRows; ++r) {
      output[static_cast<ptrdiff_t>(row + r) * out_features + n + c] =
          RequantizeToInt8(acc[r][c], multiplier, shift, params.output_offset,
                           params.activation_min, params.activation_max);
    }
  }
}

template <int kRows>
inline void ComputeRows(const LinearParams& params, const int8_t* input,
                        const int8_t* weights, const int32_t* kernel_sum,
                        int32_t row, int32_t depth, int32_t out_features,
                        int8_t* output) {
  int32_t n = 0;
  for (; n + kBlockCols <= out_features; n += kBlockCols) {
    ComputeBlock<kRows, kBlockCols>(params, input, weights, kernel_sum, row, n,
                                    depth, out_features, output);
  }
  for (; n < out_features; ++n) {
    ComputeBlock<kRows, 1>(params, input, weights, kernel_sum, row, n, depth,
                           out_features, output);
  }
}

}  // namespace

void quantized_linear_dsp(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output) {
  int32_t row = 0;
  for (; row + kBlockRows <= rows; row += kBlockRows) {
    ComputeRows<kBlockRows>(params, input, weights, kernel_sum, row,
                            in_features, out_features, output);
  }
  for (; row < rows; ++row) {
    ComputeRows<1>(params, input, weights, kernel_sum, row, in_features,
                   out_features, output);
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_DSP)

// DSP-extension path of quantized_linear (Cortex-M4, M7, M33, and the DSP
// subset of M55/M85): SMLAD does two 16x16 multiply-accumulates per
// instruction.
//
// Four int8 values are loaded as one word and sign-extended by SXTB16 into two
// int16 pairs: bytes {0, 2} directly and bytes {1, 3} through the ROR #8
// operand. Input and weights are split the same way, so SMLAD still
// multiplies x[k] by w[k]; the order of the additions does not matter in
// integers (all sums wrap modulo 2^32, like the scalar path's).
//
// Each pass computes two input rows by two output channels, so every loaded
// and unpacked word feeds two outputs. That is the largest block whose
// accumulators, pointers and unpacked words fit in the 13 usable registers;
// leftover rows and channels use 1x2 and 1x1 passes.
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

inline uint32_t LoadWord(const int8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));  // unaligned LDR: fine on every DSP core
  return word;
}

// SXTB16 with its built-in ROR #8 operand: GCC 12's arm_acle.h has no __ror
// and does not fold a rotate into __sxtb16, which would cost a separate MOV
// per word in the inner loop.
inline int16x2_t SignExtendOddBytes(uint32_t word) {
  int16x2_t pairs;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(pairs) : "r"(word));
  return pairs;
}

// Sign-extended int16 pairs of a word's bytes {0, 2} (even) and {1, 3} (odd).
struct Pairs {
  int16x2_t even;
  int16x2_t odd;
};

inline Pairs Unpack(const int8_t* p) {
  const uint32_t word = LoadWord(p);
  return {__sxtb16(word), SignExtendOddBytes(word)};
}

// sum + x . w over four elements.
inline int32_t Mac4(const Pairs& x, const Pairs& w, int32_t sum) {
  return __smlad(x.odd, w.odd, __smlad(x.even, w.even, sum));
}

// The dot-product kernels below use one named accumulator per output rather
// than loops over small arrays: the byte loads may alias anything, so
// accumulators the compiler cannot prove private get stored to memory on every
// iteration. The in_features % 4 leftovers are plain multiply-adds.

// Two input rows against two weight rows. The second row of each pair is
// addressed at a fixed distance (depth) from the first, so the loop needs two
// moving pointers instead of four.
struct Sums2x2 {
  int32_t x0w0, x0w1, x1w0, x1w1;
};

inline Sums2x2 Dot2x2(const int8_t* x, const int8_t* w, int32_t depth) {
  Sums2x2 s{0, 0, 0, 0};
  for (int32_t blocks = depth / 4; blocks > 0; --blocks) {
    const Pairs a0 = Unpack(x);
    const Pairs a1 = Unpack(x + depth);
    const Pairs b0 = Unpack(w);
    s.x0w0 = Mac4(a0, b0, s.x0w0);
    s.x1w0 = Mac4(a1, b0, s.x1w0);
    const Pairs b1 = Unpack(w + depth);
    s.x0w1 = Mac4(a0, b1, s.x0w1);
    s.x1w1 = Mac4(a1, b1, s.x1w1);
    x += 4;
    w += 4;
  }
  for (int32_t k = 0; k < depth % 4; ++k) {
    const int32_t x0 = x[k];
    const int32_t x1 = x[k + depth];
    const int32_t w0 = w[k];
    const int32_t w1 = w[k + depth];
    s.x0w0 = WrappingAdd(s.x0w0, x0 * w0);
    s.x0w1 = WrappingAdd(s.x0w1, x0 * w1);
    s.x1w0 = WrappingAdd(s.x1w0, x1 * w0);
    s.x1w1 = WrappingAdd(s.x1w1, x1 * w1);
  }
  return s;
}

// One vector against two: one input row with two channels, or (the product
// being symmetric) one channel with two input rows.
struct Sums1x2 {
  int32_t v0, v1;
};

inline Sums1x2 Dot1x2(const int8_t* x, const int8_t* v0, const int8_t* v1, int32_t depth) {
  Sums1x2 s{0, 0};
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4) {
    const Pairs a = Unpack(x + k);
    s.v0 = Mac4(a, Unpack(v0 + k), s.v0);
    s.v1 = Mac4(a, Unpack(v1 + k), s.v1);
  }
  for (; k < depth; ++k) {
    s.v0 = WrappingAdd(s.v0, int32_t{x[k]} * v0[k]);
    s.v1 = WrappingAdd(s.v1, int32_t{x[k]} * v1[k]);
  }
  return s;
}

inline int32_t Dot1x1(const int8_t* x, const int8_t* w, int32_t depth) {
  int32_t sum = 0;
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4) sum = Mac4(Unpack(x + k), Unpack(w + k), sum);
  for (; k < depth; ++k) sum = WrappingAdd(sum, int32_t{x[k]} * w[k]);
  return sum;
}

// Adds the kernel sum, requantizes and stores output[row][n].
struct OutputWriter {
  const LinearParams& params;
  const int32_t* kernel_sum;
  int8_t* output;
  int32_t out_features;

  void operator()(int32_t row, int32_t n, int32_t sum) const {
    const int32_t q = params.per_channel ? n : 0;
    output[static_cast<ptrdiff_t>(row) * out_features + n] = RequantizeToInt8(
        WrappingAdd(kernel_sum[n], sum), params.multipliers[q], params.shifts[q],
        params.output_offset, params.activation_min, params.activation_max);
  }
};

}  // namespace

void quantized_linear_dsp(const LinearParams& params, const int8_t* input,
                          const int8_t* weights, const int32_t* kernel_sum,
                          int32_t rows, int32_t in_features,
                          int32_t out_features, int8_t* output) {
  const OutputWriter write{params, kernel_sum, output, out_features};
  const auto input_row = [=](int32_t row) {
    return input + static_cast<ptrdiff_t>(row) * in_features;
  };
  const auto weight_row = [=](int32_t n) {
    return weights + static_cast<ptrdiff_t>(n) * in_features;
  };
  int32_t row = 0;
  for (; row + 2 <= rows; row += 2) {
    const int8_t* x0 = input_row(row);
    const int8_t* x1 = input_row(row + 1);
    int32_t n = 0;
    for (; n + 2 <= out_features; n += 2) {
      const Sums2x2 s = Dot2x2(x0, weight_row(n), in_features);
      write(row, n, s.x0w0);
      write(row, n + 1, s.x0w1);
      write(row + 1, n, s.x1w0);
      write(row + 1, n + 1, s.x1w1);
    }
    if (n < out_features) {
      const Sums1x2 s = Dot1x2(weight_row(n), x0, x1, in_features);
      write(row, n, s.v0);
      write(row + 1, n, s.v1);
    }
  }
  if (row < rows) {
    const int8_t* x = input_row(row);
    int32_t n = 0;
    for (; n + 2 <= out_features; n += 2) {
      const Sums1x2 s = Dot1x2(x, weight_row(n), weight_row(n + 1), in_features);
      write(row, n, s.v0);
      write(row, n + 1, s.v1);
    }
    if (n < out_features) write(row, n, Dot1x1(x, weight_row(n), in_features));
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_DSP)

// Compile-time dispatch of the same-shape quantized_add, and the broadcasting
// form built on it.
#include "cc/kernels/quantized_add.h"

#include <cstddef>

#include "cc/kernels/isa.h"

namespace armlet::kernels {

void quantized_add(const AddParams& params, const int8_t* a, const int8_t* b,
                   int8_t* out, int32_t size) {
  if constexpr (kIsa == Isa::kMve) {
    quantized_add_mve(params, a, b, out, size);
  } else if constexpr (kIsa == Isa::kDsp) {
    quantized_add_dsp(params, a, b, out, size);
  } else {
    quantized_add_scalar(params, a, b, out, size);
  }
}

namespace {

// Output dimensions and, per input, the element stride of each dimension
// (0 where the input is broadcast along it). Rank is at least 1: a rank-0
// output is one element.
struct BroadcastPlan {
  int32_t rank = 1;
  int32_t dims[kMaxBroadcastRank] = {1};
  ptrdiff_t a_strides[kMaxBroadcastRank] = {0};
  ptrdiff_t b_strides[kMaxBroadcastRank] = {0};
  bool same_shape = true;
};

// Fills the strides of one input; false if its shape does not broadcast.
bool PlanInput(const int32_t* shape, int32_t rank, const BroadcastPlan& plan,
               int32_t out_rank, ptrdiff_t* strides, bool* same_shape) {
  if (rank < 0 || rank > out_rank) return false;
  if (rank != out_rank) *same_shape = false;
  ptrdiff_t stride = 1;
  for (int32_t i = plan.rank - 1; i >= 0; --i) {
    const int32_t from_end = plan.rank - 1 - i;
    const int32_t dim = from_end < rank ? shape[rank - 1 - from_end] : 1;
    if (dim != plan.dims[i] && dim != 1) return false;
    if (dim != plan.dims[i]) *same_shape = false;
    strides[i] = dim == 1 ? 0 : stride;
    stride *= dim;
  }
  return true;
}

bool MakePlan(const int32_t* a_shape, int32_t a_rank, const int32_t* b_shape,
              int32_t b_rank, const int32_t* out_shape, int32_t out_rank,
              BroadcastPlan* plan) {
  if (out_rank < 0 || out_rank > kMaxBroadcastRank) return false;
  if (out_rank > 0) {
    plan->rank = out_rank;
    for (int32_t i = 0; i < out_rank; ++i) {
      if (out_shape[i] < 0) return false;
      plan->dims[i] = out_shape[i];
    }
  }
  return PlanInput(a_shape, a_rank, *plan, out_rank, plan->a_strides, &plan->same_shape) &&
         PlanInput(b_shape, b_rank, *plan, out_rank, plan->b_strides, &plan->same_shape);
}

}  // namespace

bool quantized_add_broadcast(const AddParams& params, const int8_t* a,
                             const int32_t* a_shape, int32_t a_rank,
                             const int8_t* b, const int32_t* b_shape,
                             int32_t b_rank, int8_t* out,
                             const int32_t* out_shape, int32_t out_rank) {
  BroadcastPlan plan;
  if (!MakePlan(a_shape, a_rank, b_shape, b_rank, out_shape, out_rank, &plan)) {
    return false;
  }
  ptrdiff_t total = 1;
  for (int32_t i = 0; i < plan.rank; ++i) total *= plan.dims[i];
  if (total == 0) return true;

  const int32_t last = plan.rank - 1;
  const int32_t inner = plan.dims[last];
  if (plan.same_shape) {
    quantized_add(params, a, b, out, static_cast<int32_t>(total));
    return true;
  }

  // Walk the outer dimensions with an odometer; each step handles one
  // innermost row, with the optimized path when both inputs are contiguous
  // along it.
  const ptrdiff_t a_inner = plan.a_strides[last];
  const ptrdiff_t b_inner = plan.b_strides[last];
  int32_t index[kMaxBroadcastRank] = {0};
  ptrdiff_t a_offset = 0;
  ptrdiff_t b_offset = 0;
  for (ptrdiff_t out_offset = 0; out_offset < total; out_offset += inner) {
    if (a_inner == 1 && b_inner == 1) {
      quantized_add(params, a + a_offset, b + b_offset, out + out_offset, inner);
    } else {
      for (int32_t i = 0; i < inner; ++i) {
        out[out_offset + i] = quantized_add_element(
            params, a[a_offset + i * a_inner], b[b_offset + i * b_inner]);
      }
    }
    for (int32_t d = last - 1; d >= 0; --d) {
      ++index[d];
      a_offset += plan.a_strides[d];
      b_offset += plan.b_strides[d];
      if (index[d] < plan.dims[d]) break;
      a_offset -= plan.a_strides[d] * plan.dims[d];
      b_offset -= plan.b_strides[d] * plan.dims[d];
      index[d] = 0;
    }
  }
  return true;
}

}  // namespace armlet::kernels

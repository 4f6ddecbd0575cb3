// aten::view_copy.out: the same bytes under a new shape (one size may be -1).
#include <cstring>

#include "cc/ops/op_util.h"
#include "cc/ops/operator_table.h"

namespace armlet::ops {
namespace {

namespace args = aten_view_copy_out_args;
constexpr const char* kName = "aten::view_copy";

}  // namespace

Status aten_view_copy_out_prepare(OpCall& call) {
  const Tensor& self = call.tensor(args::kSelf);
  const Tensor& out = call.tensor(args::kOut);
  const IntListView& size = call.int_list(args::kSize);
  if (size.size > kMaxRank) {
    return op_fail(Status::kUnsupported, kName, Text() << "size has " << size.size << " dimensions");
  }
  // Resolve the one allowed -1 from the element count.
  int32_t shape[kMaxRank];
  int32_t inferred = -1;
  int64_t known = 1;
  for (int32_t d = 0; d < size.size; ++d) {
    shape[d] = size.items[d];
    if (shape[d] == -1 && inferred < 0) {
      inferred = d;
      continue;
    }
    if (shape[d] < 0) return op_fail(Status::kInvalidProgram, kName, Text() << "invalid size " << shape[d]);
    // Saturate above int32: such a shape can never equal out's (checked below).
    if (known <= INT32_MAX || shape[d] == 0) known *= shape[d];
  }
  if (inferred >= 0) {
    if (known == 0 || self.numel % known != 0) {
      return op_fail(Status::kInvalidProgram, kName, Text() << "cannot infer size -1");
    }
    shape[inferred] = static_cast<int32_t>(self.numel / known);
  }
  Status status = expect_shape(kName, "out", out, self.dtype, shape, size.size);
  if (status == Status::kOk && out.numel != self.numel) {
    status = op_fail(Status::kInvalidProgram, kName, Text() << "element count changes");
  }
  return status;
}

Status aten_view_copy_out_run(const OpCall& call) {
  const Tensor& self = call.tensor(args::kSelf);
  const Tensor& out = call.tensor(args::kOut);
  // Planned memory may place out over self: memmove handles the overlap.
  if (out.data != self.data && out.nbytes > 0) memmove(out.data, self.data, out.nbytes);
  return Status::kOk;
}

}  // namespace armlet::ops

// The operator registry: what the loader knows about each operator.
//
// The table itself is generated at build time from python/ops/operators.json
// (python/ops/gen_operator_table.py) and handed to Method::init, so the
// runtime depends on no particular operator set.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cc/runtime/status.h"
#include "cc/runtime/value.h"

namespace armlet {

// The EValue kind an argument must have, from its schema type.
enum class ArgKind : uint8_t {
  kTensor,      // Tensor
  kInt,         // int, SymInt, ScalarType (serialized as Int)
  kDouble,      // float
  kBool,        // bool
  kIntList,     // int[], SymInt[]
  kDoubleList,  // float[] (never accepted by this runtime's loader)
  kBoolList,    // bool[]
  kTensorList,  // Tensor[]
};

enum class ArgRole : uint8_t {
  kInput,   // read by the kernel
  kOut,     // written by the kernel (`Tensor(a!) out`)
  kReturn,  // the returned value; ExecuTorch emits the out tensor again here
};

struct ArgSpec {
  const char* name;
  ArgKind kind;
  ArgRole role;
  bool optional;  // `Type?`: None is accepted too
};

// One kernel call as the operator sees it. Argument kinds are checked against
// the schema at load time, so an operator may read args[i] as its schema says.
struct OpCall {
  Value* const* args;
  int32_t arg_count;
  // Multiply-accumulates per call, set by prepare when the operator knows them
  // (0 = not applicable); the runner's profile prints them.
  uint64_t macs;

  Tensor& tensor(int32_t i) const { return args[i]->tensor; }
  int64_t integer(int32_t i) const { return args[i]->integer; }
  double real(int32_t i) const { return args[i]->real; }
  bool boolean(int32_t i) const { return args[i]->boolean; }
  const IntListView& int_list(int32_t i) const { return args[i]->list; }
  bool is_none(int32_t i) const { return args[i]->kind == ValueKind::kNone; }
};

// prepare runs once at load time with every tensor placed: it validates
// dtypes, shapes and parameters and reports a clear error. run executes the
// call; shapes are static, so a prepared call cannot go out of bounds.
using PrepareFn = Status (*)(OpCall& call);
using RunFn = Status (*)(const OpCall& call);

struct OperatorEntry {
  const char* name;      // "armlet::quantized_linear"
  const char* overload;  // "out"
  const ArgSpec* args;
  int32_t arg_count;
  PrepareFn prepare;
  RunFn run;
};

struct OperatorTable {
  const OperatorEntry* entries;
  size_t count;

  // nullptr when absent.
  const OperatorEntry* find(const char* name, const char* overload) const;
};

}  // namespace armlet

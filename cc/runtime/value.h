// Method values: the runtime form of the program's EValue table.
#pragma once

#include <cstdint>

#include "cc/runtime/tensor.h"

namespace armlet {

enum class ValueKind : uint8_t {
  kNone,
  kInt,
  kBool,
  kDouble,
  kTensor,
  kIntList,
  // Strings, float/bool lists, tensor lists: loaded as opaque values; an
  // operator that expects one of them is rejected at load time.
  kOther,
};

const char* value_kind_name(ValueKind kind);

// An int list, unboxed at load time into int32 (every armlet use of an int
// list - multipliers, shifts, shapes - is int32).
struct IntListView {
  const int32_t* items;
  int32_t size;
};

struct Value {
  ValueKind kind;
  // An Int referenced by some IntList: lists are unboxed at load time, so
  // such an Int must never change afterwards (a MoveCall into it is refused).
  bool boxed;
  union {
    int64_t integer;
    double real;
    bool boolean;
    IntListView list;
    Tensor tensor;
  };
};

}  // namespace armlet

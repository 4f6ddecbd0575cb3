#include "cc/runtime/value.h"

namespace armlet {

const char* value_kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNone:
      return "None";
    case ValueKind::kInt:
      return "Int";
    case ValueKind::kBool:
      return "Bool";
    case ValueKind::kDouble:
      return "Double";
    case ValueKind::kTensor:
      return "Tensor";
    case ValueKind::kIntList:
      return "IntList";
    case ValueKind::kOther:
      return "other";
  }
  return "?";
}

}  // namespace armlet

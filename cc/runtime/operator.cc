#include "cc/runtime/operator.h"

namespace armlet {
namespace {

bool equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

}  // namespace

const OperatorEntry* OperatorTable::find(const char* name, const char* overload) const {
  for (size_t i = 0; i < count; ++i) {
    if (equal(entries[i].name, name) && equal(entries[i].overload, overload)) return &entries[i];
  }
  return nullptr;
}

}  // namespace armlet

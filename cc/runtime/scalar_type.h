// Element types, numbered as ExecuTorch's ScalarType (the .pte and the tensor
// bundle both store these codes).
#pragma once

#include <cstdint>

namespace armlet {

enum class ScalarType : uint8_t {
  kUInt8 = 0,
  kInt8 = 1,
  kInt16 = 2,
  kInt32 = 3,
  kInt64 = 4,
  kFloat16 = 5,
  kFloat32 = 6,
  kFloat64 = 7,
  kBool = 11,
};

// Size of one element in bytes, or 0 for a code the runtime does not handle
// (the caller rejects those).
constexpr uint32_t element_size(uint32_t code) {
  switch (code) {
    case 0:   // uint8
    case 1:   // int8
    case 11:  // bool
      return 1;
    case 2:  // int16
    case 5:  // float16 (storage only)
      return 2;
    case 3:  // int32
    case 6:  // float32
      return 4;
    case 4:  // int64
    case 7:  // float64
      return 8;
    default:
      return 0;
  }
}

constexpr uint32_t element_size(ScalarType type) { return element_size(static_cast<uint32_t>(type)); }

constexpr const char* scalar_type_name(ScalarType type) {
  switch (type) {
    case ScalarType::kUInt8:
      return "uint8";
    case ScalarType::kInt8:
      return "int8";
    case ScalarType::kInt16:
      return "int16";
    case ScalarType::kInt32:
      return "int32";
    case ScalarType::kInt64:
      return "int64";
    case ScalarType::kFloat16:
      return "float16";
    case ScalarType::kFloat32:
      return "float32";
    case ScalarType::kFloat64:
      return "float64";
    case ScalarType::kBool:
      return "bool";
  }
  return "?";
}

}  // namespace armlet

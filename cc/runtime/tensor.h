// The runtime's view of a tensor: contiguous, static shape, fixed data.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cc/runtime/scalar_type.h"
#include "cc/runtime/text.h"

namespace armlet {

inline constexpr int32_t kMaxRank = 8;
// Kernels take int32 sizes, so every tensor's element count and byte size
// stays below 2^31.
inline constexpr uint64_t kMaxTensorBytes = 0x7fffffffu;

struct Tensor {
  void* data;
  uint32_t nbytes;
  int32_t numel;
  int32_t sizes[kMaxRank];
  ScalarType dtype;
  uint8_t rank;
  // Constants point into the program bytes and must never be written.
  bool constant;

  template <typename T>
  T* data_as() const {
    return static_cast<T*>(data);
  }
};

// A tensor handed in or out by the caller (bundle entries, method inputs).
struct TensorRef {
  ScalarType dtype;
  int32_t rank;
  int32_t sizes[kMaxRank];
  const void* data;
  uint32_t nbytes;
};

inline bool same_shape(const Tensor& a, const Tensor& b) {
  if (a.rank != b.rank) return false;
  for (int32_t i = 0; i < a.rank; ++i) {
    if (a.sizes[i] != b.sizes[i]) return false;
  }
  return true;
}

// Appends "int8 [2, 5]" to |text|.
void describe(Text& text, ScalarType dtype, int32_t rank, const int32_t* sizes);
inline void describe(Text& text, const Tensor& tensor) {
  describe(text, tensor.dtype, tensor.rank, tensor.sizes);
}

// Computes numel and nbytes for a shape, rejecting overflow past
// kMaxTensorBytes and negative sizes. Returns false when out of range.
bool shape_bytes(const int32_t* sizes, int32_t rank, uint32_t element_bytes, int32_t* numel,
                 uint32_t* nbytes);

}  // namespace armlet

// Tensor bundle files: the runner's inputs and outputs.
//
// Little endian: magic "ATB1", u32 count, then per tensor: u32 scalar_type
// (ExecuTorch codes), u32 rank (<= 8), u32 sizes[rank], u32 nbytes
// (= numel * element size), the bytes, zero padding to a 4-byte boundary.
// Python's armlet.bundle reads and writes the same format.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cc/runtime/status.h"
#include "cc/runtime/tensor.h"

namespace armlet {

class BundleReader {
 public:
  // Validates the whole bundle (every header, size and padding in bounds).
  // |data| must outlive the reader.
  [[nodiscard]] Status open(const uint8_t* data, size_t size);

  uint32_t count() const { return count_; }
  // Tensor |index|; its data points into the bundle (4-byte aligned when the
  // bundle is).
  [[nodiscard]] Status tensor(uint32_t index, TensorRef* out) const;

 private:
  // Parses the entry at |offset|, returning its end in |next|.
  Status parse(size_t offset, uint32_t index, TensorRef* out, size_t* next) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  uint32_t count_ = 0;
};

class BundleWriter {
 public:
  BundleWriter(uint8_t* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}

  // Bytes of the bundle header, and of one tensor entry (header, data, padding): callers size
  // their buffer with these before writing.
  static constexpr uint64_t kHeaderBytes = 8;  // magic, count
  static constexpr uint64_t entry_bytes(int32_t rank, uint32_t nbytes) {
    return 12 + 4 * static_cast<uint64_t>(rank) + ((uint64_t{nbytes} + 3u) & ~uint64_t{3});
  }

  // Starts a bundle that will hold |count| tensors.
  [[nodiscard]] Status begin(uint32_t count);
  [[nodiscard]] Status add(const Tensor& tensor);
  [[nodiscard]] Status add(const TensorRef& tensor);
  // Checks that |count| tensors were added; size() is then the file size.
  [[nodiscard]] Status finish() const;

  size_t size() const { return size_; }

 private:
  Status put_u32(uint32_t value);
  Status put_bytes(const void* data, size_t length);

  uint8_t* buffer_;
  size_t capacity_;
  size_t size_ = 0;
  uint32_t expected_ = 0;
  uint32_t added_ = 0;
};

}  // namespace armlet

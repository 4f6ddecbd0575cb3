// A loaded .pte program: the validated file, before any method memory exists.
//
// File layout (ExecuTorch's): a FlatBuffers buffer with file identifier
// "ET12" whose bytes 8.. may hold an extended header ("eh00", header length,
// program size, segment base offset, segment data size; little endian), and
// after the FlatBuffers data the segments, at offsets relative to the segment
// base offset. Constant tensors live in the segment named by
// Program.constant_segment (older files: inline in Program.constant_buffer).
#pragma once

#include <cstddef>
#include <cstdint>

#include "cc/runtime/status.h"

namespace executorch_flatbuffer {
struct Program;
struct ExecutionPlan;
}  // namespace executorch_flatbuffer

namespace armlet {

// The program bytes must start at this alignment: FlatBuffers checks field
// alignment relative to the buffer start and constants are read in place.
inline constexpr size_t kProgramAlignment = 16;

class Program {
 public:
  // Checks identifier, extended header, FlatBuffers verification and every
  // segment's bounds. |data| must outlive the Program and stay unchanged.
  [[nodiscard]] static Status load(const uint8_t* data, size_t size, Program* program);

  size_t file_size() const { return file_size_; }
  // FlatBuffers part (extended header included).
  size_t flatbuffer_size() const { return flatbuffer_size_; }
  size_t method_count() const;
  // nullptr if out of range; the name may be empty.
  const char* method_name(size_t index) const;

  // The method called |name|, or the first one when |name| is nullptr.
  [[nodiscard]] Status find_method(const char* name,
                                   const executorch_flatbuffer::ExecutionPlan** plan) const;

  // Bytes of constant |buffer_index| (index 0 is reserved for non-constants),
  // checking that |nbytes| lie inside the program file.
  [[nodiscard]] Status constant_data(uint32_t buffer_index, size_t nbytes,
                                     const uint8_t** data) const;

 private:
  Status check_segments() const;

  const uint8_t* data_ = nullptr;
  size_t file_size_ = 0;
  size_t flatbuffer_size_ = 0;
  // Segment bytes as a whole: [segment_base_, segment_base_ + segment_bytes_).
  size_t segment_base_ = 0;
  size_t segment_bytes_ = 0;
  const executorch_flatbuffer::Program* root_ = nullptr;
};

}  // namespace armlet

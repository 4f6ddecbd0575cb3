// The .pte reader, generated at build time by flatc from the program.fbs that
// ships in the executorch wheel (so reader and writer share one schema).
//
// Include this instead of the generated header: it configures flatbuffers for
// the device first.
#pragma once

// Every index and offset is bounds-checked by the loader before flatbuffers
// sees it, so flatbuffers' debug asserts add nothing on the device, where
// assert() would pull newlib's stdio into the image. Host builds keep them as
// an extra tripwire under the sanitizers.
#if !defined(FLATBUFFERS_ASSERT) && defined(__arm__) && !defined(__linux__)
#define FLATBUFFERS_ASSERT(condition) static_cast<void>(sizeof(condition))
#endif

#include "cc/runtime/program_generated.h"

#include <cstring>
#include <type_traits>

namespace armlet {

static_assert(FLATBUFFERS_LITTLEENDIAN, "the .pte reader assumes a little-endian target");

// Element |index| of a vector of 8-byte scalars, read bytewise. The
// FlatBuffers 2.0.8 verifier checks the alignment of a vector's length field
// but not of its elements, so a hostile file can place an int64 vector at a
// 4-byte boundary, where a plain load is undefined (and LDRD faults on
// Cortex-M). Callers bounds-check |index| first.
template <typename T>
T unaligned_element(const flatbuffers::Vector<T>& vector, flatbuffers::uoffset_t index) {
  static_assert(std::is_arithmetic_v<T>, "scalar vectors only");
  T value;
  memcpy(&value, vector.Data() + static_cast<size_t>(index) * sizeof(T), sizeof(T));
  return value;
}

}  // namespace armlet

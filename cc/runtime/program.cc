#include "cc/runtime/program.h"

#include "cc/runtime/pte_schema.h"

namespace armlet {
namespace {

namespace fb = executorch_flatbuffer;

constexpr size_t kIdentifierOffset = 4;
constexpr size_t kHeaderOffset = 8;
// Magic, length, program size, segment base offset.
constexpr size_t kHeaderMinimumLength = 24;
// ... plus the segment data size.
constexpr size_t kHeaderFullLength = 32;
// FlatBuffers refuses buffers of 2 GiB or more.
constexpr size_t kMaxFlatbufferSize = 0x7ffffffe;

uint32_t read_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

uint64_t read_u64(const uint8_t* p) {
  return static_cast<uint64_t>(read_u32(p)) | static_cast<uint64_t>(read_u32(p + 4)) << 32;
}

bool bytes_equal(const uint8_t* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != static_cast<uint8_t>(b[i])) return false;
  }
  return true;
}

// [offset, offset + length) inside [0, limit), without overflow.
bool range_inside(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

bool c_strings_equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

Status bad_identifier(const uint8_t* data) {
  Text text;
  text << "not a .pte program: file identifier is '";
  for (size_t i = 0; i < 4; ++i) {
    const uint8_t c = data[kIdentifierOffset + i];
    text << ((c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?');
  }
  return fail(Status::kInvalidProgram, text << "', expected 'ET12'");
}

}  // namespace

Status Program::load(const uint8_t* data, size_t size, Program* program) {
  if (data == nullptr || program == nullptr) {
    return fail(Status::kInvalidArgument, "Program::load: null data or program");
  }
  *program = Program();
  if (reinterpret_cast<uintptr_t>(data) % kProgramAlignment != 0) {
    return fail(Status::kInvalidArgument, "program data must be 16-byte aligned");
  }
  if (size < kHeaderOffset) {
    return fail(Status::kInvalidProgram, Text() << "file too small for a .pte program: " << size
                                                << " bytes");
  }
  if (!bytes_equal(data + kIdentifierOffset, fb::ProgramIdentifier(), 4)) {
    return bad_identifier(data);
  }

  size_t flatbuffer_size = size;
  size_t segment_base = 0;
  size_t segment_bytes = 0;
  if (size >= kHeaderOffset + 4 && bytes_equal(data + kHeaderOffset, "eh00", 4)) {
    if (size < kHeaderOffset + kHeaderMinimumLength) {
      return fail(Status::kInvalidProgram, "file truncated inside the extended header");
    }
    const uint8_t* header = data + kHeaderOffset;
    const uint32_t length = read_u32(header + 4);
    if (length < kHeaderMinimumLength || length > size - kHeaderOffset) {
      return fail(Status::kInvalidProgram,
                  Text() << "extended header length " << length << " is invalid");
    }
    const uint64_t program_size = read_u64(header + 8);
    const uint64_t base = read_u64(header + 16);
    const uint64_t data_size = length >= kHeaderFullLength ? read_u64(header + 24) : 0;
    if (program_size < kHeaderOffset + length || program_size > size) {
      return fail(Status::kInvalidProgram, Text() << "file truncated: program needs "
                                                  << program_size << " bytes, file has " << size);
    }
    flatbuffer_size = static_cast<size_t>(program_size);
    if (base != 0) {
      if (base < program_size || base > size) {
        return fail(Status::kInvalidProgram, Text() << "segment base offset " << base
                                                    << " outside the file (" << size
                                                    << " bytes)");
      }
      segment_base = static_cast<size_t>(base);
      segment_bytes = size - segment_base;
      if (data_size != 0) {
        if (data_size > segment_bytes) {
          return fail(Status::kInvalidProgram,
                      Text() << "file truncated: segments end at " << base + data_size
                             << ", file has " << size << " bytes");
        }
        segment_bytes = static_cast<size_t>(data_size);
      }
    }
  }
  if (flatbuffer_size > kMaxFlatbufferSize) {
    return fail(Status::kInvalidProgram, "program too large");
  }

  flatbuffers::Verifier::Options options;
  options.max_depth = 32;
  flatbuffers::Verifier verifier(data, flatbuffer_size, options);
  if (!fb::VerifyProgramBuffer(verifier)) {
    return fail(Status::kInvalidProgram, "program failed FlatBuffers verification (corrupt .pte)");
  }

  Program loaded;
  loaded.data_ = data;
  loaded.file_size_ = size;
  loaded.flatbuffer_size_ = flatbuffer_size;
  loaded.segment_base_ = segment_base;
  loaded.segment_bytes_ = segment_bytes;
  loaded.root_ = fb::GetProgram(data);
  if (loaded.root_->execution_plan() == nullptr || loaded.root_->execution_plan()->size() == 0) {
    return fail(Status::kInvalidProgram, "program has no methods");
  }
  const Status status = loaded.check_segments();
  if (status != Status::kOk) return status;
  *program = loaded;
  return Status::kOk;
}

Status Program::check_segments() const {
  const auto* segments = root_->segments();
  const size_t segment_count = segments == nullptr ? 0 : segments->size();
  if (segment_count > 0 && segment_base_ == 0) {
    return fail(Status::kInvalidProgram, "program lists segments but has no segment base offset");
  }
  for (size_t i = 0; i < segment_count; ++i) {
    const fb::DataSegment* segment = segments->Get(static_cast<flatbuffers::uoffset_t>(i));
    if (!range_inside(segment->offset(), segment->size(), segment_bytes_)) {
      return fail(Status::kInvalidProgram,
                  Text() << "segment " << i << " (offset " << segment->offset() << ", size "
                         << segment->size() << ") lies past the end of the segment data ("
                         << segment_bytes_ << " bytes)");
    }
  }
  const fb::SubsegmentOffsets* constants = root_->constant_segment();
  const bool has_segment_constants =
      constants != nullptr && constants->offsets() != nullptr && constants->offsets()->size() > 0;
  if (has_segment_constants && constants->segment_index() >= segment_count) {
    return fail(Status::kInvalidProgram, Text() << "constant segment index "
                                                << constants->segment_index() << " out of range ("
                                                << segment_count << " segments)");
  }
  const auto* inline_constants = root_->constant_buffer();
  if (has_segment_constants && inline_constants != nullptr && inline_constants->size() > 0) {
    return fail(Status::kInvalidProgram, "program has both a constant segment and inline constants");
  }
  return Status::kOk;
}

size_t Program::method_count() const {
  return root_ == nullptr ? 0 : root_->execution_plan()->size();
}

const char* Program::method_name(size_t index) const {
  if (index >= method_count()) return nullptr;
  const fb::ExecutionPlan* plan =
      root_->execution_plan()->Get(static_cast<flatbuffers::uoffset_t>(index));
  return plan->name() == nullptr ? "" : plan->name()->c_str();
}

Status Program::find_method(const char* name, const fb::ExecutionPlan** plan) const {
  if (root_ == nullptr) return fail(Status::kInvalidArgument, "program not loaded");
  const auto* plans = root_->execution_plan();
  if (name == nullptr) {
    *plan = plans->Get(0);
    return Status::kOk;
  }
  for (flatbuffers::uoffset_t i = 0; i < plans->size(); ++i) {
    const fb::ExecutionPlan* candidate = plans->Get(i);
    if (candidate->name() != nullptr && c_strings_equal(candidate->name()->c_str(), name)) {
      *plan = candidate;
      return Status::kOk;
    }
  }
  return fail(Status::kInvalidArgument, Text() << "program has no method named '" << name << "'");
}

Status Program::constant_data(uint32_t buffer_index, size_t nbytes, const uint8_t** data) const {
  if (buffer_index == 0) {
    return fail(Status::kInvalidProgram, "constant buffer index 0 is reserved");
  }
  const fb::SubsegmentOffsets* constants = root_->constant_segment();
  if (constants != nullptr && constants->offsets() != nullptr && constants->offsets()->size() > 0) {
    const auto* offsets = constants->offsets();
    if (buffer_index >= offsets->size()) {
      return fail(Status::kInvalidProgram, Text() << "constant index " << buffer_index
                                                  << " out of range (" << offsets->size()
                                                  << " constants)");
    }
    // check_segments() proved the segment index and the segment's bounds.
    const fb::DataSegment* segment = root_->segments()->Get(constants->segment_index());
    const uint64_t offset = unaligned_element(*offsets, buffer_index);
    if (!range_inside(offset, nbytes, segment->size())) {
      return fail(Status::kInvalidProgram,
                  Text() << "constant " << buffer_index << " (" << nbytes << " bytes at offset "
                         << offset << ") lies past the end of its segment (" << segment->size()
                         << " bytes)");
    }
    *data = data_ + segment_base_ + static_cast<size_t>(segment->offset() + offset);
    return Status::kOk;
  }
  const auto* buffers = root_->constant_buffer();
  if (buffers == nullptr || buffer_index >= buffers->size()) {
    return fail(Status::kInvalidProgram,
                Text() << "constant index " << buffer_index << " out of range ("
                       << (buffers == nullptr ? 0u : buffers->size()) << " constants)");
  }
  const auto* storage = buffers->Get(buffer_index)->storage();
  if (storage == nullptr || storage->size() < nbytes) {
    return fail(Status::kInvalidProgram, Text() << "constant " << buffer_index << " holds fewer than "
                                                << nbytes << " bytes");
  }
  *data = storage->data();
  return Status::kOk;
}

}  // namespace armlet

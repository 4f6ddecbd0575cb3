#include "cc/runtime/bundle.h"

#include <cstring>

namespace armlet {
namespace {

constexpr uint8_t kMagic[4] = {'A', 'T', 'B', '1'};
constexpr size_t kHeaderBytes = 8;

uint32_t read_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

size_t padding_to_4(size_t n) { return (4 - n % 4) % 4; }

Status bundle_error(uint32_t index, const char* what) {
  return fail(Status::kInvalidBundle, Text() << "bundle tensor " << index << ": " << what);
}

}  // namespace

Status BundleReader::open(const uint8_t* data, size_t size) {
  *this = BundleReader();
  if (data == nullptr || size < kHeaderBytes) {
    return fail(Status::kInvalidBundle, Text() << "bundle too small: " << size << " bytes");
  }
  if (memcmp(data, kMagic, sizeof(kMagic)) != 0) {
    return fail(Status::kInvalidBundle, "not a tensor bundle (magic is not 'ATB1')");
  }
  const uint32_t count = read_u32(data + 4);
  data_ = data;
  size_ = size;
  size_t offset = kHeaderBytes;
  for (uint32_t i = 0; i < count; ++i) {
    TensorRef ignored;
    const Status status = parse(offset, i, &ignored, &offset);
    if (status != Status::kOk) {
      *this = BundleReader();
      return status;
    }
  }
  if (offset != size) {
    const size_t trailing = size - offset;
    *this = BundleReader();
    return fail(Status::kInvalidBundle, Text() << "bundle has " << trailing
                                               << " trailing bytes after " << count << " tensors");
  }
  count_ = count;
  return Status::kOk;
}

Status BundleReader::parse(size_t offset, uint32_t index, TensorRef* out, size_t* next) const {
  // Every read below is preceded by a check that it fits in size_ - offset.
  const auto remaining = [&]() { return size_ - offset; };
  if (remaining() < 8) return bundle_error(index, "truncated header");
  const uint32_t code = read_u32(data_ + offset);
  const uint32_t rank = read_u32(data_ + offset + 4);
  offset += 8;
  const uint32_t element_bytes = element_size(code);
  if (element_bytes == 0) {
    return fail(Status::kInvalidBundle, Text() << "bundle tensor " << index
                                               << ": unsupported scalar type " << code);
  }
  if (rank > static_cast<uint32_t>(kMaxRank)) {
    return fail(Status::kInvalidBundle, Text() << "bundle tensor " << index << ": rank " << rank
                                               << " exceeds " << kMaxRank);
  }
  if (remaining() < 4 * static_cast<size_t>(rank) + 4) return bundle_error(index, "truncated sizes");
  TensorRef tensor{};
  tensor.dtype = static_cast<ScalarType>(code);
  tensor.rank = static_cast<int32_t>(rank);
  for (uint32_t d = 0; d < rank; ++d) {
    const uint32_t dim = read_u32(data_ + offset + 4 * d);
    if (dim > static_cast<uint32_t>(INT32_MAX)) return bundle_error(index, "size too large");
    tensor.sizes[d] = static_cast<int32_t>(dim);
  }
  offset += 4 * static_cast<size_t>(rank);
  tensor.nbytes = read_u32(data_ + offset);
  offset += 4;
  int32_t numel = 0;
  uint32_t expected = 0;
  if (!shape_bytes(tensor.sizes, tensor.rank, element_bytes, &numel, &expected)) {
    return bundle_error(index, "tensor too large");
  }
  if (tensor.nbytes != expected) {
    return fail(Status::kInvalidBundle, Text() << "bundle tensor " << index << ": nbytes "
                                               << tensor.nbytes << " != numel * element size "
                                               << expected);
  }
  const size_t padded = static_cast<size_t>(tensor.nbytes) + padding_to_4(tensor.nbytes);
  if (remaining() < padded) return bundle_error(index, "truncated data");
  tensor.data = data_ + offset;
  *out = tensor;
  *next = offset + padded;
  return Status::kOk;
}

Status BundleReader::tensor(uint32_t index, TensorRef* out) const {
  if (index >= count_) {
    return fail(Status::kInvalidArgument, Text() << "bundle tensor " << index << " out of range ("
                                                 << count_ << " tensors)");
  }
  // Entries have variable length: walk from the start (bundles hold a few).
  size_t offset = kHeaderBytes;
  for (uint32_t i = 0;; ++i) {
    const Status status = parse(offset, i, out, &offset);
    if (status != Status::kOk || i == index) return status;
  }
}

Status BundleWriter::put_u32(uint32_t value) {
  const uint8_t bytes[4] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                            static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24)};
  return put_bytes(bytes, 4);
}

Status BundleWriter::put_bytes(const void* data, size_t length) {
  if (buffer_ == nullptr || length > capacity_ - size_) {
    return fail(Status::kBufferTooSmall, Text() << "bundle buffer too small: need more than "
                                                << capacity_ << " bytes");
  }
  if (length > 0) memcpy(buffer_ + size_, data, length);
  size_ += length;
  return Status::kOk;
}

Status BundleWriter::begin(uint32_t count) {
  size_ = 0;
  added_ = 0;
  expected_ = count;
  Status status = put_bytes(kMagic, sizeof(kMagic));
  return status == Status::kOk ? put_u32(count) : status;
}

Status BundleWriter::add(const Tensor& tensor) {
  TensorRef ref{};
  ref.dtype = tensor.dtype;
  ref.rank = tensor.rank;
  for (int32_t d = 0; d < tensor.rank; ++d) ref.sizes[d] = tensor.sizes[d];
  ref.data = tensor.data;
  ref.nbytes = tensor.nbytes;
  return add(ref);
}

Status BundleWriter::add(const TensorRef& tensor) {
  if (added_ >= expected_) return fail(Status::kInvalidArgument, "bundle: more tensors than announced");
  const uint32_t element_bytes = element_size(tensor.dtype);
  int32_t numel = 0;
  uint32_t expected = 0;
  if (element_bytes == 0 || !shape_bytes(tensor.sizes, tensor.rank, element_bytes, &numel, &expected) ||
      expected != tensor.nbytes || (tensor.data == nullptr && tensor.nbytes > 0)) {
    return fail(Status::kInvalidArgument, "bundle: inconsistent tensor");
  }
  Status status = put_u32(static_cast<uint32_t>(tensor.dtype));
  if (status == Status::kOk) status = put_u32(static_cast<uint32_t>(tensor.rank));
  for (int32_t d = 0; status == Status::kOk && d < tensor.rank; ++d) {
    status = put_u32(static_cast<uint32_t>(tensor.sizes[d]));
  }
  if (status == Status::kOk) status = put_u32(tensor.nbytes);
  if (status == Status::kOk) status = put_bytes(tensor.data, tensor.nbytes);
  const uint8_t zeros[4] = {0, 0, 0, 0};
  if (status == Status::kOk) status = put_bytes(zeros, padding_to_4(tensor.nbytes));
  if (status == Status::kOk) ++added_;
  return status;
}

Status BundleWriter::finish() const {
  if (added_ != expected_) {
    return fail(Status::kInvalidArgument, Text() << "bundle: " << added_ << " of " << expected_
                                                 << " tensors added");
  }
  return Status::kOk;
}

}  // namespace armlet

// compare_bundles GOLDEN ACTUAL: checks two tensor bundles for bit-for-bit equality.
//
// The simulator tests run the firmware, then this host tool compares its outputs with the Python
// reference's. Float outputs are compared as bits too: the device computes the same IEEE float32
// operations as the reference, so "close" would hide a real difference. On a mismatch it prints the
// first differing tensor, flat index and both values, and exits 1.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "cc/runtime/bundle.h"
#include "cc/runtime/scalar_type.h"

namespace armlet {
namespace {

bool read_file(const char* path, std::vector<uint8_t>* bytes) {
  FILE* file = std::fopen(path, "rb");
  if (file == nullptr) return false;
  uint8_t chunk[65536];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0) bytes->insert(bytes->end(), chunk, chunk + got);
  const bool ok = std::ferror(file) == 0;
  std::fclose(file);
  return ok;
}

void print_element(const TensorRef& tensor, uint32_t index) {
  const auto* bytes = static_cast<const uint8_t*>(tensor.data);
  switch (tensor.dtype) {
    case ScalarType::kInt8:
      std::printf("%d", static_cast<int>(static_cast<const int8_t*>(tensor.data)[index]));
      return;
    case ScalarType::kInt32: {
      int32_t value;
      std::memcpy(&value, bytes + 4 * index, 4);
      std::printf("%" PRId32, value);
      return;
    }
    case ScalarType::kFloat32: {
      float value;
      uint32_t bits;
      std::memcpy(&value, bytes + 4 * index, 4);
      std::memcpy(&bits, bytes + 4 * index, 4);
      std::printf("%.9g (bits 0x%08" PRIx32 ")", static_cast<double>(value), bits);
      return;
    }
    default:
      std::printf("0x%02x (byte)", bytes[index]);
  }
}

bool same_header(uint32_t index, const TensorRef& golden, const TensorRef& actual) {
  bool same = golden.dtype == actual.dtype && golden.rank == actual.rank && golden.nbytes == actual.nbytes;
  for (int32_t d = 0; same && d < golden.rank; ++d) same = golden.sizes[d] == actual.sizes[d];
  if (!same) {
    std::printf("output %" PRIu32 ": type or shape differs (golden %s rank %" PRId32 ", actual %s rank %" PRId32 ")\n",
                index, scalar_type_name(golden.dtype), golden.rank, scalar_type_name(actual.dtype), actual.rank);
  }
  return same;
}

// Returns true when tensor |index| matches; otherwise reports the first difference.
bool compare_tensor(uint32_t index, const TensorRef& golden, const TensorRef& actual) {
  if (!same_header(index, golden, actual)) return false;
  const uint32_t width = element_size(golden.dtype) == 0 ? 1 : element_size(golden.dtype);
  const auto* g = static_cast<const uint8_t*>(golden.data);
  const auto* a = static_cast<const uint8_t*>(actual.data);
  for (uint32_t offset = 0; offset < golden.nbytes; offset += width) {
    if (std::memcmp(g + offset, a + offset, width) == 0) continue;
    uint32_t mismatches = 0;
    for (uint32_t o = offset; o < golden.nbytes; o += width) mismatches += std::memcmp(g + o, a + o, width) != 0;
    std::printf("output %" PRIu32 ": first mismatch at flat index %" PRIu32 ": golden ", index, offset / width);
    print_element(golden, offset / width);
    std::printf(", actual ");
    print_element(actual, offset / width);
    std::printf(" (%" PRIu32 " of %" PRIu32 " elements differ)\n", mismatches, golden.nbytes / width);
    return false;
  }
  std::printf("output %" PRIu32 ": %s, %" PRIu32 " elements, bit-exact\n", index, scalar_type_name(golden.dtype),
              golden.nbytes / width);
  return true;
}

bool open_bundle(const char* path, std::vector<uint8_t>* bytes, BundleReader* reader) {
  if (!read_file(path, bytes)) {
    std::printf("cannot read %s\n", path);
    return false;
  }
  if (reader->open(bytes->data(), bytes->size()) != Status::kOk) {
    std::printf("%s: not a valid tensor bundle: %s\n", path, last_error_message());
    return false;
  }
  return true;
}

int compare(const char* golden_path, const char* actual_path) {
  std::vector<uint8_t> golden_bytes, actual_bytes;
  BundleReader golden, actual;
  if (!open_bundle(golden_path, &golden_bytes, &golden) || !open_bundle(actual_path, &actual_bytes, &actual)) return 2;
  if (golden.count() != actual.count()) {
    std::printf("golden has %" PRIu32 " outputs, actual has %" PRIu32 "\n", golden.count(), actual.count());
    return 1;
  }
  bool all_equal = true;
  for (uint32_t i = 0; i < golden.count(); ++i) {
    TensorRef g, a;
    if (golden.tensor(i, &g) != Status::kOk || actual.tensor(i, &a) != Status::kOk) return 2;
    all_equal = compare_tensor(i, g, a) && all_equal;
  }
  std::printf(all_equal ? "bit-exact\n" : "MISMATCH\n");
  return all_equal ? 0 : 1;
}

}  // namespace
}  // namespace armlet

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: compare_bundles GOLDEN ACTUAL\n");
    return 2;
  }
  return armlet::compare(argv[1], argv[2]);
}

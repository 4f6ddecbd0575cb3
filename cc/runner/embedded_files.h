// Files linked into the runner ELF, for firmware that runs without a host: armlet_firmware()
// (cc/defs.bzl) embeds a model's .pte and its inputs, so the same runner needs no semihosting to
// read them. A runner built without them links an empty table.
#pragma once

#include <cstdint>

namespace armlet::runner {

struct EmbeddedFile {
  const char* name;
  const uint8_t* data;  // 16-byte aligned, as the loader requires
  uint32_t size;
};

// The table and its length, defined by the generated embedded_files.cc or by no_embedded_files.cc.
extern const EmbeddedFile kEmbeddedFiles[];
extern const uint32_t kEmbeddedFileCount;

// The embedded file called |name|, or nullptr.
inline const EmbeddedFile* find_embedded_file(const char* name) {
  for (uint32_t i = 0; i < kEmbeddedFileCount; ++i) {
    const char* a = kEmbeddedFiles[i].name;
    const char* b = name;
    while (*a != '\0' && *a == *b) ++a, ++b;
    if (*a == *b) return &kEmbeddedFiles[i];
  }
  return nullptr;
}

}  // namespace armlet::runner

// A tiny assertion helper for the runtime's host tests (no gtest here).
// CHECK records a failure with file and line and carries on, so one run shows
// every broken case; finish() turns the count into the exit status.
#pragma once

#include <cstdio>
#include <cstring>

namespace armlet::testing {

inline int g_checks = 0;
inline int g_failures = 0;

inline bool check(bool ok, const char* what, const char* file, int line) {
  ++g_checks;
  if (!ok) {
    ++g_failures;
    std::printf("%s:%d: FAILED: %s\n", file, line, what);
  }
  return ok;
}

inline bool contains(const char* text, const char* part) { return std::strstr(text, part) != nullptr; }

inline int finish(const char* name) {
  std::printf("%s: %d checks, %d failures\n", name, g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}

}  // namespace armlet::testing

// Macros only to capture the file and line of the failing check.
#define CHECK(condition) ::armlet::testing::check((condition), #condition, __FILE__, __LINE__)
#define CHECK_EQ(a, b) ::armlet::testing::check((a) == (b), #a " == " #b, __FILE__, __LINE__)

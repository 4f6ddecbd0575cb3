// isa_features(): what this translation unit was compiled for, read from the compiler's ACLE
// predefined macros, so the string always matches the flags the program was really built with.
#include "cc/boards/platform.h"

namespace armlet::board {
namespace {

// The architecture token. GCC 12 reports armv8.1-M as __ARM_ARCH_8M_MAIN__ too, so MVE (which
// only armv8.1-M has) tells the two apart.
constexpr const char* kArchitecture =
#if defined(__ARM_FEATURE_MVE)
    "armv8.1-m.main";
#elif defined(__ARM_ARCH_8M_MAIN__)
    "armv8-m.main";
#elif defined(__ARM_ARCH_8M_BASE__)
    "armv8-m.base";
#elif defined(__ARM_ARCH_7EM__)
    "armv7e-m";
#elif defined(__ARM_ARCH_7M__)
    "armv7-m";
#elif defined(__ARM_ARCH_6M__)
    "armv6-m";
#elif defined(__x86_64__)
    "host x86_64";
#elif defined(__aarch64__)
    "host aarch64";
#else
    "host";
#endif

// __ARM_FEATURE_MVE: bit 0 integer MVE, bit 1 floating-point MVE.
constexpr const char* kMve =
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
    " mve mve.fp";
#elif defined(__ARM_FEATURE_MVE)
    " mve";
#else
    "";
#endif

constexpr const char* kDsp =
#if defined(__ARM_FEATURE_DSP)
    " dsp";
#else
    "";
#endif

// __ARM_FP: bit 2 single precision, bit 3 double precision. Only meaningful on Arm.
constexpr const char* kFpu =
#if !defined(__arm__)
    "";
#elif defined(__ARM_FP) && (__ARM_FP & 8)
    " fp.dp";
#elif defined(__ARM_FP) && (__ARM_FP & 4)
    " fp.sp";
#else
    " nofp";
#endif

constexpr const char* kFloatAbi =
#if !defined(__arm__)
    "";
#elif defined(__ARM_PCS_VFP)
    " hard";
#else
    " soft";
#endif

// Appends `text` at `pos` without overrunning `buf` (which always stays NUL terminated).
template <unsigned N>
unsigned append(char (&buf)[N], unsigned pos, const char* text) {
  while (*text != '\0' && pos + 1 < N) buf[pos++] = *text++;
  buf[pos] = '\0';
  return pos;
}

}  // namespace

const char* isa_features() {
  // Built once; every piece is a compile-time constant, so repeated calls return the same text.
  static char text[96];
  if (text[0] == '\0') {
    const char* const pieces[] = {kArchitecture, kMve, kDsp, kFpu, kFloatAbi};
    unsigned pos = 0;
    for (const char* piece : pieces) pos = append(text, pos, piece);
  }
  return text;
}

}  // namespace armlet::board

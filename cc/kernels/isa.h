// Which kernel path this build uses, decided by the compiler's own feature
// macros for the -mcpu/-march flags. Those macros are the single source of
// truth: the path can never disagree with the instructions the compiler is
// allowed to emit, whatever build system passes the flags.
//
// MVE (Helium) wins over DSP: every MVE core also has the DSP extension, and
// the MVE path is the faster one there.
#pragma once

namespace armlet::kernels {

enum class Isa { kScalar, kDsp, kMve };

// The preprocessor is the only way to see the target's features; everything
// downstream reads these constants instead.
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
inline constexpr bool kHasMve = true;
#else
inline constexpr bool kHasMve = false;
#endif

// MVE with floating point (M55 and M85 have it; an integer-only MVE core
// would not): used by (de)quantization.
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
inline constexpr bool kHasMveFloat = true;
#else
inline constexpr bool kHasMveFloat = false;
#endif

// A hardware FPU with single precision (M4, M7, M33, M55, M85): its VCVTR
// rounds to nearest-even and converts in one instruction.
#if defined(__ARM_FP) && (__ARM_FP & 4)
inline constexpr bool kHasFpu = true;
#else
inline constexpr bool kHasFpu = false;
#endif

// An Arm CPU without any FPU (M0+, M3): float arithmetic is library calls.
#if defined(__arm__) && !defined(__ARM_FP)
inline constexpr bool kIsArmWithoutFpu = true;
#else
inline constexpr bool kIsArmWithoutFpu = false;
#endif

#if defined(__ARM_FEATURE_DSP)
inline constexpr bool kHasDsp = true;
#else
inline constexpr bool kHasDsp = false;
#endif

inline constexpr Isa kIsa = kHasMve ? Isa::kMve : (kHasDsp ? Isa::kDsp : Isa::kScalar);

constexpr const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kMve:
      return "mve";
    case Isa::kDsp:
      return "dsp";
    case Isa::kScalar:
      break;
  }
  return "scalar";
}

// Name of the path this build dispatches to, for logs and profiles.
inline constexpr const char* kIsaName = IsaName(kIsa);

}  // namespace armlet::kernels

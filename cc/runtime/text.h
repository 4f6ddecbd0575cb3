// A fixed-capacity text builder: the runtime's only formatter.
//
// The device runtime has no stdio, so error messages and the runner's report
// are assembled here. Text silently truncates at its capacity (a truncated
// message is better than none, and never writes out of bounds).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace armlet {

// A float to print with a given number of significant digits.
struct Real {
  double value;
  int32_t digits = 6;
};

// Pads the next appended item to a column width (left or right aligned).
struct Pad {
  int32_t width;
  bool right_align = false;
};

class Text {
 public:
  static constexpr size_t kCapacity = 224;

  // constexpr so a static Text is constant-initialized (no start-up code).
  constexpr Text() : buffer_{}, size_(0), pad_{0, false} {}

  const char* c_str() const { return buffer_; }
  size_t size() const { return size_; }
  void clear();

  Text& operator<<(const char* text);
  Text& operator<<(char c);
  Text& operator<<(Real real);
  Text& operator<<(Pad pad);

  template <typename T>
  std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>, Text&>
  operator<<(T value) {
    if constexpr (std::is_signed_v<T>) {
      append_signed(static_cast<int64_t>(value));
    } else {
      append_unsigned(static_cast<uint64_t>(value));
    }
    return *this;
  }

 private:
  void append_signed(int64_t value);
  void append_unsigned(uint64_t value);
  void append_raw(const char* text, size_t length);
  // Writes a finished item, honouring a pending Pad.
  void emit(const char* text, size_t length);

  char buffer_[kCapacity + 1];
  size_t size_;
  Pad pad_;
};

// Formats |value| into |out| (at least 32 bytes) like printf's %.{digits}g
// (without locale or libc); returns the length written.
size_t format_real(double value, int32_t digits, char* out);

}  // namespace armlet

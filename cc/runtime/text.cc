#include "cc/runtime/text.h"

namespace armlet {
namespace {

size_t string_length(const char* text) {
  size_t length = 0;
  while (text[length] != '\0') ++length;
  return length;
}

// Writes the decimal digits of |value| into |out|, returns the count.
size_t format_unsigned(uint64_t value, char* out) {
  char reversed[20];
  size_t count = 0;
  do {
    reversed[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (size_t i = 0; i < count; ++i) out[i] = reversed[count - 1 - i];
  return count;
}

uint64_t power_of_ten(int32_t exponent) {
  uint64_t result = 1;
  for (int32_t i = 0; i < exponent; ++i) result *= 10;
  return result;
}

}  // namespace

void Text::clear() {
  size_ = 0;
  buffer_[0] = '\0';
  pad_ = Pad{0, false};
}

void Text::append_raw(const char* text, size_t length) {
  for (size_t i = 0; i < length && size_ < kCapacity; ++i) buffer_[size_++] = text[i];
  buffer_[size_] = '\0';
}

void Text::emit(const char* text, size_t length) {
  const size_t width = pad_.width > 0 ? static_cast<size_t>(pad_.width) : 0;
  const size_t fill = width > length ? width - length : 0;
  const bool right = pad_.right_align;
  pad_ = Pad{0, false};
  if (right) {
    for (size_t i = 0; i < fill; ++i) append_raw(" ", 1);
  }
  append_raw(text, length);
  if (!right) {
    for (size_t i = 0; i < fill; ++i) append_raw(" ", 1);
  }
}

Text& Text::operator<<(const char* text) {
  if (text == nullptr) text = "(null)";
  emit(text, string_length(text));
  return *this;
}

Text& Text::operator<<(char c) {
  emit(&c, 1);
  return *this;
}

Text& Text::operator<<(Pad pad) {
  pad_ = pad;
  return *this;
}

Text& Text::operator<<(Real real) {
  char digits[40];
  emit(digits, format_real(real.value, real.digits, digits));
  return *this;
}

void Text::append_signed(int64_t value) {
  char digits[24];
  size_t length = 0;
  // Negate through uint64_t so INT64_MIN has a well-defined magnitude.
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (value < 0) {
    digits[length++] = '-';
    magnitude = 0 - magnitude;
  }
  length += format_unsigned(magnitude, digits + length);
  emit(digits, length);
}

void Text::append_unsigned(uint64_t value) {
  char digits[24];
  emit(digits, format_unsigned(value, digits));
}

size_t format_real(double value, int32_t digits, char* out) {
  if (digits < 1) digits = 1;
  if (digits > 9) digits = 9;
  size_t length = 0;
  if (value != value) {
    out[0] = 'n', out[1] = 'a', out[2] = 'n';
    return 3;
  }
  if (value < 0) {
    out[length++] = '-';
    value = -value;
  }
  if (value > 1.7976931348623157e308) {
    out[length++] = 'i', out[length++] = 'n', out[length++] = 'f';
    return length;
  }
  if (value == 0) {
    out[length++] = '0';
    return length;
  }
  // Normalize to mantissa in [1, 10) times 10^exponent (bounded loops: a
  // double spans about 10^-324 .. 10^308).
  int32_t exponent = 0;
  double mantissa = value;
  while (mantissa >= 10.0) mantissa /= 10.0, ++exponent;
  while (mantissa < 1.0) mantissa *= 10.0, --exponent;
  const uint64_t scale = power_of_ten(digits - 1);
  uint64_t significand = static_cast<uint64_t>(mantissa * static_cast<double>(scale) + 0.5);
  if (significand >= scale * 10) significand /= 10, ++exponent;

  char digit_text[20];
  format_unsigned(significand, digit_text);  // exactly |digits| characters
  // Trailing zeros carry no information in %g style.
  int32_t used = digits;
  while (used > 1 && digit_text[used - 1] == '0') --used;

  if (exponent >= -4 && exponent < digits) {
    if (exponent < 0) {
      out[length++] = '0';
      out[length++] = '.';
      for (int32_t i = -1; i > exponent; --i) out[length++] = '0';
      for (int32_t i = 0; i < used; ++i) out[length++] = digit_text[i];
    } else {
      for (int32_t i = 0; i <= exponent; ++i) out[length++] = i < used ? digit_text[i] : '0';
      if (used > exponent + 1) {
        out[length++] = '.';
        for (int32_t i = exponent + 1; i < used; ++i) out[length++] = digit_text[i];
      }
    }
    return length;
  }
  out[length++] = digit_text[0];
  if (used > 1) {
    out[length++] = '.';
    for (int32_t i = 1; i < used; ++i) out[length++] = digit_text[i];
  }
  out[length++] = 'e';
  out[length++] = exponent < 0 ? '-' : '+';
  const uint32_t magnitude = static_cast<uint32_t>(exponent < 0 ? -exponent : exponent);
  if (magnitude < 10) out[length++] = '0';
  length += format_unsigned(magnitude, out + length);
  return length;
}

}  // namespace armlet

// Error codes and the logging hook.
//
// The runtime has no exceptions and no stdio: a failing function returns a
// Status and reports one line of explanation through the hook set with
// set_log_hook (the runner prints it; a product might send it to a UART).
#pragma once

#include <cstdint>

#include "cc/runtime/text.h"

namespace armlet {

// Values are stable: the runner uses them as its exit status.
enum class Status : uint8_t {
  kOk = 0,
  kInvalidArgument = 1,    // a caller passed something unusable
  kInvalidProgram = 2,     // the .pte is malformed or inconsistent
  kUnsupported = 3,        // well-formed, but uses something armlet does not run
  kUnknownOperator = 4,    // an operator missing from the registry
  kArenaTooSmall = 5,      // a planned arena is smaller than the program needs
  kWorkspaceTooSmall = 6,  // the method workspace cannot hold the method state
  kInputMismatch = 7,      // a bound input differs from the planned tensor
  kInvalidBundle = 8,      // a tensor bundle file is malformed
  kBufferTooSmall = 9,     // an output buffer cannot hold the result
  kKernelFailed = 10,      // an operator refused its arguments at run time
  kIoError = 11,           // reading or writing a file failed (runner)
};

const char* status_name(Status status);

using LogHook = void (*)(const char* message);

// The hook receives each error message (without trailing newline). nullptr
// silences logging. Not thread safe: set it once at start-up.
void set_log_hook(LogHook hook);

// Records |message| as the last error, passes it to the hook, returns status.
Status fail(Status status, const Text& message);
Status fail(Status status, const char* message);

// The message of the most recent fail() (empty if none).
const char* last_error_message();

}  // namespace armlet

#include "cc/runtime/status.h"

namespace armlet {
namespace {

LogHook g_log_hook = nullptr;
// One static line: the runtime may not allocate, and a message must outlive
// the function that failed so the caller can print it.
Text g_last_error;

}  // namespace

const char* status_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kInvalidArgument:
      return "invalid argument";
    case Status::kInvalidProgram:
      return "invalid program";
    case Status::kUnsupported:
      return "unsupported";
    case Status::kUnknownOperator:
      return "unknown operator";
    case Status::kArenaTooSmall:
      return "arena too small";
    case Status::kWorkspaceTooSmall:
      return "workspace too small";
    case Status::kInputMismatch:
      return "input mismatch";
    case Status::kInvalidBundle:
      return "invalid bundle";
    case Status::kBufferTooSmall:
      return "buffer too small";
    case Status::kKernelFailed:
      return "kernel failed";
    case Status::kIoError:
      return "i/o error";
  }
  return "unknown status";
}

void set_log_hook(LogHook hook) { g_log_hook = hook; }

Status fail(Status status, const Text& message) { return fail(status, message.c_str()); }

Status fail(Status status, const char* message) {
  if (message != g_last_error.c_str()) {
    g_last_error.clear();
    g_last_error << message;
  }
  if (g_log_hook != nullptr) g_log_hook(g_last_error.c_str());
  return status;
}

const char* last_error_message() { return g_last_error.c_str(); }

}  // namespace armlet

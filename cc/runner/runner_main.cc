// The armlet runner: runs one .pte on its inputs and writes its outputs.
//
//   runner MODEL.pte INPUTS.bundle OUTPUTS.bundle
//   runner [OUTPUTS.bundle]   firmware from armlet_firmware(): the embedded model.pte and
//                             inputs.bundle; outputs are printed (and written when named)
//
// Files come through the board platform API (semihosting on a board, stdio on
// the host). Buffers are carved from the board's large memory block at their
// exact sizes: the .pte, the input bundle, the method workspace and arenas
// (from the program's memory plan), then the output bundle. The report goes
// to the console; the exit status is 0 or the armlet::Status value of the
// first error (see cc/runtime/status.h).
#include <cstdint>

#include "cc/boards/platform.h"
#include "cc/kernels/isa.h"
#include "cc/ops/operator_table.h"
#include "cc/runtime/bundle.h"
#include "cc/runtime/method.h"
#include "cc/runtime/program.h"
#include "cc/runtime/status.h"
#include "cc/runtime/text.h"
#include "cc/runner/embedded_files.h"

namespace armlet::runner {
namespace {

constexpr int32_t kPrintedValues = 16;
constexpr size_t kMaxProfiledOperators = 32;

void write_line(const Text& text) {
  board::console_write(text.c_str());
  board::console_write("\n");
}

void log_error(const char* message) {
  board::console_write("runner: error: ");
  board::console_write(message);
  board::console_write("\n");
}

// Hands out 16-byte aligned pieces of the board's large memory block.
class MemoryPool {
 public:
  explicit MemoryPool(board::MemoryBlock block) : next_(block.data), end_(block.data + block.size) {}

  size_t remaining() const { return static_cast<size_t>(end_ - next_); }

  Status take(uint64_t bytes, const char* what, uint8_t** out) {
    const uint64_t rounded = (bytes + 15) & ~uint64_t{15};
    if (rounded > remaining()) {
      return fail(Status::kBufferTooSmall, Text() << what << " needs " << bytes
                                                  << " bytes, only " << remaining()
                                                  << " bytes of memory left");
    }
    *out = next_;
    next_ += rounded;
    return Status::kOk;
  }

 private:
  uint8_t* next_;
  uint8_t* end_;
};

Status read_file(const char* path, MemoryPool& pool, const uint8_t** data, size_t* size) {
  // Firmware reads its embedded files in place: they stay in flash.
  if (const EmbeddedFile* embedded = find_embedded_file(path)) {
    *data = embedded->data;
    *size = embedded->size;
    return Status::kOk;
  }
  uint8_t* buffer = nullptr;
  const int32_t fd = board::file_open(path, false);
  if (fd < 0) return fail(Status::kIoError, Text() << "cannot open " << path);
  const int32_t length = board::file_size(fd);
  Status status = length < 0 ? fail(Status::kIoError, Text() << "cannot size " << path)
                             : pool.take(static_cast<uint64_t>(length), path, &buffer);
  for (int32_t done = 0; status == Status::kOk && done < length;) {
    const int32_t got = board::file_read(fd, buffer + done, static_cast<uint32_t>(length - done));
    if (got <= 0) status = fail(Status::kIoError, Text() << "cannot read " << path);
    done += got;
  }
  board::file_close(fd);
  *data = buffer;
  *size = length < 0 ? 0 : static_cast<size_t>(length);
  return status;
}

Status write_file(const char* path, const uint8_t* data, size_t size) {
  const int32_t fd = board::file_open(path, true);
  if (fd < 0) return fail(Status::kIoError, Text() << "cannot create " << path);
  const bool ok = board::file_write(fd, data, static_cast<uint32_t>(size)) == static_cast<int32_t>(size);
  board::file_close(fd);
  return ok ? Status::kOk : fail(Status::kIoError, Text() << "cannot write " << path);
}

void append_value(Text& text, const Tensor& tensor, int32_t index) {
  switch (tensor.dtype) {
    case ScalarType::kInt8:
      text << static_cast<int32_t>(tensor.data_as<const int8_t>()[index]);
      break;
    case ScalarType::kUInt8:
    case ScalarType::kBool:
      text << static_cast<uint32_t>(tensor.data_as<const uint8_t>()[index]);
      break;
    case ScalarType::kInt16:
      text << tensor.data_as<const int16_t>()[index];
      break;
    case ScalarType::kInt32:
      text << tensor.data_as<const int32_t>()[index];
      break;
    case ScalarType::kInt64:
      text << tensor.data_as<const int64_t>()[index];
      break;
    case ScalarType::kFloat32:
      text << Real{tensor.data_as<const float>()[index]};
      break;
    case ScalarType::kFloat64:
      text << Real{tensor.data_as<const double>()[index]};
      break;
    case ScalarType::kFloat16:
      text << '?';
      break;
  }
}

// "output 0: int8 [2, 5]: 1 2 3 ... (10 values)"
void print_tensor(const char* label, size_t index, const Tensor& tensor) {
  Text text;
  text << label << ' ' << index << ": ";
  describe(text, tensor);
  text << ':';
  write_line(text);
  text.clear();
  text << ' ';
  const int32_t shown = tensor.numel < kPrintedValues ? tensor.numel : kPrintedValues;
  for (int32_t i = 0; i < shown; ++i) {
    text << ' ';
    append_value(text, tensor, i);
  }
  if (shown < tensor.numel) text << " ... (" << tensor.numel << " values)";
  write_line(text);
}

struct OperatorTotals {
  const OperatorEntry* op;
  uint64_t calls;
  uint64_t ticks;
  uint64_t macs;
};

void print_profile(const Method& method, uint64_t total_ticks) {
  OperatorTotals totals[kMaxProfiledOperators] = {};
  size_t used = 0;
  for (size_t i = 0; i < method.instruction_count(); ++i) {
    const InstructionProfile profile = method.profile(i);
    if (profile.op == nullptr) continue;
    size_t slot = 0;
    while (slot < used && totals[slot].op != profile.op) ++slot;
    if (slot == used) {
      if (used == kMaxProfiledOperators) continue;
      totals[used++] = OperatorTotals{profile.op, 0, 0, 0};
    }
    totals[slot].calls += profile.calls;
    totals[slot].ticks += profile.ticks;
    totals[slot].macs += profile.macs_per_call * profile.calls;
  }
  write_line(Text() << "profile (" << board::instruction_count_source() << "):");
  write_line(Text() << "  " << Pad{34} << "operator" << Pad{7, true} << "calls" << Pad{14, true}
                    << "instructions" << Pad{12, true} << "MACs" << Pad{12, true} << "MACs/instr");
  uint64_t kernel_ticks = 0;
  uint64_t calls = 0;
  uint64_t macs = 0;
  for (size_t i = 0; i < used; ++i) {
    const OperatorTotals& row = totals[i];
    Text name;
    name << row.op->name << '.' << row.op->overload;
    Text text;
    text << "  " << Pad{34} << name.c_str() << Pad{7, true} << row.calls << Pad{14, true}
         << row.ticks << Pad{12, true};
    if (row.macs == 0) {
      text << "-" << Pad{12, true} << "-";
    } else {
      text << row.macs << Pad{12, true}
           << Real{row.ticks == 0 ? 0.0 : static_cast<double>(row.macs) / static_cast<double>(row.ticks), 3};
    }
    write_line(text);
    kernel_ticks += row.ticks;
    calls += row.calls;
    macs += row.macs;
  }
  write_line(Text() << "  " << Pad{34} << "kernels" << Pad{7, true} << calls << Pad{14, true}
                    << kernel_ticks << Pad{12, true} << macs);
  write_line(Text() << "total instructions: " << total_ticks << " (execute, "
                    << (total_ticks >= kernel_ticks ? total_ticks - kernel_ticks : 0)
                    << " outside kernels)");
}

uint64_t bundle_bytes(const Method& method) {
  uint64_t bytes = BundleWriter::kHeaderBytes;
  for (size_t i = 0; i < method.output_count(); ++i) {
    const Tensor& tensor = *method.output(i);
    bytes += BundleWriter::entry_bytes(tensor.rank, tensor.nbytes);
  }
  return bytes;
}

struct Paths {
  const char* program;
  const char* inputs;
  const char* outputs;
};

Status run(const Paths& paths) {
  write_line(Text() << "armlet runner on " << board::cpu_name() << " (" << board::board_name()
                    << ", " << board::isa_features() << "), kernels: " << kernels::kIsaName);
  MemoryPool pool(board::large_memory());
  const size_t memory_total = pool.remaining();

  const uint8_t* pte = nullptr;
  size_t pte_size = 0;
  Status status = read_file(paths.program, pool, &pte, &pte_size);
  if (status != Status::kOk) return status;
  Program program;
  if ((status = Program::load(pte, pte_size, &program)) != Status::kOk) return status;

  const uint8_t* input_bytes = nullptr;
  size_t input_size = 0;
  if ((status = read_file(paths.inputs, pool, &input_bytes, &input_size)) != Status::kOk) return status;
  BundleReader inputs;
  if ((status = inputs.open(input_bytes, input_size)) != Status::kOk) return status;

  MethodRequirements needs{};
  if ((status = Method::requirements(program, nullptr, &needs)) != Status::kOk) return status;
  if (needs.arena_count > MethodRequirements::kMaxReportedArenas) {
    return fail(Status::kUnsupported, Text() << "program plans " << needs.arena_count
                                             << " memory arenas; the runner handles "
                                             << MethodRequirements::kMaxReportedArenas);
  }
  uint8_t* workspace = nullptr;
  if ((status = pool.take(needs.workspace_bytes, "method workspace", &workspace)) != Status::kOk) {
    return status;
  }
  const size_t arena_available = pool.remaining();
  Arena arenas[MethodRequirements::kMaxReportedArenas] = {};
  uint64_t arena_used = 0;
  for (size_t i = 0; i < needs.arena_count; ++i) {
    arena_used += needs.arena_bytes[i];
    if (pool.remaining() < needs.arena_bytes[i]) {
      return fail(Status::kArenaTooSmall, Text() << "arena too small: need " << arena_used
                                                 << " bytes, have " << arena_available);
    }
    if ((status = pool.take(needs.arena_bytes[i], "arena", &arenas[i].data)) != Status::kOk) {
      return status;
    }
    arenas[i].size = static_cast<size_t>(needs.arena_bytes[i]);
  }

  MethodConfig config;
  config.operators = &ops::operator_table();
  config.arenas = arenas;
  config.arena_count = needs.arena_count;
  config.workspace = workspace;
  config.workspace_size = static_cast<size_t>(needs.workspace_bytes);
  config.now = &board::instruction_count;
  Method method;
  if ((status = method.init(program, config)) != Status::kOk) return status;
  write_line(Text() << "program: " << paths.program << ", " << pte_size << " bytes, "
                    << method.instruction_count() << " instructions");

  if (inputs.count() != method.input_count()) {
    return fail(Status::kInputMismatch, Text() << paths.inputs << " holds " << inputs.count()
                                               << " tensors, the method takes "
                                               << method.input_count() << " inputs");
  }
  for (uint32_t i = 0; i < inputs.count(); ++i) {
    TensorRef input{};
    if ((status = inputs.tensor(i, &input)) != Status::kOk) return status;
    if ((status = method.set_input(i, input)) != Status::kOk) return status;
    print_tensor("input", i, *method.input(i));
  }

  const uint64_t start = board::instruction_count();
  status = method.execute();
  const uint64_t total_ticks = board::instruction_count() - start;
  if (status != Status::kOk) return status;

  uint8_t* output_bytes = nullptr;
  const uint64_t output_size = bundle_bytes(method);
  if ((status = pool.take(output_size, "output bundle", &output_bytes)) != Status::kOk) return status;
  BundleWriter writer(output_bytes, static_cast<size_t>(output_size));
  status = writer.begin(static_cast<uint32_t>(method.output_count()));
  for (size_t i = 0; status == Status::kOk && i < method.output_count(); ++i) {
    status = writer.add(*method.output(i));
  }
  if (status == Status::kOk) status = writer.finish();
  if (status == Status::kOk && paths.outputs != nullptr) {
    status = write_file(paths.outputs, output_bytes, writer.size());
  }
  if (status != Status::kOk) return status;

  for (size_t i = 0; i < method.output_count(); ++i) print_tensor("output", i, *method.output(i));
  print_profile(method, total_ticks);
  write_line(Text() << "arena: " << arena_used << " bytes used of " << arena_available
                    << " available");
  write_line(Text() << "workspace: " << method.workspace_used() << " bytes");
  write_line(Text() << "program: " << pte_size << " bytes; memory block: "
                    << memory_total - pool.remaining() << " of " << memory_total << " bytes used");
  if (paths.outputs != nullptr) {
    write_line(Text() << "wrote " << paths.outputs << " (" << method.output_count() << " outputs, "
                      << writer.size() << " bytes)");
  }
  return Status::kOk;
}

}  // namespace
}  // namespace armlet::runner

int main(int argc, char** argv) {
  using armlet::Status;
  armlet::set_log_hook(&armlet::runner::log_error);
  // Firmware with embedded files runs them, printing the outputs (and writing them when given a
  // path, for the tests); otherwise the three files come from the command line.
  armlet::runner::Paths paths{"model.pte", "inputs.bundle", argc == 2 ? argv[1] : nullptr};
  if (argc == 4) {
    paths = armlet::runner::Paths{argv[1], argv[2], argv[3]};
  } else if (argc > 2 || armlet::runner::kEmbeddedFileCount == 0) {
    armlet::board::console_write(
        "usage: runner MODEL.pte INPUTS.bundle OUTPUTS.bundle (firmware: runner [OUTPUTS.bundle])\n");
    armlet::board::exit(static_cast<int32_t>(Status::kInvalidArgument));
  }
  const Status status = armlet::runner::run(paths);
  armlet::Text text;
  text << "status: " << armlet::status_name(status) << " (exit " << static_cast<int32_t>(status)
       << ")";
  armlet::runner::write_line(text);
  armlet::board::exit(static_cast<int32_t>(status));
}

#include "cc/runtime/method.h"

#include <cstring>
#include <new>

#include "cc/runtime/pte_schema.h"

namespace armlet {

namespace fb = executorch_flatbuffer;
using flatbuffers::uoffset_t;

namespace detail {

enum class InstructionKind : uint8_t { kKernel, kMove, kJumpFalse, kFree };

struct Instruction {
  InstructionKind kind;
  const OperatorEntry* op;
  OpCall call;
  Value* from;  // move source; jump condition
  Value* to;    // move destination
  uint32_t destination;  // jump target, relative to the chain
  uint32_t calls;
  uint64_t ticks;
};

}  // namespace detail

namespace {

using detail::Instruction;
using detail::InstructionKind;

constexpr size_t kWorkspaceAlignment = 8;

// Counts and carves the workspace: one pass sizes it (in 64 bits, so a hostile
// count cannot wrap on a 32-bit target), the next hands out the pieces.
class Carver {
 public:
  template <typename T>
  void reserve(uint64_t count) {
    used_ = align(used_) + count * sizeof(T);
  }
  uint64_t used() const { return used_; }

  void start(uint8_t* base) {
    base_ = base;
    used_ = 0;
  }
  template <typename T>
  T* take(uint64_t count) {
    used_ = align(used_);
    T* result = reinterpret_cast<T*>(base_ + used_);
    used_ += count * sizeof(T);
    return result;
  }

 private:
  static uint64_t align(uint64_t n) { return (n + kWorkspaceAlignment - 1) & ~uint64_t{kWorkspaceAlignment - 1}; }
  uint8_t* base_ = nullptr;
  uint64_t used_ = 0;
};

}  // namespace

namespace detail {

// Element counts of every workspace piece, read from the plan.
struct Layout {
  size_t values = 0;
  uint64_t list_items = 0;
  size_t inputs = 0;
  size_t outputs = 0;
  size_t operators = 0;
  size_t chains = 0;
  uint64_t instructions = 0;
  uint64_t kernel_args = 0;

  Status measure(const fb::ExecutionPlan& plan);
  template <typename Carver>
  void reserve(Carver& carver) const;
};

}  // namespace detail

namespace {

template <typename T>
size_t vector_size(const flatbuffers::Vector<T>* vector) {
  return vector == nullptr ? 0 : vector->size();
}

bool range_inside(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

bool aligned(const void* pointer, size_t alignment) {
  return reinterpret_cast<uintptr_t>(pointer) % alignment == 0;
}

ValueKind value_kind_for(ArgKind kind) {
  switch (kind) {
    case ArgKind::kTensor:
      return ValueKind::kTensor;
    case ArgKind::kInt:
      return ValueKind::kInt;
    case ArgKind::kDouble:
      return ValueKind::kDouble;
    case ArgKind::kBool:
      return ValueKind::kBool;
    case ArgKind::kIntList:
      return ValueKind::kIntList;
    case ArgKind::kDoubleList:
    case ArgKind::kBoolList:
    case ArgKind::kTensorList:
      break;
  }
  return ValueKind::kOther;
}

const char* arg_kind_name(ArgKind kind) {
  switch (kind) {
    case ArgKind::kTensor:
      return "Tensor";
    case ArgKind::kInt:
      return "Int";
    case ArgKind::kDouble:
      return "Double";
    case ArgKind::kBool:
      return "Bool";
    case ArgKind::kIntList:
      return "IntList";
    case ArgKind::kDoubleList:
      return "DoubleList";
    case ArgKind::kBoolList:
      return "BoolList";
    case ArgKind::kTensorList:
      return "TensorList";
  }
  return "?";
}

Text& operator_label(Text& text, const OperatorEntry& op) {
  return text << op.name << '.' << op.overload;
}

Status value_error(Status status, size_t index, const char* what) {
  return fail(status, Text() << "value " << index << ": " << what);
}

}  // namespace

namespace detail {

Status Layout::measure(const fb::ExecutionPlan& plan) {
  values = vector_size(plan.values());
  for (size_t i = 0; i < values; ++i) {
    const fb::EValue* value = plan.values()->Get(static_cast<uoffset_t>(i));
    if (value->val_type() == fb::KernelTypes::IntList && value->val_as_IntList() != nullptr) {
      list_items += vector_size(value->val_as_IntList()->items());
    }
  }
  inputs = vector_size(plan.inputs());
  outputs = vector_size(plan.outputs());
  operators = vector_size(plan.operators());
  chains = vector_size(plan.chains());
  for (size_t c = 0; c < chains; ++c) {
    const auto* list = plan.chains()->Get(static_cast<uoffset_t>(c))->instructions();
    instructions += vector_size(list);
    for (size_t i = 0; i < vector_size(list); ++i) {
      const fb::KernelCall* call = list->Get(static_cast<uoffset_t>(i))->instr_args_as_KernelCall();
      if (call != nullptr) kernel_args += vector_size(call->args());
    }
  }
  if (instructions > UINT32_MAX) return fail(Status::kUnsupported, "too many instructions");
  return Status::kOk;
}

template <typename Carver>
void Layout::reserve(Carver& carver) const {
  carver.template reserve<Value>(values);
  carver.template reserve<int32_t>(list_items);
  carver.template reserve<Value*>(inputs + outputs);
  carver.template reserve<const OperatorEntry*>(operators);
  carver.template reserve<Instruction>(instructions);
  carver.template reserve<Value*>(kernel_args);
  carver.template reserve<uint32_t>(chains + 1);
}

}  // namespace detail

Status Method::requirements(const Program& program, const char* method_name,
                            MethodRequirements* out) {
  const fb::ExecutionPlan* plan = nullptr;
  Status status = program.find_method(method_name, &plan);
  if (status != Status::kOk) return status;
  detail::Layout layout;
  if ((status = layout.measure(*plan)) != Status::kOk) return status;
  Carver carver;
  layout.reserve(carver);
  *out = MethodRequirements{};
  out->workspace_bytes = carver.used() + kWorkspaceAlignment - 1;
  const auto* sizes = plan->non_const_buffer_sizes();
  const size_t ids = vector_size(sizes);
  out->arena_count = ids > 1 ? ids - 1 : 0;
  for (size_t i = 0; i < out->arena_count && i < MethodRequirements::kMaxReportedArenas; ++i) {
    const int64_t bytes = unaligned_element(*sizes, static_cast<uoffset_t>(i + 1));
    out->arena_bytes[i] = bytes < 0 ? 0 : static_cast<uint64_t>(bytes);
  }
  return Status::kOk;
}

Status Method::init(const Program& program, const MethodConfig& config) {
  *this = Method();
  if (config.operators == nullptr || (config.workspace == nullptr && config.workspace_size > 0) ||
      (config.arenas == nullptr && config.arena_count > 0)) {
    return fail(Status::kInvalidArgument, "Method::init: incomplete config");
  }
  Status status = program.find_method(config.method_name, &plan_);
  if (status != Status::kOk) return status;
  now_ = config.now;

  detail::Layout layout;
  status = layout.measure(*plan_);
  if (status != Status::kOk) return status;
  value_count_ = layout.values;
  input_count_ = layout.inputs;
  output_count_ = layout.outputs;
  operator_count_ = layout.operators;
  chain_count_ = layout.chains;
  instruction_count_ = static_cast<size_t>(layout.instructions);

  // Sized before any write, so a too-small workspace fails cleanly.
  Carver carver;
  layout.reserve(carver);
  const uint64_t needed = carver.used() + kWorkspaceAlignment - 1;
  if (needed > config.workspace_size) {
    return fail(Status::kWorkspaceTooSmall, Text() << "workspace too small: need " << needed
                                                   << " bytes, have " << config.workspace_size);
  }
  uint8_t* base = config.workspace;
  while (!aligned(base, kWorkspaceAlignment)) ++base;
  carver.start(base);
  values_ = carver.take<Value>(layout.values);
  list_pool_ = carver.take<int32_t>(layout.list_items);
  inputs_ = carver.take<Value*>(layout.inputs);
  outputs_ = carver.take<Value*>(layout.outputs);
  operators_ = carver.take<const OperatorEntry*>(layout.operators);
  instructions_ = carver.take<Instruction>(layout.instructions);
  arg_pool_ = carver.take<Value*>(layout.kernel_args);
  chain_starts_ = carver.take<uint32_t>(layout.chains + 1);
  workspace_used_ = static_cast<size_t>(carver.used() + static_cast<uint64_t>(base - config.workspace));

  if ((status = place_arenas(config)) != Status::kOk) return status;
  if ((status = load_values(program)) != Status::kOk) return status;
  if ((status = load_lists()) != Status::kOk) return status;
  if ((status = load_io()) != Status::kOk) return status;
  if ((status = load_operators(*config.operators)) != Status::kOk) return status;
  if ((status = load_instructions()) != Status::kOk) return status;
  ready_ = true;
  return Status::kOk;
}

Status Method::place_arenas(const MethodConfig& config) {
  const auto* sizes = plan_->non_const_buffer_sizes();
  const size_t ids = vector_size(sizes);
  planned_arena_count_ = ids > 1 ? ids - 1 : 0;
  if (planned_arena_count_ > config.arena_count) {
    if (config.arena_count == 0 && planned_arena_count_ == 1) {
      return fail(Status::kArenaTooSmall, Text() << "arena too small: need " << unaligned_element(*sizes, 1)
                                                 << " bytes, have 0");
    }
    return fail(Status::kArenaTooSmall, Text() << "program needs " << planned_arena_count_
                                               << " memory arenas, got " << config.arena_count);
  }
  for (size_t i = 0; i < planned_arena_count_; ++i) {
    const int64_t need = unaligned_element(*sizes, static_cast<uoffset_t>(i + 1));
    const Arena& arena = config.arenas[i];
    if (need < 0) {
      return fail(Status::kInvalidProgram, Text() << "planned memory id " << i + 1
                                                  << " has negative size " << need);
    }
    if (static_cast<uint64_t>(need) > arena.size) {
      Text text;
      text << "arena too small: need " << need << " bytes, have " << arena.size;
      if (planned_arena_count_ > 1) text << " (memory id " << i + 1 << ")";
      return fail(Status::kArenaTooSmall, text);
    }
    if (need > 0 && (arena.data == nullptr || !aligned(arena.data, kArenaAlignment))) {
      return fail(Status::kInvalidArgument, "arena must be non-null and 16-byte aligned");
    }
    // Deterministic contents for tensors nobody writes before reading.
    if (need > 0) memset(arena.data, 0, static_cast<size_t>(need));
  }
  arenas_ = config.arenas;
  return Status::kOk;
}

uint64_t Method::planned_arena_bytes(size_t arena_index) const {
  if (plan_ == nullptr || arena_index >= planned_arena_count_) return 0;
  const int64_t bytes =
      unaligned_element(*plan_->non_const_buffer_sizes(), static_cast<uoffset_t>(arena_index + 1));
  return bytes < 0 ? 0 : static_cast<uint64_t>(bytes);
}

namespace {

// Fills |out| from a serialized tensor: shape, dtype, and where its bytes are
// (a constant in the program or a planned arena slot), all bounds-checked.
Status load_tensor(const fb::Tensor& source, size_t index, const Program& program,
                   const flatbuffers::Vector<int64_t>* planned_sizes, const Arena* arenas,
                   Tensor* out) {
  Tensor tensor{};
  const uint32_t code = static_cast<uint32_t>(static_cast<uint8_t>(source.scalar_type()));
  const uint32_t element_bytes = element_size(code);
  if (element_bytes == 0) {
    return fail(Status::kUnsupported, Text() << "value " << index << ": unsupported scalar type "
                                             << code);
  }
  tensor.dtype = static_cast<ScalarType>(code);
  const auto* sizes = source.sizes();
  const size_t rank = vector_size(sizes);
  if (rank > static_cast<size_t>(kMaxRank)) {
    return fail(Status::kUnsupported, Text() << "value " << index << ": rank " << rank
                                             << " exceeds " << kMaxRank);
  }
  tensor.rank = static_cast<uint8_t>(rank);
  for (size_t d = 0; d < rank; ++d) tensor.sizes[d] = sizes->Get(static_cast<uoffset_t>(d));
  if (!shape_bytes(tensor.sizes, tensor.rank, element_bytes, &tensor.numel, &tensor.nbytes)) {
    return fail(Status::kInvalidProgram, Text() << "value " << index
                                                << ": tensor sizes negative or too large");
  }
  const auto* dim_order = source.dim_order();
  if (vector_size(dim_order) != 0) {
    bool contiguous = dim_order->size() == rank;
    for (size_t d = 0; contiguous && d < rank; ++d) {
      contiguous = dim_order->Get(static_cast<uoffset_t>(d)) == d;
    }
    if (!contiguous) return value_error(Status::kUnsupported, index, "non-contiguous dim_order");
  }
  if (source.storage_offset() != 0) {
    return value_error(Status::kUnsupported, index, "nonzero storage_offset");
  }
  switch (source.shape_dynamism()) {
    case fb::TensorShapeDynamism::STATIC:
    case fb::TensorShapeDynamism::DYNAMIC_BOUND:  // runs at its upper bound
      break;
    default:
      return value_error(Status::kUnsupported, index, "dynamic shape without upper bound");
  }
  const fb::ExtraTensorInfo* extra = source.extra_tensor_info();
  if (extra != nullptr && extra->location() != fb::TensorDataLocation::SEGMENT) {
    return value_error(Status::kUnsupported, index, "tensor data outside the program file");
  }

  const fb::AllocationDetails* allocation = source.allocation_info();
  const uint32_t buffer_index = source.data_buffer_idx();
  if (allocation != nullptr && buffer_index != 0) {
    return value_error(Status::kUnsupported, index, "mutable tensor with initial data");
  }
  if (allocation != nullptr) {
    const uint32_t id = allocation->memory_id();
    const size_t ids = vector_size(planned_sizes);
    if (id == 0 || id >= ids) {
      return fail(Status::kInvalidProgram, Text() << "value " << index << ": memory id " << id
                                                  << " out of range (" << ids << " ids, 0 reserved)");
    }
    const uint64_t offset = static_cast<uint64_t>(allocation->memory_offset_high()) << 32 |
                            allocation->memory_offset_low();
    // place_arenas() proved planned size >= 0 and arena size >= planned size.
    const uint64_t planned = static_cast<uint64_t>(unaligned_element(*planned_sizes, id));
    if (!range_inside(offset, tensor.nbytes, planned)) {
      return fail(Status::kInvalidProgram,
                  Text() << "value " << index << ": tensor (" << tensor.nbytes
                         << " bytes at offset " << offset << ") lies past the end of memory id "
                         << id << " (" << planned << " bytes)");
    }
    tensor.data = arenas[id - 1].data + static_cast<size_t>(offset);
    tensor.constant = false;
  } else if (buffer_index != 0) {
    const uint8_t* data = nullptr;
    const Status status = program.constant_data(buffer_index, tensor.nbytes, &data);
    if (status != Status::kOk) return status;
    // The runtime never writes a constant (checked where tensors are written).
    tensor.data = const_cast<uint8_t*>(data);
    tensor.constant = true;
  } else {
    return value_error(Status::kUnsupported, index,
                       "tensor has no data (neither constant nor memory-planned)");
  }
  if (!aligned(tensor.data, element_bytes)) {
    return value_error(Status::kInvalidProgram, index, "tensor data misaligned");
  }
  *out = tensor;
  return Status::kOk;
}

}  // namespace

Status Method::load_values(const Program& program) {
  const auto* values = plan_->values();
  for (size_t i = 0; i < value_count_; ++i) {
    Value* value = new (&values_[i]) Value();
    value->kind = ValueKind::kNone;
    value->boxed = false;
    const fb::EValue* source = values->Get(static_cast<uoffset_t>(i));
    switch (source->val_type()) {
      case fb::KernelTypes::NONE:
      case fb::KernelTypes::Null:
        break;
      case fb::KernelTypes::Int:
        if (source->val_as_Int() == nullptr) return value_error(Status::kInvalidProgram, i, "missing Int");
        value->kind = ValueKind::kInt;
        value->integer = source->val_as_Int()->int_val();
        break;
      case fb::KernelTypes::Bool:
        if (source->val_as_Bool() == nullptr) return value_error(Status::kInvalidProgram, i, "missing Bool");
        value->kind = ValueKind::kBool;
        value->boolean = source->val_as_Bool()->bool_val();
        break;
      case fb::KernelTypes::Double:
        if (source->val_as_Double() == nullptr) {
          return value_error(Status::kInvalidProgram, i, "missing Double");
        }
        value->kind = ValueKind::kDouble;
        value->real = source->val_as_Double()->double_val();
        break;
      case fb::KernelTypes::Tensor: {
        if (source->val_as_Tensor() == nullptr) {
          return value_error(Status::kInvalidProgram, i, "missing Tensor");
        }
        const Status status = load_tensor(*source->val_as_Tensor(), i, program,
                                          plan_->non_const_buffer_sizes(), arenas_, &value->tensor);
        if (status != Status::kOk) return status;
        value->kind = ValueKind::kTensor;
        break;
      }
      case fb::KernelTypes::IntList:
        if (source->val_as_IntList() == nullptr) {
          return value_error(Status::kInvalidProgram, i, "missing IntList");
        }
        value->kind = ValueKind::kIntList;  // items filled by load_lists()
        value->list = IntListView{nullptr, 0};
        break;
      case fb::KernelTypes::String:
      case fb::KernelTypes::DoubleList:
      case fb::KernelTypes::BoolList:
      case fb::KernelTypes::TensorList:
      case fb::KernelTypes::OptionalTensorList:
        value->kind = ValueKind::kOther;
        break;
      default:
        return fail(Status::kInvalidProgram, Text() << "value " << i << " has unknown type "
                                                    << static_cast<int32_t>(source->val_type()));
    }
  }
  return Status::kOk;
}

Status Method::load_lists() {
  // ExecuTorch boxes int lists: the items are indices of Int values.
  const auto* values = plan_->values();
  int32_t* pool = list_pool_;
  for (size_t i = 0; i < value_count_; ++i) {
    if (values_[i].kind != ValueKind::kIntList) continue;
    const auto* items = values->Get(static_cast<uoffset_t>(i))->val_as_IntList()->items();
    const size_t count = vector_size(items);
    if (count > static_cast<size_t>(INT32_MAX)) return value_error(Status::kUnsupported, i, "list too long");
    for (size_t k = 0; k < count; ++k) {
      const int64_t item = unaligned_element(*items, static_cast<uoffset_t>(k));
      if (item < 0 || static_cast<uint64_t>(item) >= value_count_ ||
          values_[item].kind != ValueKind::kInt) {
        return fail(Status::kInvalidProgram, Text() << "value " << i << ": int list item " << k
                                                    << " refers to value " << item
                                                    << ", which is not an Int");
      }
      Value& boxed = values_[item];
      if (boxed.integer < INT32_MIN || boxed.integer > INT32_MAX) {
        return fail(Status::kUnsupported, Text() << "value " << i << ": int list item " << k
                                                 << " (" << boxed.integer
                                                 << ") does not fit in int32");
      }
      boxed.boxed = true;
      pool[k] = static_cast<int32_t>(boxed.integer);
    }
    values_[i].list = IntListView{pool, static_cast<int32_t>(count)};
    pool += count;
  }
  return Status::kOk;
}

Status Method::load_io() {
  for (size_t i = 0; i < input_count_; ++i) {
    const int32_t index = plan_->inputs()->Get(static_cast<uoffset_t>(i));
    if (index < 0 || static_cast<size_t>(index) >= value_count_) {
      return fail(Status::kInvalidProgram, Text() << "input " << i << " refers to value " << index
                                                  << ", out of range (" << value_count_
                                                  << " values)");
    }
    Value& value = values_[index];
    if (value.kind != ValueKind::kTensor || value.tensor.constant) {
      return fail(Status::kUnsupported, Text() << "input " << i
                                               << " is not a memory-planned tensor");
    }
    inputs_[i] = &value;
  }
  for (size_t i = 0; i < output_count_; ++i) {
    const int32_t index = plan_->outputs()->Get(static_cast<uoffset_t>(i));
    if (index < 0 || static_cast<size_t>(index) >= value_count_) {
      return fail(Status::kInvalidProgram, Text() << "output " << i << " refers to value "
                                                  << index << ", out of range (" << value_count_
                                                  << " values)");
    }
    if (values_[index].kind != ValueKind::kTensor) {
      return fail(Status::kUnsupported, Text() << "output " << i << " is not a tensor");
    }
    outputs_[i] = &values_[index];
  }
  return Status::kOk;
}

Status Method::load_operators(const OperatorTable& table) {
  for (size_t i = 0; i < operator_count_; ++i) {
    const fb::Operator* op = plan_->operators()->Get(static_cast<uoffset_t>(i));
    const char* name = op->name() == nullptr ? "" : op->name()->c_str();
    const char* overload = op->overload() == nullptr ? "" : op->overload()->c_str();
    operators_[i] = table.find(name, overload);
    if (operators_[i] == nullptr) {
      Text text;
      text << "unknown operator " << name;
      if (*overload != '\0') text << '.' << overload;
      return fail(Status::kUnknownOperator, text);
    }
  }
  return Status::kOk;
}

namespace {

// Checks one kernel call's arguments against the operator's schema.
Status check_kernel_args(const OperatorEntry& op, size_t instruction, Value* const* args,
                         const int32_t* indices, int32_t count) {
  if (count != op.arg_count) {
    return fail(Status::kInvalidProgram, operator_label(Text() << "instruction " << instruction
                                                               << ": ", op)
                                             << " takes " << op.arg_count
                                             << " arguments, got " << count);
  }
  int32_t out_index = -1;
  for (int32_t k = 0; k < count; ++k) {
    const ArgSpec& spec = op.args[k];
    const Value& value = *args[k];
    const bool none_ok = spec.optional && value.kind == ValueKind::kNone;
    if (!none_ok && value.kind != value_kind_for(spec.kind)) {
      return fail(Status::kInvalidProgram,
                  operator_label(Text() << "instruction " << instruction << ": ", op)
                      << " argument '" << spec.name << "' must be " << arg_kind_name(spec.kind)
                      << ", got " << value_kind_name(value.kind));
    }
    if (spec.role != ArgRole::kInput && value.kind == ValueKind::kTensor && value.tensor.constant) {
      return fail(Status::kInvalidProgram,
                  operator_label(Text() << "instruction " << instruction << ": ", op)
                      << " argument '" << spec.name << "' writes to a constant tensor");
    }
    if (spec.role == ArgRole::kOut) out_index = indices[k];
    if (spec.role == ArgRole::kReturn && indices[k] != out_index) {
      return fail(Status::kUnsupported,
                  operator_label(Text() << "instruction " << instruction << ": ", op)
                      << " return value is not its out argument");
    }
  }
  return Status::kOk;
}

Status check_move(size_t instruction, const Value& from, const Value& to) {
  Text text;
  text << "instruction " << instruction << ": move ";
  if (from.kind != to.kind) {
    return fail(Status::kUnsupported, text << "between different kinds (" << value_kind_name(from.kind)
                                           << " to " << value_kind_name(to.kind) << ")");
  }
  switch (to.kind) {
    case ValueKind::kTensor:
      // Moves copy bytes, so the destination keeps its place and shape.
      if (to.tensor.constant || from.tensor.dtype != to.tensor.dtype ||
          !same_shape(from.tensor, to.tensor)) {
        return fail(Status::kUnsupported,
                    text << "needs planned tensors of equal dtype and shape");
      }
      return Status::kOk;
    case ValueKind::kInt:
      if (to.boxed) return fail(Status::kUnsupported, text << "into an Int used by an int list");
      return Status::kOk;
    case ValueKind::kBool:
    case ValueKind::kDouble:
    case ValueKind::kNone:
      return Status::kOk;
    default:
      return fail(Status::kUnsupported, text << "of a " << value_kind_name(to.kind) << " value");
  }
}

}  // namespace

Status Method::load_instructions() {
  size_t next = 0;
  Value** args = arg_pool_;
  for (size_t c = 0; c < chain_count_; ++c) {
    chain_starts_[c] = static_cast<uint32_t>(next);
    const auto* list = plan_->chains()->Get(static_cast<uoffset_t>(c))->instructions();
    const size_t count = vector_size(list);
    for (size_t pc = 0; pc < count; ++pc, ++next) {
      const fb::Instruction* source = list->Get(static_cast<uoffset_t>(pc));
      Instruction* instruction = new (&instructions_[next]) Instruction();
      const auto value_at = [&](int64_t index, Value** out) {
        if (index < 0 || static_cast<uint64_t>(index) >= value_count_) {
          return fail(Status::kInvalidProgram, Text() << "instruction " << next
                                                      << " refers to value " << index
                                                      << ", out of range (" << value_count_
                                                      << " values)");
        }
        *out = &values_[index];
        return Status::kOk;
      };
      Status status = Status::kOk;
      switch (source->instr_args_type()) {
        case fb::InstructionArguments::KernelCall: {
          const fb::KernelCall* call = source->instr_args_as_KernelCall();
          if (call == nullptr) return fail(Status::kInvalidProgram, "kernel call without arguments");
          const int32_t op_index = call->op_index();
          if (op_index < 0 || static_cast<size_t>(op_index) >= operator_count_) {
            return fail(Status::kInvalidProgram, Text() << "instruction " << next
                                                        << ": operator index " << op_index
                                                        << " out of range (" << operator_count_
                                                        << " operators)");
          }
          const auto* indices = call->args();
          const size_t arg_count = vector_size(indices);
          for (size_t k = 0; k < arg_count; ++k) {
            status = value_at(indices->Get(static_cast<uoffset_t>(k)), &args[k]);
            if (status != Status::kOk) return status;
          }
          const OperatorEntry& op = *operators_[op_index];
          status = check_kernel_args(op, next, args, arg_count == 0 ? nullptr : indices->data(),
                                     static_cast<int32_t>(arg_count));
          if (status != Status::kOk) return status;
          instruction->kind = InstructionKind::kKernel;
          instruction->op = &op;
          instruction->call = OpCall{args, static_cast<int32_t>(arg_count), 0};
          args += arg_count;
          status = op.prepare(instruction->call);
          if (status != Status::kOk) return status;
          break;
        }
        case fb::InstructionArguments::DelegateCall:
          return fail(Status::kUnsupported,
                      Text() << "instruction " << next << ": delegates not supported");
        case fb::InstructionArguments::MoveCall: {
          const fb::MoveCall* move = source->instr_args_as_MoveCall();
          if (move == nullptr) return fail(Status::kInvalidProgram, "move without arguments");
          if ((status = value_at(move->move_from(), &instruction->from)) != Status::kOk ||
              (status = value_at(move->move_to(), &instruction->to)) != Status::kOk ||
              (status = check_move(next, *instruction->from, *instruction->to)) != Status::kOk) {
            return status;
          }
          instruction->kind = InstructionKind::kMove;
          break;
        }
        case fb::InstructionArguments::JumpFalseCall: {
          const fb::JumpFalseCall* jump = source->instr_args_as_JumpFalseCall();
          if (jump == nullptr) return fail(Status::kInvalidProgram, "jump without arguments");
          if ((status = value_at(jump->cond_value_index(), &instruction->from)) != Status::kOk) {
            return status;
          }
          if (instruction->from->kind != ValueKind::kBool) {
            return fail(Status::kInvalidProgram,
                        Text() << "instruction " << next << ": jump condition is not a Bool");
          }
          const int32_t destination = jump->destination_instruction();
          // Forward-only jumps make every run finish in at most one pass.
          if (destination <= static_cast<int64_t>(pc)) {
            return fail(Status::kUnsupported, Text() << "instruction " << next << ": jump back to "
                                                     << destination
                                                     << " not supported (forward jumps only)");
          }
          if (static_cast<size_t>(destination) > count) {
            return fail(Status::kInvalidProgram, Text() << "instruction " << next
                                                        << ": jump destination " << destination
                                                        << " past the end of the chain");
          }
          instruction->kind = InstructionKind::kJumpFalse;
          instruction->destination = static_cast<uint32_t>(destination);
          break;
        }
        case fb::InstructionArguments::FreeCall: {
          const fb::FreeCall* free_call = source->instr_args_as_FreeCall();
          if (free_call == nullptr) return fail(Status::kInvalidProgram, "free without arguments");
          Value* ignored = nullptr;
          if ((status = value_at(free_call->value_index(), &ignored)) != Status::kOk) return status;
          instruction->kind = InstructionKind::kFree;  // planned memory: nothing to free
          break;
        }
        default:
          return fail(Status::kInvalidProgram, Text() << "instruction " << next
                                                      << " has unknown type "
                                                      << static_cast<int32_t>(source->instr_args_type()));
      }
    }
  }
  chain_starts_[chain_count_] = static_cast<uint32_t>(next);
  return Status::kOk;
}

const Tensor* Method::input(size_t index) const {
  return ready_ && index < input_count_ ? &inputs_[index]->tensor : nullptr;
}

const Tensor* Method::output(size_t index) const {
  return ready_ && index < output_count_ ? &outputs_[index]->tensor : nullptr;
}

Status Method::set_input(size_t index, const TensorRef& value) {
  if (!ready_) return fail(Status::kInvalidArgument, "method not initialized");
  if (index >= input_count_) {
    return fail(Status::kInvalidArgument, Text() << "input " << index << " out of range ("
                                                 << input_count_ << " inputs)");
  }
  Tensor& planned = inputs_[index]->tensor;
  bool match = value.dtype == planned.dtype && value.rank == planned.rank &&
               value.nbytes == planned.nbytes && (value.data != nullptr || value.nbytes == 0);
  for (int32_t d = 0; match && d < planned.rank; ++d) match = value.sizes[d] == planned.sizes[d];
  if (!match) {
    Text text;
    text << "input " << index << ": expected ";
    describe(text, planned);
    text << ", got ";
    describe(text, value.dtype, value.rank < 0 || value.rank > kMaxRank ? 0 : value.rank, value.sizes);
    return fail(Status::kInputMismatch, text);
  }
  if (value.nbytes > 0) memcpy(planned.data, value.data, value.nbytes);
  return Status::kOk;
}

Status Method::execute() {
  if (!ready_) return fail(Status::kInvalidArgument, "method not initialized");
  for (size_t c = 0; c < chain_count_; ++c) {
    const uint32_t begin = chain_starts_[c];
    const uint32_t end = chain_starts_[c + 1];
    uint32_t pc = begin;
    while (pc < end) {
      Instruction& instruction = instructions_[pc];
      switch (instruction.kind) {
        case InstructionKind::kKernel: {
          const uint64_t start = now_ != nullptr ? now_() : 0;
          const Status status = instruction.op->run(instruction.call);
          if (now_ != nullptr) instruction.ticks += now_() - start;
          ++instruction.calls;
          if (status != Status::kOk) return status;
          ++pc;
          break;
        }
        case InstructionKind::kMove:
          if (instruction.to->kind == ValueKind::kTensor) {
            memmove(instruction.to->tensor.data, instruction.from->tensor.data,
                    instruction.to->tensor.nbytes);
          } else {
            const bool boxed = instruction.to->boxed;
            *instruction.to = *instruction.from;
            instruction.to->boxed = boxed;
          }
          ++pc;
          break;
        case InstructionKind::kJumpFalse:
          pc = instruction.from->boolean ? pc + 1 : begin + instruction.destination;
          break;
        case InstructionKind::kFree:
          ++pc;
          break;
      }
    }
  }
  return Status::kOk;
}

InstructionProfile Method::profile(size_t index) const {
  if (!ready_ || index >= instruction_count_) return InstructionProfile{nullptr, 0, 0, 0};
  const Instruction& instruction = instructions_[index];
  if (instruction.kind != InstructionKind::kKernel) return InstructionProfile{nullptr, 0, 0, 0};
  return InstructionProfile{instruction.op, instruction.calls, instruction.ticks,
                            instruction.call.macs};
}

}  // namespace armlet

"""A float nn.Module -> an int8 ExecuTorch program (.pte bytes) for Cortex-M.

Pipeline::

    torch.export -> prepare_pt2e(ArmletQuantizer) -> calibrate -> convert_pt2e
    -> torch.export -> to_edge (aten.linear preserved)
    -> armlet passes (fold q/dq, fuse linear/add, fold activations, q/dq ops)
    -> to_executorch (memory planning; constants in the constant segment)

The .pte carries an extended header and keeps every constant (weights,
kernel sums) in one constant segment after the flatbuffer.
"""

from __future__ import annotations

import copy
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import torch

from ._quiet import quiet_imports
from .errors import ArmletError
from .passes import armlet_passes
from .passes.qparams import FLOAT_REASON, op_name
from .pte_interpreter import load_program
from .quantizer import ArmletQuantizer

with quiet_imports():
    from executorch.exir import (
        EdgeCompileConfig,
        EdgeProgramManager,
        ExecutorchBackendConfig,
        ExecutorchProgramManager,
        to_edge,
    )
    from executorch.exir.passes import MemoryPlanningPass
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

TARGETS = (
    "cortex-m0plus",
    "cortex-m3",
    "cortex-m4",
    "cortex-m7",
    "cortex-m33",
    "cortex-m55",
    "cortex-m85",
)

# Operators the armlet runtime implements (namespace armlet), by name.
ARMLET_NAMESPACE = "armlet"
# Alignment of each constant inside the constant segment; 16 suits MVE loads.
CONSTANT_ALIGNMENT = 16
# Alignment of segments (the constant segment) inside the file.
SEGMENT_ALIGNMENT = 16
# Alignment of every planned activation buffer.
ACTIVATION_ALIGNMENT = 16


def progress(message: str) -> None:
    print(f"[armlet] {message}", file=sys.stderr, flush=True)


@dataclass
class OperatorReport:
    name: str  # fx node name
    op: str  # e.g. armlet.quantized_linear or aten.sigmoid
    lowered: bool
    reason: str = ""


@dataclass
class LoweringReport:
    target: str
    per_channel: bool
    operators: List[OperatorReport] = field(default_factory=list)
    constant_bytes: int = 0
    activation_bytes: int = 0
    notes: List[str] = field(default_factory=list)

    @property
    def float_operators(self) -> List[OperatorReport]:
        return [o for o in self.operators if not o.lowered]

    def format(self) -> str:
        lines = [f"armlet lowering report (target {self.target}, "
                 f"{'per-channel' if self.per_channel else 'per-tensor'} weights)"]
        for o in self.operators:
            status = "int8 " if o.lowered else "FLOAT"
            why = f"  ({o.reason})" if o.reason else ""
            lines.append(f"  {status} {o.op:<34} {o.name}{why}")
        for note in self.notes:
            lines.append(f"  note: {note}")
        lines.append(f"  constant bytes:           {self.constant_bytes}")
        lines.append(f"  planned activation bytes: {self.activation_bytes}")
        return "\n".join(lines)


def operator_counts(program: torch.export.ExportedProgram) -> Dict[str, int]:
    """How many nodes call each operator, e.g. {'aten.linear': 2, 'armlet.quantized_add': 1}."""
    counts: Dict[str, int] = {}
    for node in program.graph_module.graph.nodes:
        if node.op == "call_function":
            name = op_name(node.target)
            counts[name] = counts.get(name, 0) + 1
    return counts


@dataclass
class CompiledProgram:
    pte: bytes
    before_passes: torch.export.ExportedProgram  # edge program as to_edge made it
    lowered: torch.export.ExportedProgram  # edge program after armlet's passes
    executorch: ExecutorchProgramManager
    report: LoweringReport

    @property
    def ops_before(self) -> Dict[str, int]:
        return operator_counts(self.before_passes)

    @property
    def ops_after(self) -> Dict[str, int]:
        return operator_counts(self.lowered)

    def lowered_module(self) -> torch.nn.Module:
        """The lowered edge graph as a callable module (armlet ops run their reference kernels)."""
        return self.lowered.module(check_guards=False)


def check_example_inputs(inputs: Any) -> Tuple[torch.Tensor, ...]:
    """Example inputs must be a tuple of static float32 tensors."""
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    if not isinstance(inputs, (tuple, list)):
        raise ArmletError(
            f"example_inputs() must return a tuple of tensors, got {type(inputs).__name__}"
        )
    if not inputs:
        raise ArmletError("example_inputs() returned no inputs")
    for i, t in enumerate(inputs):
        if not isinstance(t, torch.Tensor):
            raise ArmletError(
                f"input {i} is a {type(t).__name__}, not a torch.Tensor: armlet programs take tensors only"
            )
        if t.dtype != torch.float32:
            raise ArmletError(f"input {i} has dtype {t.dtype}: armlet programs take float32 inputs")
        if t.numel() == 0:
            raise ArmletError(f"input {i} has shape {tuple(t.shape)} with no elements")
    return tuple(t.contiguous() for t in inputs)


def _calibration_samples(
    example_inputs: Tuple[torch.Tensor, ...],
    calibration_inputs: Optional[Iterable[Sequence[torch.Tensor]]],
    limit: Optional[int],
) -> List[Tuple[torch.Tensor, ...]]:
    if calibration_inputs is None:
        samples = [example_inputs]
    else:
        samples = []
        for sample in calibration_inputs:
            if limit is not None and len(samples) >= limit:
                break
            sample = check_example_inputs(sample)
            if [t.shape for t in sample] != [t.shape for t in example_inputs]:
                raise ArmletError(
                    f"calibration sample {len(samples)} has shapes {[tuple(t.shape) for t in sample]}, "
                    f"expected {[tuple(t.shape) for t in example_inputs]} (shapes are static)"
                )
            samples.append(sample)
        if not samples:
            raise ArmletError("calibration_inputs() yielded no samples")
    return samples


def quantize_model(
    model: torch.nn.Module,
    example_inputs: Tuple[torch.Tensor, ...],
    calibration_inputs: Optional[Iterable[Sequence[torch.Tensor]]] = None,
    calibration_samples: Optional[int] = None,
    per_channel: bool = False,
    verbose: bool = True,
) -> Tuple[torch.export.ExportedProgram, ArmletQuantizer]:
    """Export, PT2E-quantize and calibrate; returns the re-exported quantized program."""
    say = progress if verbose else (lambda _m: None)
    model = model.eval()
    say("exporting the float model")
    try:
        with quiet_imports():
            graph_module = torch.export.export(model, example_inputs, strict=False).module(check_guards=False)
    except Exception as e:  # torch reports many kinds of tracing failure
        raise ArmletError(f"torch.export failed on the model: {e}") from e
    quantizer = ArmletQuantizer(per_channel=per_channel)
    with quiet_imports():
        prepared = prepare_pt2e(graph_module, quantizer)
    samples = _calibration_samples(example_inputs, calibration_inputs, calibration_samples)
    start = time.monotonic()
    with torch.no_grad():
        for i, sample in enumerate(samples):
            prepared(*sample)
            if verbose and (i + 1 == len(samples) or time.monotonic() - start > 2.0):
                say(f"calibrating: {i + 1}/{len(samples)} samples")
                start = time.monotonic()
    with quiet_imports():
        converted = convert_pt2e(prepared)
        say("exporting the quantized model")
        quantized = torch.export.export(converted, example_inputs, strict=False)
    return quantized, quantizer


def to_edge_dialect(quantized: torch.export.ExportedProgram, verbose: bool = True) -> EdgeProgramManager:
    """to_edge with aten.linear preserved (armlet fuses it whole, any input rank)."""
    say = progress if verbose else (lambda _m: None)
    say("lowering to the edge dialect")
    config = EdgeCompileConfig(preserve_ops=[torch.ops.aten.linear.default])
    with quiet_imports():
        return to_edge(quantized, compile_config=config)


def run_armlet_passes(edge: EdgeProgramManager, verbose: bool = True) -> EdgeProgramManager:
    if verbose:
        progress("running armlet passes")
    return edge.transform(armlet_passes())


def to_pte(edge: EdgeProgramManager, verbose: bool = True) -> ExecutorchProgramManager:
    say = progress if verbose else (lambda _m: None)
    say("planning memory and serializing the program")
    config = ExecutorchBackendConfig(
        memory_planning_pass=MemoryPlanningPass(
            alloc_graph_input=True, alloc_graph_output=True, alignment=ACTIVATION_ALIGNMENT
        ),
        extract_delegate_segments=True,
        segment_alignment=SEGMENT_ALIGNMENT,
        constant_tensor_alignment=CONSTANT_ALIGNMENT,
    )
    with quiet_imports():
        return edge.to_executorch(config)


def build_report(
    lowered: torch.export.ExportedProgram,
    pte: bytes,
    quantizer: Optional[ArmletQuantizer],
    target: str,
    per_channel: bool,
) -> LoweringReport:
    """What was lowered to int8, what stayed in float and why, and the program's sizes."""
    report = LoweringReport(target=target, per_channel=per_channel)
    for node in lowered.graph_module.graph.nodes:
        if node.op != "call_function":
            continue
        name = op_name(node.target)
        if name.startswith(ARMLET_NAMESPACE + "."):
            report.operators.append(OperatorReport(node.name, name, True))
        else:
            reason = node.meta.get(FLOAT_REASON) or "armlet has no int8 kernel for it"
            report.operators.append(OperatorReport(node.name, name, False, reason))
    if quantizer is not None:
        for reason in quantizer.skipped:
            report.notes.append(f"quantizer left {reason}")
    loaded = load_program(pte)
    report.constant_bytes = loaded.constant_bytes()
    report.activation_bytes = loaded.planned_bytes()
    return report


def compile_model(
    model: torch.nn.Module,
    example_inputs: Sequence[torch.Tensor],
    calibration_inputs: Optional[Iterable[Sequence[torch.Tensor]]] = None,
    calibration_samples: Optional[int] = None,
    per_channel: bool = False,
    target: str = "cortex-m55",
    verbose: bool = True,
) -> CompiledProgram:
    """The whole flow. The program layout is the same for every target (one AOT layout)."""
    if target not in TARGETS:
        raise ArmletError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    if not isinstance(model, torch.nn.Module):
        raise ArmletError(f"model() must return a torch.nn.Module, got {type(model).__name__}")
    example_inputs = check_example_inputs(example_inputs)
    quantized, quantizer = quantize_model(
        model, example_inputs, calibration_inputs, calibration_samples, per_channel, verbose
    )
    edge = to_edge_dialect(quantized, verbose)
    with quiet_imports():
        before_passes = copy.deepcopy(edge.exported_program())
    edge = run_armlet_passes(edge, verbose)
    # to_executorch rewrites the edge graph in place (out variants, allocs):
    # keep the lowered graph as it was for reports and comparisons.
    with quiet_imports():
        lowered = copy.deepcopy(edge.exported_program())
    executorch = to_pte(edge, verbose)
    pte = bytes(executorch.buffer)
    report = build_report(lowered, pte, quantizer, target, per_channel)
    return CompiledProgram(
        pte=pte, before_passes=before_passes, lowered=lowered, executorch=executorch, report=report
    )

"""The ``armlet`` command line.

    armlet compile MODEL.py --target cortex-m55 -o model.pte [--calibration-samples N] [--per-channel]
    armlet reference model.pte --inputs in.npz -o out.npz
    armlet inspect model.pte
    armlet run model.pte --target cortex-m55 --inputs in.npz -o out.npz
    armlet compare reference.npz device.npz
    armlet bundle in.npz -o in.bin        (.npz -> tensor bundle)
    armlet unbundle out.bin -o out.npz    (tensor bundle -> .npz)

MODEL.py defines ``model()`` returning an nn.Module and ``example_inputs()``
returning a tuple of tensors; optionally ``calibration_inputs()`` yielding
tuples of tensors and ``PER_CHANNEL = True``. Relative paths are taken from
the directory the command was started in, also under ``bazel run``
(BUILD_WORKING_DIRECTORY).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import uuid
from types import ModuleType
from typing import Optional, Sequence

from .errors import ArmletError


def user_path(path: str) -> str:
    """A path as the user meant it: relative to where they ran the command."""
    if os.path.isabs(path):
        return path
    base = os.environ.get("BUILD_WORKING_DIRECTORY") or os.getcwd()
    return os.path.join(base, path)


def load_model_file(path: str) -> ModuleType:
    """Imports MODEL.py and checks that it defines what compile needs."""
    if not os.path.isfile(path):
        raise ArmletError(f"{path}: no such model file")
    name = f"armlet_user_model_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ArmletError(f"{path}: cannot be imported as a Python file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as e:
        raise ArmletError(f"{path}: importing it failed: {type(e).__name__}: {e}") from e
    for required in ("model", "example_inputs"):
        if not callable(getattr(module, required, None)):
            raise ArmletError(f"{path}: defines no {required}() function")
    if hasattr(module, "dynamic_shapes"):
        raise ArmletError(
            f"{path}: defines dynamic_shapes; armlet programs have static shapes "
            "(export with fixed example input shapes)"
        )
    return module


def _cmd_compile(args: argparse.Namespace) -> int:
    import torch

    from .export import compile_model
    from .pte_interpreter import run_pte
    from .bundle import write_tensors

    model_path = user_path(args.model)
    module = load_model_file(model_path)
    model = module.model()
    if not isinstance(model, torch.nn.Module):
        raise ArmletError(f"{model_path}: model() returned a {type(model).__name__}, not a torch.nn.Module")
    example_inputs = module.example_inputs()
    calibration = module.calibration_inputs() if callable(getattr(module, "calibration_inputs", None)) else None
    per_channel = bool(args.per_channel or getattr(module, "PER_CHANNEL", False))
    compiled = compile_model(
        model,
        example_inputs,
        calibration_inputs=calibration,
        calibration_samples=args.calibration_samples,
        per_channel=per_channel,
        target=args.target,
        verbose=not args.quiet,
    )
    output = user_path(args.output)
    os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
    with open(output, "wb") as f:
        f.write(compiled.pte)
    print(compiled.report.format())
    print(f"wrote {args.output} ({len(compiled.pte)} bytes)")
    inputs = [t.detach().numpy() for t in (example_inputs if isinstance(example_inputs, (tuple, list)) else (example_inputs,))]
    if args.save_inputs:
        write_tensors(user_path(args.save_inputs), "input", inputs)
        print(f"wrote {args.save_inputs} (example inputs)")
    if args.save_outputs:
        write_tensors(user_path(args.save_outputs), "output", run_pte(compiled.pte, inputs))
        print(f"wrote {args.save_outputs} (reference outputs of the .pte)")
    return 0


def _read_pte(path: str) -> bytes:
    full = user_path(path)
    if not os.path.isfile(full):
        raise ArmletError(f"{path}: no such file")
    with open(full, "rb") as f:
        return f.read()


def _cmd_reference(args: argparse.Namespace) -> int:
    from .bundle import read_tensors, write_tensors
    from .pte_interpreter import Interpreter, load_program

    program = load_program(_read_pte(args.program))
    inputs = read_tensors(user_path(args.inputs), "input")
    outputs = Interpreter(program).run(inputs)
    write_tensors(user_path(args.output), "output", outputs)
    print(f"wrote {args.output} ({len(outputs)} outputs)")
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from .inspect_pte import describe
    from .pte_interpreter import program_errors

    data = _read_pte(args.program)
    with program_errors(f"cannot inspect {args.program}"):
        text = describe(data)
    print(text)
    return 0


def _cmd_bundle(args: argparse.Namespace) -> int:
    from .bundle import encode, npz_arrays

    arrays = npz_arrays(user_path(args.npz), args.prefix)
    with open(user_path(args.output), "wb") as f:
        f.write(encode(arrays))
    print(f"wrote {args.output} ({len(arrays)} tensors)")
    return 0


def _cmd_unbundle(args: argparse.Namespace) -> int:
    from .bundle import decode, save_npz

    with open(user_path(args.bundle), "rb") as f:
        arrays = decode(f.read())
    save_npz(user_path(args.output), args.prefix, arrays)
    print(f"wrote {args.output} ({len(arrays)} tensors)")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from .device import run_command

    return run_command(user_path(args.program), args.target, user_path(args.inputs), user_path(args.output))


def _cmd_compare(args: argparse.Namespace) -> int:
    from .device import compare_command

    return compare_command(user_path(args.reference), user_path(args.device))


def build_parser() -> argparse.ArgumentParser:
    from .export import TARGETS

    parser = argparse.ArgumentParser(prog="armlet", description="PyTorch -> int8 ExecuTorch programs for Arm Cortex-M")
    verbs = parser.add_subparsers(dest="verb", required=True)

    p = verbs.add_parser("compile", help="compile MODEL.py to a .pte")
    p.add_argument("model", help="Python file defining model() and example_inputs()")
    p.add_argument("--target", default="cortex-m55", choices=TARGETS)
    p.add_argument("-o", "--output", required=True, help="the .pte to write")
    p.add_argument("--calibration-samples", type=int, default=None, metavar="N",
                   help="use at most N samples of calibration_inputs()")
    p.add_argument("--per-channel", action="store_true", help="per-channel weight quantization")
    p.add_argument("--save-inputs", metavar="PATH", help="also write the example inputs (.npz or bundle)")
    p.add_argument("--save-outputs", metavar="PATH",
                   help="also write the .pte's reference outputs on the example inputs (.npz or bundle)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=_cmd_compile)

    p = verbs.add_parser("reference", help="run a .pte with the reference kernels")
    p.add_argument("program")
    p.add_argument("--inputs", required=True, help=".npz (input_0, ...) or tensor bundle")
    p.add_argument("-o", "--output", required=True, help=".npz (output_0, ...) or bundle (any other name)")
    p.set_defaults(func=_cmd_reference)

    p = verbs.add_parser("run", help="run a .pte on the simulated board of a Cortex-M CPU")
    p.add_argument("program")
    p.add_argument("--target", default="cortex-m55", choices=TARGETS)
    p.add_argument("--inputs", required=True, help=".npz (input_0, ...) or tensor bundle")
    p.add_argument("-o", "--output", required=True, help=".npz (output_0, ...) or bundle (any other name)")
    p.set_defaults(func=_cmd_run)

    p = verbs.add_parser("compare", help="print reference and device outputs side by side; exit 1 unless bit-exact")
    p.add_argument("reference", help="outputs of `armlet reference` (.npz or bundle)")
    p.add_argument("device", help="outputs of `armlet run` (.npz or bundle)")
    p.set_defaults(func=_cmd_compare)

    p = verbs.add_parser("inspect", help="print a .pte's operators, tensors, constants and memory plan")
    p.add_argument("program")
    p.set_defaults(func=_cmd_inspect)

    p = verbs.add_parser("bundle", help="convert an .npz to a tensor bundle")
    p.add_argument("npz")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--prefix", default="input", help="key prefix in the .npz (input or output)")
    p.set_defaults(func=_cmd_bundle)

    p = verbs.add_parser("unbundle", help="convert a tensor bundle to an .npz")
    p.add_argument("bundle")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--prefix", default="output", help="key prefix in the .npz (input or output)")
    p.set_defaults(func=_cmd_unbundle)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "calibration_samples", None) is not None and args.calibration_samples < 1:
        parser.error("--calibration-samples must be at least 1")
    try:
        return int(args.func(args) or 0)
    except ArmletError as e:
        print(f"armlet: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""Running a .pte on a simulated Cortex-M board, and comparing outputs with the reference.

`armlet run` builds (or reuses) the bare-metal runner for the target CPU with Bazel, runs it on the
CPU's simulated board (third_party/fvp/run_on_simulator.sh: QEMU, or an Arm FVP where installed),
and writes the outputs in the same .npz form as `armlet reference`, so anyone can compare the two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np

from .bundle import decode, encode, read_tensors, write_tensors
from .errors import ArmletError


def find_workspace(start: Optional[str] = None) -> Path:
    """The armlet Bazel workspace: where `bazel run` was started, or a parent of `start`."""
    env = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if env:
        return Path(env)
    here = Path(start or os.getcwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "WORKSPACE").is_file() and (folder / "third_party" / "fvp" / "run_on_simulator.sh").is_file():
            return folder
    raise ArmletError(
        "armlet run needs the armlet Bazel workspace (it builds the runner firmware): "
        "run it inside the repository or with `bazel run //:armlet -- run ...`"
    )


def _bazel(workspace: Path, args: List[str]) -> str:
    bazel = shutil.which("bazel")
    if bazel is None:
        raise ArmletError("bazel not found on PATH: run ./setup.sh (it installs Debian's bazel-bootstrap)")
    result = subprocess.run([bazel, *args], cwd=workspace, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    if result.returncode != 0:
        raise ArmletError(f"`bazel {' '.join(args)}` failed (exit {result.returncode})")
    return result.stdout.strip()


def build_runner(workspace: Path, cpu: str) -> Path:
    """Builds //cc:runner for `cpu` (a no-op when it is up to date); returns the ELF."""
    print(f"building //cc:runner for {cpu} ...", file=sys.stderr, flush=True)
    config = f"--config={cpu}"
    _bazel(workspace, ["build", "--noshow_progress", "--ui_event_filters=-info", config, "//cc:runner"])
    bin_dir = Path(_bazel(workspace, ["info", config, "bazel-bin"]))
    elf = bin_dir / "cc" / "runner" / "runner"
    if not elf.is_file():
        raise ArmletError(f"the runner build gave no ELF at {elf}")
    return elf


def run_on_simulator(workspace: Path, cpu: str, elf: Path, program: bytes, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
    """Runs `program` on `inputs` on the simulated board of `cpu`; returns the outputs."""
    simulator = workspace / "third_party" / "fvp" / "run_on_simulator.sh"
    with tempfile.TemporaryDirectory(prefix="armlet-run-") as work:
        Path(work, "model.pte").write_bytes(program)
        Path(work, "inputs.bundle").write_bytes(encode(list(inputs)))
        result = subprocess.run(
            [str(simulator), cpu, str(elf), "model.pte", "inputs.bundle", "outputs.bundle"], cwd=work
        )
        if result.returncode != 0:
            raise ArmletError(f"the runner on {cpu} failed (exit {result.returncode}); its output is above")
        return decode(Path(work, "outputs.bundle").read_bytes())


def run_command(program_path: str, target: str, inputs_path: str, output_path: str) -> int:
    """`armlet run`: the .pte on the simulated board of `target`, outputs to `output_path`."""
    cpu = target.replace("-", "_")
    program = Path(program_path).read_bytes()
    inputs = read_tensors(inputs_path, "input")
    workspace = find_workspace()
    elf = build_runner(workspace, cpu)
    outputs = run_on_simulator(workspace, cpu, elf, program, inputs)
    write_tensors(output_path, "output", outputs)
    print(f"wrote {output_path} ({len(outputs)} outputs from the simulated {target})")
    return 0


def _format_values(values: np.ndarray, count: int) -> str:
    shown = values.reshape(-1)[:count]
    text = " ".join(f"{v:.6g}" if values.dtype.kind == "f" else str(int(v)) for v in shown)
    return text + (" ..." if values.size > count else "")


def _first_difference(expected: np.ndarray, actual: np.ndarray) -> Optional[int]:
    """Flat index of the first element whose bits differ, or None when all are equal."""
    a = np.ascontiguousarray(expected).reshape(-1).view(np.uint8).reshape(expected.size, -1)
    b = np.ascontiguousarray(actual).reshape(-1).view(np.uint8).reshape(actual.size, -1)
    differs = np.nonzero((a != b).any(axis=1))[0]
    return int(differs[0]) if differs.size else None


def compare_outputs(reference: Sequence[np.ndarray], device: Sequence[np.ndarray], show: int = 8) -> bool:
    """Prints each output of the reference next to the device's; True when all are bit-exact."""
    if len(reference) != len(device):
        print(f"reference has {len(reference)} outputs, device has {len(device)}")
        return False
    all_equal = True
    for index, (expected, actual) in enumerate(zip(reference, device)):
        print(f"output {index}: {expected.dtype} {list(expected.shape)}")
        print(f"  reference: {_format_values(expected, show)}")
        print(f"  device:    {_format_values(actual, show)}")
        if expected.dtype != actual.dtype or expected.shape != actual.shape:
            print(f"  DIFFERENT: device gives {actual.dtype} {list(actual.shape)}")
            all_equal = False
            continue
        first = _first_difference(expected, actual)
        if first is None:
            print(f"  bit-exact ({expected.size} values)")
        else:
            e, a = expected.reshape(-1)[first], actual.reshape(-1)[first]
            print(f"  first difference at flat index {first}: reference {e}, device {a}")
            all_equal = False
    print("bit-exact" if all_equal else "NOT bit-exact")
    return all_equal


def compare_command(reference_path: str, device_path: str) -> int:
    """`armlet compare`: exit 0 when the two output files are bit-exact, 1 otherwise."""
    equal = compare_outputs(read_tensors(reference_path, "output"), read_tensors(device_path, "output"))
    return 0 if equal else 1

"""`armlet_model_test`: a PyTorch model, compiled and run bit-exactly on simulated Cortex-M boards."""

load("//toolchains:cpus.bzl", "SIMULATED_CPUS")
load("//toolchains:cpu_transition.bzl", "cortex_m_binary")

def armlet_model_program(name, model, per_channel = False):
    """Genrule: MODEL.py -> NAME.pte, NAME.inputs (example inputs) and NAME.golden (reference outputs).

    Both steps run armlet's Python in the Bazel Python environment: `armlet compile` lowers the
    model, `armlet reference` executes the written .pte with the reference kernels.
    """
    flags = " --per-channel" if per_channel else ""
    native.genrule(
        name = name,
        srcs = [model],
        outs = [name + ".pte", name + ".inputs", name + ".golden"],
        tools = ["//python:armlet_main"],
        cmd = " && ".join([
            "$(execpath //python:armlet_main) compile $(location %s) -q%s --target cortex-m55 " % (model, flags) +
            "-o $(location %s.pte) --save-inputs $(location %s.inputs)" % (name, name),
            "$(execpath //python:armlet_main) reference $(location %s.pte) " % name +
            "--inputs $(location %s.inputs) -o $(location %s.golden)" % (name, name),
        ]),
        message = "Compiling model %s and computing its golden outputs" % model,
    )

def armlet_model_test(name, model, cpus = SIMULATED_CPUS, per_channel = False, size = "small"):
    """Compiles `model` once, then one test per CPU runs it on its board and compares bit for bit.

    Tests are named NAME_<cpu> and tagged with the CPU. `armlet_model_test(name = "rank3",
    model = "//tests/models:rank3.py", cpus = ["cortex_m55"])` makes :rank3_cortex_m55.
    """
    program = name + "_program"
    armlet_model_program(name = program, model = model, per_channel = per_channel)
    for cpu in cpus:
        runner = "%s_runner_%s" % (name, cpu)
        cortex_m_binary(name = runner, binary = "//cc:runner", cpu = cpu, testonly = True)
        native.sh_test(
            name = "%s_%s" % (name, cpu),
            srcs = ["//tests/simulator:model_test.sh"],
            args = [
                cpu,
                "$(rootpath :%s)" % runner,
                "$(rootpath :%s.pte)" % program,
                "$(rootpath :%s.inputs)" % program,
                "$(rootpath :%s.golden)" % program,
                "$(rootpath //cc/tools:compare_bundles)",
                "$(rootpath //third_party/fvp:run_on_simulator.sh)",
            ],
            data = [
                ":" + runner,
                ":%s.pte" % program,
                ":%s.inputs" % program,
                ":%s.golden" % program,
                "//cc/tools:compare_bundles",
                "//third_party/fvp:run_on_simulator.sh",
            ],
            size = size,
            tags = [cpu, "simulator"],
        )
    native.test_suite(name = name, tests = ["%s_%s" % (name, cpu) for cpu in cpus])

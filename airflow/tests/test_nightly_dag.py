"""The nightly DAG, checked without Airflow (it cannot be installed from these machines' registries):
the file is parsed with ``ast`` and its DAG arguments, tasks, dependency graph and templated dates
are compared with what they must be; every command a task runs is run with its own arguments and
``--help``, so a command that does not exist or refuses its arguments fails here."""
import ast
import os
import pathlib
import py_compile
import shlex
import subprocess

import pytest

AIRFLOW = pathlib.Path(__file__).resolve().parents[1]
REPO = AIRFLOW.parent
DAG_FILE = AIRFLOW / "dags" / "hotel_lambda_nightly.py"

EXPECTED_TASKS = {
    "archive_complete": ("BashSensor", "bin/batch complete --date {{ ds }}"),
    "daily": ("BashOperator", "bin/batch daily --date {{ ds }}"),
    "audit": ("BashOperator", "bin/batch audit --date {{ ds }} --drop-speed-keys"),
    "archive_reservations": ("BashOperator", "bin/booking-maintenance archive-reservations --date {{ ds }}"),
    "roll_inventory": ("BashOperator", "bin/booking-maintenance roll-inventory --date {{ ds }}"),
    "reap_idempotency_keys": ("BashOperator", "bin/booking-maintenance reap-idempotency-keys --date {{ ds }}"),
}
EXPECTED_EDGES = {("archive_complete", "daily"), ("daily", "audit")}


def parsed():
    return ast.parse(DAG_FILE.read_text(), filename=str(DAG_FILE))


def calls(tree, name):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name]


def number(node):
    """A literal or arithmetic on literals (``6 * 3600``)."""
    return eval(compile(ast.Expression(node), "<dag>", "eval"), {"__builtins__": {}})


def keywords(call):
    return {keyword.arg: keyword.value for keyword in call.keywords}


def tasks(tree):
    """Variable name -> (task_id, operator, bash_command, keyword nodes) for every operator assigned in the file."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") in ("BashOperator", "BashSensor"):
            args = keywords(node.value)
            found[node.targets[0].id] = (ast.literal_eval(args["task_id"]), node.value.func.id, ast.literal_eval(args["bash_command"]), args)
    return found


def edges(tree, variables):
    """The ``a >> b >> c`` chains of the file as (upstream task id, downstream task id) pairs."""
    found = set()

    def chain(node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
            left, right = chain(node.left), chain(node.right)
            found.update((up, down) for up in left for down in right)
            return right
        if isinstance(node, ast.Name):
            return [variables[node.id][0]]
        if isinstance(node, ast.List):
            return [task for element in node.elts for task in chain(element)]
        raise AssertionError("unexpected dependency expression: " + ast.dump(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp):
            chain(node.value)
    return found


def test_the_file_compiles():
    py_compile.compile(str(DAG_FILE), doraise=True)


def test_the_dag_runs_daily_from_its_start_with_catchup_retries_a_timeout_and_a_failure_callback():
    tree = parsed()
    [dag] = calls(tree, "DAG")
    args = keywords(dag)
    assert ast.literal_eval(args["dag_id"]) == "hotel_lambda_nightly"
    assert ast.literal_eval(args["schedule"]) == "@daily"
    assert ast.unparse(args["start_date"]) == "pendulum.datetime(2026, 12, 1, tz='UTC')"
    assert ast.literal_eval(args["catchup"]) is True
    assert ast.literal_eval(args["max_active_runs"]) == 1
    assert ast.unparse(args["dagrun_timeout"]) == "timedelta(hours=6)"
    default_args = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "default_args")
    defaults = {ast.literal_eval(key): value for key, value in zip(default_args.keys, default_args.values)}
    assert ast.literal_eval(defaults["retries"]) >= 1
    assert ast.unparse(defaults["on_failure_callback"]) == "on_failure"
    assert any(isinstance(node, ast.FunctionDef) and node.name == "on_failure" for node in tree.body)


def test_the_tasks_and_the_dependency_graph_are_the_expected_ones():
    tree = parsed()
    variables = tasks(tree)
    assert {task_id: (operator, command) for task_id, operator, command, _ in variables.values()} == EXPECTED_TASKS
    assert edges(tree, variables) == EXPECTED_EDGES


def test_the_sensor_waits_in_reschedule_mode_within_the_run_timeout():
    sensor = next(args for task_id, _, _, args in tasks(parsed()).values() if task_id == "archive_complete")
    assert ast.literal_eval(sensor["mode"]) == "reschedule"
    assert 60 <= number(sensor["poke_interval"]) <= 3600
    assert number(sensor["timeout"]) <= 6 * 3600


def test_every_task_is_for_its_data_interval_and_reads_no_clock():
    source = DAG_FILE.read_text()
    for _, _, command, args in tasks(parsed()).values():
        assert "--date {{ ds }}" in command, command
        assert "$(date" not in command and "`" not in command, command
        assert ast.unparse(args["cwd"]) == "HOME"
    for clock in ("datetime.now", "datetime.utcnow", "pendulum.now", "date.today", "time.time"):
        assert clock not in source, clock


@pytest.mark.parametrize("task_id", sorted(EXPECTED_TASKS))
def test_every_command_exists_and_accepts_its_arguments(task_id):
    command = EXPECTED_TASKS[task_id][1].replace("{{ ds }}", "2026-12-05")
    argv = shlex.split(command)
    assert (REPO / argv[0]).is_file() and os.access(REPO / argv[0], os.X_OK), argv[0]
    # the task's own arguments, then --help: a misspelled flag is refused before the usage is printed
    ran = subprocess.run(argv + ["--help"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "usage" in ran.stdout
    refused = subprocess.run(argv + ["--no-such-flag", "--help"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 64, refused.stdout + refused.stderr

"""The Grafana dashboard and the alert rules, checked against the code: the dashboard is valid
JSON Grafana can import, covers every layer, and neither it nor an alert names a metric that no
process of ours exports (an alert on a metric nobody exports never fires)."""
import json
import pathlib
import re

INFRA = pathlib.Path(__file__).resolve().parents[2]
REPO = INFRA.parent
DASHBOARD = INFRA / "grafana" / "hotel-lambda.json"
ALERTS = INFRA / "prometheus" / "alerts.yml"
LAYERS = {"booking-app", "Kafka", "speed layer", "Redis", "batch layer and audit", "serving layer"}
# Prometheus' own series, not an exporter's
BUILT_IN = {"up"}
# a metric name: lower case with an underscore, not a function call, not inside a label matcher's quotes
METRIC = re.compile(r'(?<![\w"./#])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?!\s*\()')


def dashboard():
    return json.loads(DASHBOARD.read_text())


def panels():
    return [panel for panel in dashboard()["panels"] if panel["type"] != "row"]


def sources():
    text = []
    for module in REPO.iterdir():
        main = module / "src" / "main" / "java"
        if main.is_dir():
            text.extend(path.read_text() for path in main.rglob("*.java"))
    return "\n".join(text)


def metrics(expression):
    quoted = re.sub(r'"[^"]*"', '""', expression)
    return {name for name in METRIC.findall(quoted)}


def exported(name, code):
    """Whether a process of ours names the metric: as written, without its histogram or counter suffix, or as Micrometer's dotted name."""
    base = re.sub(r"_(bucket|count|sum|total)$", "", name)
    dotted = re.sub(r"_(seconds|bytes)$", "", base).replace("_", ".")
    return any('"%s' % candidate in code for candidate in {name, base, dotted})


def alert_expressions():
    """Each rule's ``expr``, inline or a block (the lines indented under it)."""
    lines = ALERTS.read_text().splitlines()
    expressions = []
    for index, line in enumerate(lines):
        found = re.match(r"^(\s*)expr:\s*(.*)$", line)
        if not found:
            continue
        indent, value = len(found.group(1)), found.group(2).strip()
        if value in ("|", ">"):
            block = []
            for following in lines[index + 1:]:
                if following.strip() and len(following) - len(following.lstrip()) <= indent:
                    break
                block.append(following.strip())
            value = " ".join(block)
        expressions.append(value)
    return expressions


def test_the_dashboard_is_importable():
    board = dashboard()
    assert board["uid"] == "hotel-lambda" and board["title"]
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids))
    for panel in panels():
        assert panel["datasource"]["uid"] == "${datasource}"
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        assert panel["targets"] and all(target["expr"] for target in panel["targets"])
    assert [variable["name"] for variable in board["templating"]["list"]] == ["datasource"]


def test_the_dashboard_has_a_row_per_layer_each_with_panels():
    board = dashboard()["panels"]
    rows = [panel["title"] for panel in board if panel["type"] == "row"]
    assert set(rows) == LAYERS
    for index, panel in enumerate(board):
        if panel["type"] == "row":
            assert index + 1 < len(board) and board[index + 1]["type"] != "row", panel["title"]


def test_every_metric_the_dashboard_and_the_alerts_use_is_exported():
    code = sources()
    used = {name for panel in panels() for target in panel["targets"] for name in metrics(target["expr"])}
    used |= {name for expression in alert_expressions() for name in metrics(expression)}
    used -= BUILT_IN
    assert used, "no metric found: the pattern is broken"
    missing = sorted(name for name in used if not exported(name, code))
    assert missing == []


def test_every_alert_has_its_expression_read():
    assert len(alert_expressions()) == ALERTS.read_text().count("- alert:")
    assert all(alert_expressions())


def test_the_metric_pattern_finds_names_and_skips_functions_and_labels():
    assert metrics('histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{uri!~"/metrics|/health_x"}[5m])))') == {
        "http_server_requests_seconds_bucket"}
    assert metrics("time() - serving_layer_batch_watermark_seconds > 2 * 86400") == {"serving_layer_batch_watermark_seconds"}

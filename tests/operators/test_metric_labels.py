"""Label values taken from input stay few; a misconfigured metrics port says what to do."""

from jeugdhub.observability.bounded import OTHER, BoundedValues, without_indexes
from tests.commands import run_jeugdhub


def test_a_field_is_named_without_its_position() -> None:
    assert without_indexes("records[3].youth.bsn") == "records[].youth.bsn"
    assert without_indexes("details.places") == "details.places"


def test_values_beyond_the_limit_are_other() -> None:
    bounded = BoundedValues(limit=2)
    seen = [bounded(value) for value in ("a", "b", "c", "a", "d", "b")]
    assert seen == ["a", "b", OTHER, "a", OTHER, "b"]


def test_gateway_metrics_need_one_worker_process() -> None:
    ran = run_jeugdhub(
        {"JEUGDHUB_GATEWAY_METRICS_PORT": "9101"}, "gateway", "--workers", "2", timeout=60
    )
    assert ran.returncode == 2
    assert "--workers 1" in ran.stderr and "JEUGDHUB_GATEWAY_METRICS_PORT" in ran.stderr

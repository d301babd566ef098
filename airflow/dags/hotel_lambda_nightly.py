"""The nightly pipeline of hotel-lambda: one run per closed UTC day, its data interval ({{ ds }}).

Every task runs the project's own command with the arguments a person would type
(``bin/batch daily --date 2026-12-05``), so a rerun of a task is idempotent: each command
replaces its day's output and reads no clock but the day it is given.

    archive_complete ─> daily ─> audit
    archive_reservations, roll_inventory, reap_idempotency_keys   (booking-app housekeeping)

- ``archive_complete`` waits, in ``reschedule`` mode (no worker slot held while waiting), until
  the Parquet archive holds the whole day for views and bookings (``bin/batch complete``).
- ``daily`` computes the day's exact views, bookings, stay nights and supply and demand with
  price suggestions, and publishes them with the batch watermarks (``bin/batch daily``).
- ``audit`` compares the speed layer's counts of the day with the batch's, views and bookings,
  and drops the day's speed keys once the views audit passed (``--drop-speed-keys``); it exits 3
  on drift, which fails the task and calls ``on_failure``.
- the housekeeping tasks archive terminal reservations, roll the inventory horizon forward and
  reap idempotency keys as of the day's end (``bin/booking-maintenance``).

``HOTEL_LAMBDA_HOME`` (read when the file is parsed) is where the project is checked out and
built on the workers.
"""
import logging
import os
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.sensors.bash import BashSensor

HOME = os.environ.get("HOTEL_LAMBDA_HOME", "/opt/hotel-lambda")
LOG = logging.getLogger(__name__)


def on_failure(context):
    """Says which task of which day failed, with its try and log, for the alerting the deployment wires up."""
    task = context["task_instance"]
    LOG.error("hotel-lambda nightly: %s for %s failed (try %s of %s): %s; log: %s", task.task_id, context["ds"], task.try_number,
              task.max_tries + 1, context.get("exception"), task.log_url)


default_args = {
    "owner": "hotel-lambda",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=2),
    "on_failure_callback": on_failure,
}

with DAG(
        dag_id="hotel_lambda_nightly",
        description="Archive completeness, the nightly jobs with their publish, the audit, and booking-app housekeeping, per UTC day",
        schedule="@daily",
        start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
        catchup=True,
        max_active_runs=1,
        dagrun_timeout=timedelta(hours=6),
        default_args=default_args,
        tags=["hotel-lambda", "batch"],
) as dag:
    archive_complete = BashSensor(
        task_id="archive_complete",
        bash_command="bin/batch complete --date {{ ds }}",
        cwd=HOME,
        mode="reschedule",
        poke_interval=600,
        timeout=6 * 3600,
    )
    daily = BashOperator(
        task_id="daily",
        bash_command="bin/batch daily --date {{ ds }}",
        cwd=HOME,
    )
    audit = BashOperator(
        task_id="audit",
        bash_command="bin/batch audit --date {{ ds }} --drop-speed-keys",
        cwd=HOME,
    )
    archive_reservations = BashOperator(
        task_id="archive_reservations",
        bash_command="bin/booking-maintenance archive-reservations --date {{ ds }}",
        cwd=HOME,
    )
    roll_inventory = BashOperator(
        task_id="roll_inventory",
        bash_command="bin/booking-maintenance roll-inventory --date {{ ds }}",
        cwd=HOME,
    )
    reap_idempotency_keys = BashOperator(
        task_id="reap_idempotency_keys",
        bash_command="bin/booking-maintenance reap-idempotency-keys --date {{ ds }}",
        cwd=HOME,
    )

    archive_complete >> daily >> audit

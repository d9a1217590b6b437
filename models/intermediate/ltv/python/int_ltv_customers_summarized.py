"""Per-person purchase summary for BG/NBD and Gamma-Gamma (Fader, Hardie & Lee 2005) as of the
calibration end date: var as_of_date, default the latest local order date of int_orders_netted
(as every as-of model). A purchase is a local order day of the person's revenue orders, worth
the day's net revenue; frequency counts the purchase days after the first, recency and
customer_age (T) run from the first purchase day, in var ltv_time_unit. holdout_purchase_days
counts the purchase days after the calibration end up to the latest order date (the holdout
period of ltv_holdout_evaluation; empty by default). The work is
crm_warehouse.ltv.warehouse.calibration_summary (tested in tests/test_ltv_warehouse.py).
"""

from crm_warehouse.ltv.warehouse import SUMMARY_SCHEMA, calibration_summary, parse_date, to_arrow


def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("int_orders_netted")
    latest_order_date = orders.aggregate("max(ordered_date)").fetchall()[0][0]
    as_of_date = parse_date(dbt.config.meta_get("as_of_date")) or latest_order_date
    purchase_days = (
        orders.filter("is_revenue_order and person_id is not null")
        .aggregate(
            "person_id, ordered_date, cast(sum(net_revenue_cny) as double) as amount",
            "person_id, ordered_date",
        )
        .df()
    )
    summary = calibration_summary(
        purchase_days,
        as_of_date,
        latest_order_date,
        time_unit=str(dbt.config.meta_get("ltv_time_unit")),
    )
    return to_arrow(summary, SUMMARY_SCHEMA)

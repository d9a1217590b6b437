"""Overview: revenue, orders, buyers, new buyers, average order value and returning share for a
period, against the period of the same length before it, with weekly trends."""

from __future__ import annotations

from datetime import timedelta

import plotly.express as px
import streamlit as st
import ui

from crm_warehouse.dashboard_data import previous_period

st.title("Overview 概览")

date_range = ui.load("order_date_range").iloc[0]
last_date = date_range["last_date"]
first_date = date_range["first_date"]
if last_date is None or last_date != last_date:
    st.warning("No revenue orders in this warehouse 暂无订单")
    st.stop()

filters = st.columns([2, 3])
period = filters[0].date_input(
    "Period 期间",
    value=(max(first_date, last_date - timedelta(days=89)), last_date),
    min_value=first_date,
    max_value=last_date,
    key="overview_period",
)
channels = filters[1].multiselect(
    "Acquisition channel 获客渠道",
    ui.load("acquisition_channels")["acquisition_channel"].tolist(),
    format_func=ui.label,
    key="overview_channels",
)
if not isinstance(period, tuple) or len(period) != 2:
    st.info("Pick the end of the period 请选择结束日期")
    st.stop()
start, end = period

kpis = ui.load("overview_kpis", start=start, end=end, channels=channels).set_index("period")
current, previous = kpis.loc["current"], kpis.loc["previous"]


def delta(column: str) -> str | None:
    before, now = previous[column], current[column]
    if before != before or now != now or not before:
        return None
    return f"{(now - before) / abs(before):+.1%}"


metrics = st.columns(6)
metrics[0].metric("Revenue 净收入 (CNY)", f"{current['revenue']:,.0f}", delta("revenue"))
metrics[1].metric("Orders 订单", f"{int(current['orders']):,}", delta("orders"))
metrics[2].metric("Active buyers 活跃买家", f"{int(current['buyers']):,}", delta("buyers"))
metrics[3].metric("New buyers 新买家", f"{int(current['new_buyers']):,}", delta("new_buyers"))
aov = current["average_order_value"]
metrics[4].metric(
    "Avg order value 客单价",
    "–" if aov != aov else f"{aov:,.0f}",
    delta("average_order_value"),
)
share = current["returning_buyer_share"]
metrics[5].metric(
    "Repeat buyers 复购占比",
    "–" if share != share else f"{share:.1%}",
    None
    if share != share or previous["returning_buyer_share"] != previous["returning_buyer_share"]
    else f"{(share - previous['returning_buyer_share']) * 100:+.1f} pp",
)
previous_start, previous_end = previous_period(start, end)
st.caption(
    f"Compared with 对比上期 {previous_start:%Y-%m-%d} – {previous_end:%Y-%m-%d}. "
    "Revenue orders at net revenue (fct_orders) on their local date; a chosen channel keeps "
    "the orders of the people it acquired. "
    "Repeat buyers: buyers of the period whose first order was before it."
)

trend = ui.load("overview_trend", start=start, end=end, channels=channels)
if trend.empty:
    st.info("No orders in the period 本期无订单")
else:
    trend["period"] = trend["period"].map(
        {"current": "This period 本期", "previous": "Previous 上期"}
    )
    charts = st.columns(2)
    charts[0].plotly_chart(
        px.line(
            trend,
            x="week",
            y="revenue",
            color="period",
            markers=True,
            title="Weekly revenue 周净收入",
            labels={"revenue": "CNY", "week": ""},
        )
    )
    charts[1].plotly_chart(
        px.line(
            trend,
            x="week",
            y="orders",
            color="period",
            markers=True,
            title="Weekly orders 周订单",
            labels={"orders": "orders 订单", "week": ""},
        )
    )

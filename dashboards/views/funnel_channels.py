"""Funnel and channels: the session funnel with date, channel, device and platform filters,
drop-off per step, the product funnel, attribution models side by side, CAC and ROAS."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
import ui

st.title("Funnel and channels 漏斗与渠道")

options = ui.load("funnel_options").iloc[0]
first_date, last_date = options["first_date"], options["last_date"]
filters = st.columns([2, 2, 1, 1])
period = filters[0].date_input(
    "Sessions between 日期",
    value=(first_date, last_date),
    min_value=first_date,
    max_value=last_date,
    key="funnel_period",
)
channels = filters[1].multiselect(
    "Channel group 渠道",
    list(options["channel_groups"]),
    format_func=ui.label,
    key="funnel_channels",
)
devices = filters[2].multiselect("Device 设备", list(options["device_types"]), key="funnel_devices")
platforms = filters[3].multiselect(
    "Platform 平台", list(options["platforms"]), key="funnel_platforms"
)
if not isinstance(period, tuple) or len(period) != 2:
    st.info("Pick the end of the period 请选择结束日期")
    st.stop()
start, end = period
selection = {
    "start": start,
    "end": end,
    "channels": channels,
    "devices": devices,
    "platforms": platforms,
}

totals = ui.load("funnel_totals", **selection).iloc[0]
steps = {
    "Visit 访问": totals["sessions"],
    "Product view 浏览商品": totals["product_view_sessions"],
    "Add to cart 加购": totals["add_to_cart_sessions"],
    "Checkout 结算": totals["checkout_sessions"],
    "Purchase 购买": totals["purchase_sessions"],
}
kpis = st.columns(3)
kpis[0].metric("Sessions 会话", f"{int(totals['sessions']):,}")
kpis[1].metric("Purchase sessions 购买会话", f"{int(totals['purchase_sessions']):,}")
rate = totals["purchase_sessions"] / totals["sessions"] if totals["sessions"] else None
kpis[2].metric("Conversion 转化率", "–" if rate is None else f"{rate:.2%}")

left, right = st.columns(2)
left.plotly_chart(
    go.Figure(
        go.Funnel(
            y=list(steps),
            x=[int(value) for value in steps.values()],
            textinfo="value+percent initial",
        )
    ).update_layout(title="Session funnel 会话漏斗")
)
drop_off = ui.load("step_drop_off", start=start, end=end, channels=channels)
drop_off["step"] = (
    drop_off["from_step"].map(ui.STEP_LABELS.get)
    + " → "
    + drop_off["to_step"].map(ui.STEP_LABELS.get)
)
right.plotly_chart(
    px.bar(
        drop_off,
        x="step",
        y="drop_off_rate",
        text_auto=".1%",
        labels={"drop_off_rate": "drop-off 流失率", "step": ""},
        title="Drop-off by step 各步骤流失率 (months of the period)",
    )
)

by_channel = ui.load("funnel_by_channel", **selection)
by_channel["channel_group"] = by_channel["channel_group"].map(ui.label)
st.plotly_chart(
    px.bar(
        by_channel,
        x="channel_group",
        y="sessions",
        text=[f"{rate:.1%}" if rate == rate else "" for rate in by_channel["purchase_rate"]],
        hover_data={"purchase_rate": ":.2%", "purchase_sessions": True},
        labels={"channel_group": "", "sessions": "sessions 会话", "purchase_rate": "conversion"},
        title="Sessions by channel, bar label = conversion 各渠道会话（标签为转化率）",
    )
)

st.subheader("Product funnel 商品漏斗 (top 20 by views)")
st.dataframe(
    ui.load("product_funnel_top"),
    hide_index=True,
    column_config={
        "view_to_cart_rate": st.column_config.ProgressColumn("view→cart", format="percent"),
        "cart_to_purchase_rate": st.column_config.ProgressColumn("cart→buy", format="percent"),
        "is_high_view_low_buy": st.column_config.CheckboxColumn("high view, low buy 高浏览低购买"),
    },
)

st.subheader("Attribution models side by side 归因模型对比")
if ui.require_table("marts.order_attribution", "Attribution 归因"):
    attribution = ui.load("attribution_by_model", start=start, end=end)
    attribution["channel_group"] = attribution["channel_group"].map(ui.label)
    st.plotly_chart(
        px.bar(
            attribution,
            x="channel_group",
            y="attributed_revenue",
            color="attribution_model",
            barmode="group",
            labels={"attributed_revenue": "attributed revenue 归因收入 ¥", "channel_group": ""},
        )
    )

st.subheader("CAC and ROAS by channel 获客成本与广告回报")
if ui.require_table("marts.channel_performance_monthly", "Channel performance 渠道绩效"):
    economics = ui.load("channel_economics", start=start, end=end)
    economics["channel_group"] = economics["channel_group"].map(ui.label)
    st.dataframe(
        economics,
        hide_index=True,
        column_config={
            "cac": st.column_config.NumberColumn("CAC 获客成本 ¥", format="%.0f"),
            "roas": st.column_config.NumberColumn("ROAS 广告回报", format="%.2f"),
            "attributed_revenue": st.column_config.NumberColumn("attributed ¥", format="%.0f"),
            "campaign_cost": st.column_config.NumberColumn("cost ¥", format="%.0f"),
        },
    )

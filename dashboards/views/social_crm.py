"""Social CRM: the layer pyramid and moves between layers, top influencers, KOLs, shopping
guides, red packets and coupons, and message open rates by channel."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
import ui

st.title("Social CRM 社交客户关系")

if ui.require_table("marts.lifecycle_layer_daily", "Layer pyramid 用户分层金字塔"):
    dates = ui.load("layer_dates").iloc[0]
    on_date = st.date_input(
        "Layers on 日期",
        value=dates["last_date"],
        min_value=dates["first_date"],
        max_value=dates["last_date"],
        key="social_date",
    )
    pyramid = ui.load("layer_pyramid", on_date=on_date).sort_values("layer_rank", ascending=False)
    left, right = st.columns(2)
    left.plotly_chart(
        go.Figure(
            go.Funnel(
                y=[ui.label(layer, ui.LAYER_LABELS) for layer in pyramid["lifecycle_layer"]],
                x=pyramid["people"],
                textinfo="value",
            )
        ).update_layout(title=f"People per layer 各层人数 ({on_date:%Y-%m-%d})")
    )
    if ui.require_table("marts.lifecycle_layer_moves", "Layer moves 层级迁移"):
        moves = ui.load("layer_moves", start=on_date.replace(day=1, month=1), end=on_date)
        matrix = moves.pivot_table(
            index="from_layer", columns="to_layer", values="people", aggfunc="sum", fill_value=0
        )
        right.plotly_chart(
            px.imshow(
                matrix,
                text_auto=True,
                color_continuous_scale="Oranges",
                aspect="auto",
                labels={"x": "to 迁入", "y": "from 迁出", "color": "people"},
                title=f"Moves between layers since 1 Jan {on_date:%Y} 年初以来层级迁移",
            )
        )

if ui.require_table("marts.customer_influence", "Influencers 影响力用户"):
    st.subheader("Top influencers 高影响力用户")
    st.dataframe(ui.load("top_influencers"), hide_index=True)

if ui.require_table("marts.kol_performance", "KOL 达人"):
    st.subheader("KOLs 达人")
    platforms = st.multiselect(
        "Platform 平台",
        ui.load("kol_platforms")["platform"].tolist(),
        format_func=ui.label,
        key="social_kol_platforms",
    )
    kols = ui.load("kol_table", platforms=platforms)
    st.metric("KOL net revenue KOL带来净收入 ¥", f"{kols['net_revenue'].sum():,.0f}")
    st.dataframe(
        kols,
        hide_index=True,
        column_config={"roi": st.column_config.NumberColumn("ROI", format="%.2f")},
    )

if ui.require_table("marts.shopping_guide_performance", "Shopping guides 导购"):
    st.subheader("Shopping guides 导购 (top 20 by recruits' revenue)")
    st.dataframe(ui.load("guide_table"), hide_index=True)

if ui.require_table("marts.coupon_redemption", "Red packets and coupons 红包与优惠券"):
    st.subheader("Red packets and coupons 红包与优惠券")
    left, right = st.columns(2)
    coupons = ui.load("coupons_by_channel")
    coupons["channel"] = coupons["channel"].map(ui.label)
    left.plotly_chart(
        px.bar(
            coupons,
            x="channel",
            y="redemption_rate",
            text_auto=".0%",
            hover_data=["coupons_issued", "coupons_redeemed"],
            labels={"channel": "", "redemption_rate": "redeemed 核销率"},
            title="Redemption by channel 各渠道核销率",
        )
    )
    right.dataframe(ui.load("red_packet_campaigns"), hide_index=True)

if ui.require_table("marts.message_channel_reach", "Message reach 消息触达"):
    st.subheader("Open rates by channel 各渠道打开率")
    reach = ui.load("message_reach")
    reach["channel"] = reach["channel"].map(ui.label)
    st.plotly_chart(
        px.bar(
            reach.melt(
                id_vars="channel", value_vars=["open_rate", "click_through_rate", "conversion_rate"]
            ),
            x="channel",
            y="value",
            color="variable",
            barmode="group",
            text_auto=".1%",
            labels={"channel": "", "value": "rate 比率", "variable": ""},
        )
    )

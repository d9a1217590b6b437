"""Segments: the RFM grid and segments with people and revenue, monthly moves between RFM
segments, the behavioural segment catalogue and audience download."""

from __future__ import annotations

import plotly.express as px
import streamlit as st
import ui

st.title("Segments 客户分群")

channels = st.multiselect(
    "Acquisition channel 获客渠道",
    ui.load("acquisition_channels")["acquisition_channel"].tolist(),
    format_func=ui.label,
    key="segments_channels",
)

segments = ui.load("rfm_segments", channels=channels)
grid = ui.load("rfm_grid", channels=channels)
totals = st.columns(3)
totals[0].metric("Scored people RFM 人数", f"{int(segments['people'].sum()):,}")
totals[1].metric("Monetary in window 窗口内消费 ¥", f"{segments['monetary'].sum():,.0f}")
totals[2].metric("RFM segments 分群数", f"{len(segments):,}")

segments["rfm_segment"] = [ui.label(name, ui.RFM_LABELS) for name in segments["rfm_segment"]]
left, right = st.columns(2)
if segments.empty:
    left.info("No scored people for this filter 无数据")
else:
    left.plotly_chart(
        px.treemap(
            segments,
            path=["rfm_segment"],
            values="people",
            color="monetary",
            color_continuous_scale="Blues",
            hover_data=["avg_recency_days"],
            title="People and spend per RFM segment 各分群人数与消费",
        )
    )
if not grid.empty:
    heat = grid.pivot(index="f_score", columns="r_score", values="people").sort_index(
        ascending=False
    )
    # category labels keep the order: F 5 on top, R 5 on the right
    heat.index = heat.index.astype(str)
    heat.columns = heat.columns.astype(str)
    right.plotly_chart(
        px.imshow(
            heat,
            text_auto=True,
            color_continuous_scale="Blues",
            aspect="auto",
            labels={
                "x": "Recency score R (5 = recent)",
                "y": "Frequency score F",
                "color": "people",
            },
            title="RFM grid 人数 (R × F)",
        )
    )

st.subheader("Moves between RFM segments 分群迁移")
months = ui.load("transition_months")["transition_month"].tolist()
if months:
    month = st.selectbox(
        "Month 月份", months, format_func=lambda value: f"{value:%Y-%m}", key="segments_month"
    )
    transitions = ui.load("rfm_transitions", month=month)
    for column in ("from_segment", "to_segment"):
        transitions[column] = [ui.label(name, ui.RFM_LABELS) for name in transitions[column]]
    matrix = transitions.pivot_table(
        index="from_segment", columns="to_segment", values="people", aggfunc="sum", fill_value=0
    )
    st.plotly_chart(
        px.imshow(
            matrix,
            text_auto=True,
            color_continuous_scale="Purples",
            aspect="auto",
            labels={"x": "to 迁入", "y": "from 迁出", "color": "people"},
        )
    )
    moved = transitions[transitions["is_move"]]
    st.caption(
        f"{int(moved['people'].sum()):,} people changed segment; revenue at stake of those "
        f"moves ¥{moved['revenue_at_stake_cny'].sum():,.0f}."
    )

st.subheader("Segment catalogue and audiences 分群目录与人群导出")
catalogue = ui.load("segment_catalogue")
st.dataframe(catalogue, hide_index=True)
segment = st.selectbox(
    "Audience to download 导出人群",
    catalogue["segment"].tolist(),
    format_func=dict(zip(catalogue["segment"], catalogue["segment_name"], strict=True)).get,
    key="segments_audience",
)
if segment:
    contacts = ui.load("segment_audience", segment=segment)
    st.download_button(
        f"Download {len(contacts):,} contacts (CSV, hashed ids) 下载",
        contacts.to_csv(index=False).encode(),
        file_name=f"{segment}.csv",
        mime="text/csv",
    )

"""Lifetime value: cohort retention, cumulative revenue per customer by acquisition channel,
the predicted CLV distribution and how well the model predicted a holdout period."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
import ui

st.title("Lifetime value 客户生命周期价值")

channel = st.selectbox(
    "Acquisition channel 获客渠道",
    ui.load("cohort_channels")["acquisition_channel"].tolist(),
    format_func=ui.label,
    key="ltv_channel",
)

summary = ui.load("clv_summary", channel=channel).iloc[0]
totals = st.columns(4)
totals[0].metric("Customers scored 已预测客户", f"{int(summary['scored_customers']):,}")
totals[1].metric("Total predicted CLV 预测总价值 ¥", f"{summary['total_predicted_clv'] or 0:,.0f}")
median = summary["median_predicted_clv"]
totals[2].metric("Median CLV 中位数 ¥", "–" if median != median else f"{median:,.0f}")
alive = summary["mean_p_alive"]
totals[3].metric("Mean P(alive) 平均活跃概率", "–" if alive != alive else f"{alive:.0%}")

cohorts = ui.load("cohort_heatmap", channel=channel)
st.subheader("Cohort retention 同期群留存")
if cohorts.empty:
    st.info("No complete cohort periods for this channel 无完整同期群")
else:
    heat = cohorts.pivot(
        index="cohort_month", columns="months_since_first_order", values="retention_rate"
    )
    heat.index = [f"{month:%Y-%m}" for month in heat.index]
    st.plotly_chart(
        px.imshow(
            heat,
            color_continuous_scale="Greens",
            aspect="auto",
            zmin=0,
            zmax=0.5,
            labels={
                "x": "months since first order 首单后月数",
                "y": "cohort 首单月",
                "color": "retention 留存率",
            },
        )
    )

left, right = st.columns(2)
anchor = left.radio(
    "Window from 起算",
    ["first_order", "registration"],
    horizontal=True,
    key="ltv_anchor",
    format_func={"first_order": "first order 首单", "registration": "registration 注册"}.get,
)
curves = ui.load("ltv_curves", anchor=anchor)
curves["acquisition_channel"] = curves["acquisition_channel"].map(ui.label)
left.plotly_chart(
    px.line(
        curves,
        x="window_months",
        y="avg_net_revenue",
        color="acquisition_channel",
        markers=True,
        hover_data=["complete_customers"],
        labels={
            "window_months": "months 月",
            "avg_net_revenue": "avg net revenue 平均净收入 ¥",
            "acquisition_channel": "channel 渠道",
        },
        title="Cumulative revenue per customer by channel 各渠道累计客均收入",
    )
)

distribution = ui.load("clv_distribution", channel=channel)
right.plotly_chart(
    px.bar(
        distribution,
        x="clv_from",
        y="customers",
        labels={
            "clv_from": "predicted CLV 预测价值 ¥ (last bar: top 1%)",
            "customers": "customers 客户",
        },
        title="Predicted CLV distribution 预测价值分布",
    )
)

st.subheader("Model quality 模型质量 (holdout 验证期)")
holdout = ui.load("holdout_evaluation")
if holdout.empty or int(holdout["holdout_days"].max()) == 0:
    st.info(
        "No holdout period in this build: the holdout starts after as_of_date "
        "(set an earlier as_of_date to evaluate). 当前构建无验证期。"
    )
else:
    figure = go.Figure()
    figure.add_bar(
        x=holdout["frequency_label"], y=holdout["mean_actual_repeat_purchases"], name="actual 实际"
    )
    figure.add_bar(
        x=holdout["frequency_label"],
        y=holdout["mean_predicted_repeat_purchases"],
        name="predicted 预测",
    )
    figure.update_layout(
        barmode="group",
        xaxis_title="repeat purchases in calibration 校准期复购次数",
        yaxis_title="mean repeat purchases in holdout 验证期平均复购",
    )
    st.plotly_chart(figure)
st.dataframe(ui.load("model_parameters"), hide_index=True)

"""Data quality: the latest build's dbt results, great-expectations results, quarantined rows
per table and reason, and each source's freshness and reconciliation."""

from __future__ import annotations

import plotly.express as px
import streamlit as st
import ui

st.title("Data quality 数据质量")

published = ui.load("publication").iloc[0]
header = st.columns(3)
header[0].metric("Published 发布时间 (UTC)", f"{published['published_at']:%Y-%m-%d %H:%M}")
generated = published["dbt_generated_at"]
header[1].metric(
    "dbt build finished 构建完成 (UTC)",
    "–" if generated is None or generated != generated else f"{generated:%Y-%m-%d %H:%M}",
)
header[2].metric("Marts published 已发布表", int(published["tables_count"]))

st.subheader("Latest dbt results 最近一次 dbt 结果")
counts = ui.load("dbt_result_counts")
if counts.empty:
    st.info("This publication carries no dbt results (published without run_results.json).")
else:
    st.dataframe(
        counts.pivot_table(index="resource_type", columns="status", values="nodes", fill_value=0),
    )
    problems = ui.load("dbt_problems")
    if problems.empty:
        st.success("Every model, seed and test of the build passed 全部通过")
    else:
        st.dataframe(problems, hide_index=True)

st.subheader("Great Expectations 数据期望校验")
if ui.require_table("quality.expectation_results", "Great Expectations results"):
    expectations = ui.load("expectation_results")
    failed = expectations[~expectations["success"]]
    if not expectations.empty:
        st.caption(f"Latest run 最近运行 {expectations['run_at'].max():%Y-%m-%d %H:%M} UTC")
    summary = st.columns(3)
    summary[0].metric("Expectations 校验项", f"{len(expectations):,}")
    summary[1].metric("Failed errors 失败", f"{(failed['severity'] == 'error').sum():,}")
    summary[2].metric("Warnings 警告", f"{(failed['severity'] == 'warning').sum():,}")
    only_failed = st.toggle("Only failed expectations 仅显示未通过", value=not failed.empty)
    st.dataframe(failed if only_failed else expectations, hide_index=True)

if ui.require_table("marts.quarantine_summary", "Quarantine 隔离数据"):
    st.subheader("Quarantined rows 隔离行")
    tables = st.multiselect(
        "Raw table 原始表",
        ui.load("quarantine_sources")["source_table"].tolist(),
        key="quality_tables",
    )
    quarantine = ui.load("quarantine_counts", tables=tables)
    st.metric("Quarantined rows 隔离行数", f"{int(quarantine['quarantined_rows'].sum()):,}")
    st.plotly_chart(
        px.bar(
            quarantine,
            x="quarantined_rows",
            y="source_table",
            color="quarantine_reason",
            orientation="h",
            labels={"quarantined_rows": "rows 行", "source_table": ""},
        )
    )

if ui.require_table("marts.raw_table_reconciliation", "Freshness 数据新鲜度"):
    st.subheader("Freshness and reconciliation 新鲜度与对账")
    st.dataframe(
        ui.load("source_freshness"),
        hide_index=True,
        column_config={
            "newest_kept_row_at": st.column_config.DatetimeColumn(
                "newest row 最新数据 (UTC)", format="YYYY-MM-DD HH:mm"
            ),
            "quarantined_share": st.column_config.ProgressColumn(
                "quarantined 隔离占比", format="percent"
            ),
        },
    )

"""The managers' app: `make dashboard` (streamlit run dashboards/app.py).

Reads only the published copy of the marts ($CRM_PUBLISHED, written by `make build`), never
the warehouse dbt writes. Set CRM_DASHBOARD_PASSWORD to require a password.
"""

from __future__ import annotations

import streamlit as st
import ui

st.set_page_config(page_title="CRM warehouse 客户数据仓库", page_icon=":bar_chart:", layout="wide")

if not ui.password_accepted():
    st.stop()
ui.require_published()

PAGES = [
    st.Page("views/overview.py", title="Overview 概览", icon=":material/dashboard:", default=True),
    st.Page(
        "views/customer_360.py", title="Customer 360 客户视图", icon=":material/person_search:"
    ),
    st.Page("views/segments.py", title="Segments 客户分群", icon=":material/groups:"),
    st.Page(
        "views/lifetime_value.py", title="Lifetime value 生命周期价值", icon=":material/savings:"
    ),
    st.Page(
        "views/funnel_channels.py",
        title="Funnel and channels 漏斗与渠道",
        icon=":material/filter_alt:",
    ),
    st.Page("views/social_crm.py", title="Social CRM 社交客户", icon=":material/share:"),
    st.Page("views/data_quality.py", title="Data quality 数据质量", icon=":material/fact_check:"),
]

navigation = st.navigation(PAGES)
published = ui.load("publication")
if not published.empty:
    st.sidebar.caption(f"Published 发布于 {published['published_at'].iloc[0]:%Y-%m-%d %H:%M} UTC")
navigation.run()

"""Customer 360: find a person by customer id, member id, phone or email, then read the profile
card and the touchpoint timeline. Phones and emails are normalised and hashed before the lookup
(crm_warehouse.dashboard_search), and shown only masked."""

from __future__ import annotations

import streamlit as st
import ui

from crm_warehouse.dashboard_search import MAX_SEARCH_LENGTH, SEARCH_KINDS, search_candidates

KIND_LABELS = {
    "any": "Any 任意",
    "customer_id": "Customer id 客户编号",
    "member_id": "Member id 会员编号",
    "phone": "Phone 手机号",
    "email": "Email 邮箱",
}
IDENTIFIER_LABELS = {
    "customer_id": "Customer ids 客户编号",
    "member_id": "Member ids 会员编号",
    "anonymous_id": "Devices / cookies 设备",
    "social_id": "Social accounts 社交账号",
    "union_id": "WeChat union ids 微信 UnionID",
    "phone_hash": "Phones 手机号 (hashed 已加密)",
    "email_hash": "Emails 邮箱 (hashed 已加密)",
}

st.title("Customer 360 客户全景")

search = st.columns([1, 3])
kind = search[0].selectbox(
    "Search by 查询方式", SEARCH_KINDS, format_func=KIND_LABELS.__getitem__, key="c360_kind"
)
text = search[1].text_input(
    "Customer id, member id, phone or email 客户编号 / 会员编号 / 手机号 / 邮箱",
    max_chars=MAX_SEARCH_LENGTH,
    key="c360_search",
    placeholder="C00012345 · M00001571 · 138 0013 8000 · name@example.com",
)
if not text.strip():
    st.info("Type an identifier to open a customer's profile 输入标识以查看客户档案")
    st.stop()

candidates = search_candidates(text, kind)
matches = ui.load("find_people", candidates=candidates) if candidates else None
if matches is None or matches.empty:
    st.warning("No customer found 未找到客户")
    st.stop()
shared = matches[matches["is_shared"]]
people = sorted(matches.loc[~matches["is_shared"], "person_id"].dropna().unique())
if not shared.empty:
    st.warning(
        "This identifier is shared (e.g. a store tablet or a placeholder) and belongs to no one "
        "该标识为共享标识，不归属任何客户: " + ", ".join(shared["shared_reason"].dropna().unique())
    )
if not people:
    st.stop()
person_id = people[0]
if len(people) > 1:
    person_id = st.selectbox("Several people match 匹配多人", people, key="c360_person")

profile_rows = ui.load("person_profile", person_id=person_id)
if profile_rows.empty:
    st.warning("This person is not in customer_360 (e.g. crawler traffic only) 非客户")
    st.stop()
profile = profile_rows.iloc[0]


def shown(value: object, pattern: str = "{}") -> str:
    return "–" if value is None or value != value else pattern.format(value)


st.subheader(f"Person 客户 `{person_id}`")
card = st.columns(6)
card[0].metric("Layer 层级", ui.label(profile["lifecycle_layer"], ui.LAYER_LABELS))
card[1].metric("RFM segment 分群", ui.label(profile["rfm_segment"], ui.RFM_LABELS))
card[2].metric("Net revenue 累计净收入", shown(profile["net_revenue"], "¥{:,.0f}"))
card[3].metric("Predicted CLV 预测价值", shown(profile["predicted_clv"], "¥{:,.0f}"))
card[4].metric("P(alive) 活跃概率", shown(profile["p_alive"], "{:.0%}"))
card[5].metric("Orders 订单", shown(profile["orders_count"]))

details = st.columns(3)
details[0].markdown(
    f"""
**Contact 联系方式**
- Phone 手机: {shown(profile["phone_masked"])}
- Email 邮箱: {shown(profile["email_masked"])}
- Customer id: {shown(profile["primary_customer_id"])}
- Member id: {shown(profile["member_id"])} · tier 等级 {shown(profile["membership_tier"])}
"""
)
details[1].markdown(
    f"""
**Acquisition and relations 获客与关系**
- Channel 渠道: {ui.label(profile["acquisition_channel"])}
- KOL 达人: {shown(profile["acquisition_kol_id"])}
- Shopping guide 导购: {shown(profile["shopping_guide_id"])}
- Connection 关系强度: {shown(profile["connection_strength"])}
"""
)
details[2].markdown(
    f"""
**Value 价值**
- LTV 12 months 12个月价值: {shown(profile["ltv_12m"], "¥{:,.0f}")}
- Average order 客单价: {shown(profile["average_order_value"], "¥{:,.0f}")}
- RFM cell: {shown(profile["rfm_cell"])} · prediction: {shown(profile["prediction_status"])}
- First / last order 首单/末单: {shown(profile["first_order_at"], "{:%Y-%m-%d}")} /
  {shown(profile["last_order_at"], "{:%Y-%m-%d}")}
"""
)

left, right = st.columns([2, 3])
identifiers = ui.load("person_identifiers", person_id=person_id)
identifiers["identifier_type"] = identifiers["identifier_type"].map(
    lambda value: IDENTIFIER_LABELS.get(value, value)
)
left.markdown("**Identifiers by type 标识**")
left.dataframe(identifiers, hide_index=True)
segments = ui.load("person_segments", person_id=person_id)
left.markdown("**Segments 所属分群**")
left.dataframe(segments, hide_index=True)

timeline = ui.load("person_timeline", person_id=person_id)
right.markdown(f"**Touchpoint timeline 接触时间线** (latest {len(timeline)})")
timeline["channel_group"] = timeline["channel_group"].map(ui.label)
right.dataframe(
    timeline,
    hide_index=True,
    column_config={
        "occurred_at": st.column_config.DatetimeColumn(
            "When (UTC) 时间", format="YYYY-MM-DD HH:mm"
        ),
        "amount_cny": st.column_config.NumberColumn("Amount 金额 ¥", format="%.2f"),
    },
)

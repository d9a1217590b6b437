"""Predictive lifetime value: BG/NBD (how many repeat purchases, P(alive)) and Gamma-Gamma (how
much per purchase), combined into a discounted CLV; validated on the CDNOW benchmark.

Modules: ``summary`` (transactions -> frequency, recency, T, monetary_value), ``bgnbd``,
``gamma_gamma``, ``clv``, ``scoring`` (DataFrame API for dbt Python models) and ``cdnow``
(the benchmark log, and its conversion to this project's raw tables).
"""

from crm_warehouse.ltv.bgnbd import (
    BGNBDFit,
    expected_purchases,
    expected_purchases_new_customer,
    fit_bgnbd,
    probability_alive,
)
from crm_warehouse.ltv.clv import customer_lifetime_value
from crm_warehouse.ltv.gamma_gamma import GammaGammaFit, expected_average_spend, fit_gamma_gamma
from crm_warehouse.ltv.scoring import LTVModels, fit_ltv_models, model_parameters, score_customers
from crm_warehouse.ltv.summary import summarize_transactions

__all__ = [
    "BGNBDFit",
    "GammaGammaFit",
    "LTVModels",
    "customer_lifetime_value",
    "expected_average_spend",
    "expected_purchases",
    "expected_purchases_new_customer",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_ltv_models",
    "model_parameters",
    "probability_alive",
    "score_customers",
    "summarize_transactions",
]

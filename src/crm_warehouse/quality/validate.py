"""Run each mart's suite with great-expectations 1.x on a pandas DataFrame (the SQL datasource
fails on DuckDB, GX issue 11579): an ephemeral context, one pandas datasource, a dataframe
asset, suite and validation definition per mart."""

from __future__ import annotations

from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from crm_warehouse.quality.outcomes import Outcome, to_json_text

# Keys of a GX result that describe the failure; the full unexpected index lists are dropped.
DETAIL_KEYS = (
    "element_count",
    "unexpected_count",
    "unexpected_percent",
    "missing_count",
    "partial_unexpected_list",
    "details",
)
NOT_ARGUMENTS = ("batch_id",)


class SuiteRunner:
    def __init__(self) -> None:
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.datasource = self.context.data_sources.add_pandas("marts")

    def run(
        self, mart: str, frame: pd.DataFrame, expectations: list[gxe.Expectation]
    ) -> list[Outcome]:
        asset = self.datasource.add_dataframe_asset(mart)
        batch = asset.add_batch_definition_whole_dataframe(mart)
        suite = self.context.suites.add(gx.ExpectationSuite(name=mart))
        for expectation in expectations:
            suite.add_expectation(expectation)
        validation = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=mart, data=batch, suite=suite)
        )
        result = validation.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        return [_outcome(mart, r.to_json_dict()) for r in result.results]


def _outcome(mart: str, result: dict[str, Any]) -> Outcome:
    config = result["expectation_config"]
    arguments = {k: v for k, v in config["kwargs"].items() if k not in NOT_ARGUMENTS}
    found = result.get("result") or {}
    details = {"arguments": arguments, **{k: found[k] for k in DETAIL_KEYS if k in found}}
    if config.get("description"):
        details["description"] = config["description"]
    if result.get("exception_info", {}).get("raised_exception"):
        details["exception"] = result["exception_info"]["exception_message"]
    return Outcome(
        suite=mart,
        mart=mart,
        expectation=config["type"],
        column_name=arguments.get("column") or arguments.get("column_A"),
        severity="error",
        success=bool(result["success"]),
        observed_value=to_json_text(found.get("observed_value")),
        details=to_json_text(details) or "{}",
    )

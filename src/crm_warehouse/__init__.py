"""Omnichannel e-commerce CRM warehouse: generator and shared helpers for the dbt project."""

"""The product catalogue (shop_products): brands, categories and list prices."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from crm_warehouse.generate import text
from crm_warehouse.generate.context import Products
from crm_warehouse.generate.text import SECONDS_PER_DAY

BRANDS = (
    "Lumière",
    "Jade Garden",
    "Peony & Co",
    "Nordic Dew",
    "Sakura Lab",
    "Golden Lotus",
    "Urban Bloom",
    "Maison Bai",
)
CATEGORIES = ("skincare", "makeup", "fragrance", "haircare", "bodycare", "tools")
_PRODUCT_NOUNS = {
    "skincare": ("Serum", "Essence", "Cream", "Toner", "Mask"),
    "makeup": ("Lipstick", "Cushion", "Mascara", "Palette", "Foundation"),
    "fragrance": ("Eau de Parfum", "Eau de Toilette", "Body Mist"),
    "haircare": ("Shampoo", "Hair Oil", "Conditioner"),
    "bodycare": ("Body Lotion", "Hand Cream", "Shower Gel"),
    "tools": ("Brush Set", "Facial Roller", "Sponge"),
}
PRODUCTS_PER_BRAND = 60


def build_catalog(rng: np.random.Generator) -> tuple[Products, dict[str, np.ndarray | list]]:
    count = len(BRANDS) * PRODUCTS_PER_BRAND
    brand = np.repeat(np.arange(len(BRANDS)), PRODUCTS_PER_BRAND)
    category = rng.integers(0, len(CATEGORIES), count)
    # Log-uniform list prices between 19 and 2,999 CNY, ending in 9.
    price = np.exp(rng.uniform(np.log(19), np.log(2_999), count))
    list_price = np.floor(price / 10) * 10 + 9.0
    sku_numbers = 100_000 + np.arange(count) * 37 + rng.integers(0, 37, count)
    sku = text.numbered_ids("SKU", sku_numbers, 6).to_pylist()
    order = np.lexsort((list_price, brand))
    offsets = np.searchsorted(brand[order], np.arange(len(BRANDS) + 1))
    names = []
    for i in range(count):
        nouns = _PRODUCT_NOUNS[CATEGORIES[category[i]]]
        names.append(f"{BRANDS[brand[i]]} {nouns[i % len(nouns)]} {i % 7 + 1}")
    products = Products(
        sku=sku,
        brand=brand,
        category=category,
        list_price=list_price,
        order_by_brand_price=order,
        brand_offsets=offsets,
    )
    columns = {
        "names": names,
        "unit_cost": text.amounts(list_price * rng.uniform(0.25, 0.55, count)),
    }
    return products, columns


def products_table(
    products: Products,
    columns: dict,
    launched_from_s: int,
    launched_to_s: int,
    rng: np.random.Generator,
    style: str,
) -> pa.Table:
    count = len(products.sku)
    launched = rng.integers(launched_from_s, launched_to_s, count)
    launched -= launched % SECONDS_PER_DAY  # launches happen at midnight UTC (08:00 local)
    return pa.table(
        {
            "sku": pa.array(products.sku, pa.string()),
            "product_name": pa.array(columns["names"], pa.string()),
            "brand": text.pick(BRANDS, products.brand),
            "category": text.pick(CATEGORIES, products.category),
            "list_price": products.list_price,
            "unit_cost": columns["unit_cost"],
            "launched_at": text.format_timestamps(launched, style),
        }
    )


def choose_skus(
    products: Products, brand: np.ndarray, unit_price_target: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A product of the brand priced near the target (a neighbour, to vary the choice)."""
    lo = products.brand_offsets[brand]
    hi = products.brand_offsets[brand + 1]
    sorted_prices = products.list_price[products.order_by_brand_price]
    # Prices ascend within a brand; offset the search key by brand so one searchsorted serves.
    key_prices = sorted_prices + np.repeat(np.arange(len(BRANDS)), PRODUCTS_PER_BRAND) * 1e7
    position = np.searchsorted(key_prices, unit_price_target + brand * 1e7)
    position = np.clip(position + rng.integers(-2, 3, len(brand)), lo, hi - 1)
    return products.order_by_brand_price[position]

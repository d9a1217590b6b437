"""Synthetic omnichannel retailer: raw exports with real-world defects, and the truth behind them.

    python -m crm_warehouse.generate --customers N --seed S --out DIR [--defect-rate 0.01]
        [--start 2023-01-01 --end 2025-12-31] [--web-activity-scale 1.0] [--quiet]

N is the number of true people (browse-only visitors included). The same seed and N give
byte-identical files on any machine: people are simulated in fixed chunks of 20,000, each with
its own random stream (SeedSequence(seed).spawn), and written with fixed Parquet settings.

DIR/raw/<table>.parquet   every table of contract.RAW_TABLES with exactly its Arrow schema
DIR/truth/
    identities.parquet              identifier_type, identifier (phone E.164, email lowercased),
                                    person_id, is_shared, owner_kind (person | shared | bot | kol)
    shared_identifier_uses.parquet  identifier_type, identifier, person_id: who used a shared one
    people.parquet                  one row per true person and their hidden traits
    referrals.parquet               person_id, referrer_person_id, depth
    funnel_truth.parquet            configured step conversion per channel group
    defects.parquet                 table_name, row_key, column_name, defect_kind, true_value
    defect_exposure.parquet         table_name, defect_kind, applicable_rows (rate denominator)
    parameters.json                 every parameter of the run (GeneratorParams)

Modules, in the order a chunk is simulated: people (who), devices, shop (buy till you die,
orders, customers), social (accounts, interactions), marketing (messages, coupons), web
(sessions and events), loyalty (members, points, tickets, community events), defects, truth.
"""

"""Runs the simulation chunk by chunk and writes raw/ and truth/."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from crm_warehouse.generate import text, truth
from crm_warehouse.generate.catalog import BRANDS, build_catalog, products_table
from crm_warehouse.generate.context import Context, window_bounds
from crm_warehouse.generate.defects import DEFECTS_SCHEMA, DefectLog, Injector, style_of
from crm_warehouse.generate.devices import (
    PLATFORMS,
    Devices,
    generate_devices,
    store_tablet_ids,
)
from crm_warehouse.generate.evidence import EVIDENCE_SCHEMA, evidence_table
from crm_warehouse.generate.loyalty import (
    Membership,
    join_members,
    loyalty_tables,
    registrations_table,
    tickets_table,
)
from crm_warehouse.generate.marketing import generate_coupons, generate_messages
from crm_warehouse.generate.marketing_plan import (
    campaigns_table,
    community_events_table,
    plan_campaigns,
    plan_community_events,
)
from crm_warehouse.generate.params import GeneratorParams
from crm_warehouse.generate.people import People, generate_people
from crm_warehouse.generate.reference import REFERENCE_DIR, load_reference
from crm_warehouse.generate.sessions import VisitRequests
from crm_warehouse.generate.shop import (
    GENERIC_EMAILS,
    ORDER_CHANNELS,
    PLACEHOLDER_PHONES_E164,
    CustomerVersions,
    customer_emails,
    customer_numbers,
    customer_versions,
    customers_table,
    e164,
    generate_orders,
    order_items_table,
    orders_table,
    phone_numbers,
    refunds_table,
)
from crm_warehouse.generate.social import (
    SocialAccounts,
    accounts_table,
    generate_accounts,
    generate_interactions,
    kol_accounts,
    kol_accounts_table,
    last_active,
)
from crm_warehouse.generate.web import Sessions, bot_events, plan_sessions, web_events_table
from crm_warehouse.generate.writer import ParquetTables, raw_schemas

TRUTH_SCHEMAS = {
    "identities": truth.IDENTITIES_SCHEMA,
    "shared_identifier_uses": truth.SHARED_USES_SCHEMA,
    "people": truth.PEOPLE_SCHEMA,
    "referrals": truth.REFERRALS_SCHEMA,
    "defects": DEFECTS_SCHEMA,
    "identity_evidence": EVIDENCE_SCHEMA,
}
# Streams of the seed: one per chunk, plus one for everything shared by all chunks.
GLOBAL_STREAM = 0


def build_context(
    params: GeneratorParams, rng: np.random.Generator, reference_dir: Path = REFERENCE_DIR
) -> tuple[Context, dict]:
    reference = load_reference(reference_dir)
    start_s, end_s, opened_s = window_bounds(params)
    products, product_columns = build_catalog(rng)
    campaigns = plan_campaigns(params, reference, start_s, end_s, rng)
    events = plan_community_events(params, reference, start_s, end_s, rng)
    ctx = Context(
        params=params,
        reference=reference,
        start_s=start_s,
        end_s=end_s,
        shop_opened_s=opened_s,
        products=products,
        campaigns=campaigns,
        community_events=events,
    )
    return ctx, product_columns


def _register_channel(people: People, devices: Devices) -> np.ndarray:
    """Where each person signed up: the store, the marketplace, or their first device."""
    platform_channel = np.array([ORDER_CHANNELS.index(p) for p in PLATFORMS])
    channel = platform_channel[devices.platform[devices.first]]
    channel = np.where(people.acquired_by("store_guide"), ORDER_CHANNELS.index("store"), channel)
    return np.where(people.acquired_by("marketplace"), ORDER_CHANNELS.index("marketplace"), channel)


def generate(params: GeneratorParams, out: Path, progress: bool = True) -> dict[str, float]:
    """Writes out/raw/<table>.parquet and out/truth/*; returns row counts and seconds taken."""
    started = time.perf_counter()
    streams = np.random.SeedSequence(params.seed).spawn(
        1 + (params.people + params.chunk_size - 1) // params.chunk_size
    )
    global_rng = np.random.default_rng(streams[GLOBAL_STREAM])
    ctx, product_columns = build_context(params, global_rng)
    raw = ParquetTables(out / "raw", raw_schemas())
    truth_tables = ParquetTables(out / "truth", TRUTH_SCHEMAS)
    log = DefectLog()

    injector = Injector(params.defect_rate, ctx.end_s, ctx.shop_opened_s, 0, global_rng, log)
    shop_style = style_of("shop_products")
    launched_to = ctx.start_s - 30 * 86_400
    for name, table in (
        (
            "shop_products",
            products_table(
                ctx.products,
                product_columns,
                ctx.shop_opened_s,
                launched_to,
                global_rng,
                shop_style,
            ),
        ),
        (
            "marketing_campaigns",
            campaigns_table(
                ctx.campaigns, ctx.reference, global_rng, style_of("marketing_campaigns")
            ),
        ),
        (
            "community_events",
            community_events_table(
                ctx.community_events, ctx.reference, global_rng, style_of("community_events")
            ),
        ),
    ):
        raw.write(name, injector.inject(name, table, style_of(name)))
    # KOL accounts are written first in social_accounts, untouched by defects (reference-like).
    raw.write("social_accounts", kol_accounts_table(ctx, style_of("social_accounts")))

    tablets = store_tablet_ids(len(ctx.reference.store_ids))
    chunks = range(0, params.people, params.chunk_size)
    bar = tqdm(total=params.people, unit="people", disable=not progress, desc="generating")
    for chunk, offset in enumerate(chunks):
        count = min(params.chunk_size, params.people - offset)
        rng = np.random.default_rng(streams[1 + chunk])
        _generate_chunk(ctx, chunk, offset, count, rng, tablets, raw, truth_tables, log)
        truth_tables.write("defects", log.take_recorded())
        bar.update(count)
    bar.close()

    truth_tables.write("identities", _global_identities(ctx, tablets))
    truth_tables.write("defects", log.take_recorded())
    raw.close()
    truth_tables.close()
    pq.write_table(
        log.exposure_table(), out / "truth" / "defect_exposure.parquet", compression="zstd"
    )
    pq.write_table(
        truth.funnel_table(params.funnel),
        out / "truth" / "funnel_truth.parquet",
        compression="zstd",
    )
    params.write_json(out / "truth" / "parameters.json")
    stats: dict[str, float] = {f"rows.{name}": rows for name, rows in raw.rows.items()}
    stats["seconds"] = time.perf_counter() - started
    return stats


def _global_identities(ctx: Context, tablets: pa.Array) -> pa.Table:
    kol_ids, _ = kol_accounts(ctx)
    return pa.concat_tables(
        [
            truth.unowned_identities("anonymous_id", tablets, "shared"),
            truth.unowned_identities(
                "phone", pa.array(PLACEHOLDER_PHONES_E164, pa.string()), "shared"
            ),
            truth.unowned_identities("email", pa.array(GENERIC_EMAILS, pa.string()), "shared"),
            truth.unowned_identities("social_id", kol_ids, "kol"),
        ]
    )


def _generate_chunk(
    ctx: Context,
    chunk: int,
    offset: int,
    count: int,
    rng: np.random.Generator,
    tablets: pa.Array,
    raw: ParquetTables,
    truth_tables: ParquetTables,
    log: DefectLog,
) -> None:
    people = generate_people(ctx, offset, count, rng)
    devices = generate_devices(ctx, people, chunk, rng)
    orders, purchase_truth = generate_orders(ctx, people, devices, chunk, rng)
    accounts = generate_accounts(ctx, people, chunk, rng)
    active_until = last_active(ctx, people, purchase_truth.churned_at, rng)
    customer_id = text.numbered_ids(
        "C", customer_numbers(people.global_index), 8, people.is_registered
    )
    visits = VisitRequests()
    tables: dict[str, pa.Table] = {}
    tables["social_interactions"] = generate_interactions(
        ctx,
        people,
        devices,
        accounts,
        active_until,
        chunk,
        visits,
        rng,
        style_of("social_interactions"),
    )
    tables["social_accounts"] = accounts_table(
        ctx, people, accounts, rng, style_of("social_accounts")
    )
    tables["marketing_messages"] = generate_messages(
        ctx,
        people,
        devices,
        accounts,
        customer_id,
        chunk,
        visits,
        rng,
        style_of("marketing_messages"),
    )
    tables["marketing_coupons"], order_coupon_id = generate_coupons(
        ctx, people, orders, accounts, customer_id, chunk, rng, style_of("marketing_coupons")
    )
    sessions = plan_sessions(ctx, people, devices, orders, active_until, visits, rng)
    web = web_events_table(
        ctx,
        people,
        devices,
        orders,
        accounts,
        sessions,
        customer_id,
        tablets,
        chunk,
        rng,
        style_of("web_events"),
    )
    bots, bot_ids = bot_events(ctx, people.n, chunk, rng, style_of("web_events"))
    tables["web_events"] = pa.concat_tables([web, bots])

    register_channel = _register_channel(people, devices)
    versions = customer_versions(ctx, people, rng)
    tables["shop_customers"] = customers_table(
        people, versions, customer_id, register_channel, style_of("shop_customers")
    )
    tables["shop_orders"] = orders_table(
        orders, customer_id, ctx, order_coupon_id, style_of("shop_orders")
    )
    tables["shop_order_items"] = order_items_table(orders, ctx)
    tables["shop_refunds"] = refunds_table(orders, chunk, rng, style_of("shop_refunds"))
    membership = join_members(ctx, people, orders, rng)
    tables["event_registrations"], check_ins = registrations_table(
        ctx, people, accounts, customer_id, chunk, rng, style_of("event_registrations")
    )
    tables["loyalty_members"], tables["loyalty_points"] = loyalty_tables(
        ctx,
        people,
        orders,
        membership,
        register_channel,
        customer_id,
        check_ins,
        chunk,
        rng,
        style_of("loyalty_members"),
    )
    tables["service_tickets"] = tickets_table(
        ctx, orders, customer_id, chunk, rng, style_of("service_tickets")
    )

    shared = {
        "anonymous_id": tablets,
        "phone": pa.array(PLACEHOLDER_PHONES_E164, pa.string()),
        "email": pa.array(GENERIC_EMAILS, pa.string()),
    }
    truth_tables.write("identity_evidence", evidence_table(tables, shared, chunk))

    injector = Injector(ctx.params.defect_rate, ctx.end_s, ctx.shop_opened_s, chunk, rng, log)
    bot_rows = np.zeros(tables["web_events"].num_rows, bool)
    bot_rows[web.num_rows :] = True
    refunded = np.flatnonzero(orders.refunded_at >= 0)
    refund_paid = orders.paid_cents[refunded] / 100.0
    for name in sorted(tables):
        table = injector.inject(
            name,
            tables[name],
            style_of(name),
            protected=bot_rows if name == "web_events" else None,
            refund_order_paid=refund_paid if name == "shop_refunds" else None,
        )
        raw.write(name, table)
    log.record("web_events", bot_ids, "anonymous_id", "bot_traffic")
    log.count("web_events", "bot_traffic", people.n)  # bots are drawn per simulated person
    truth_tables.write("identities", truth.unowned_identities("anonymous_id", bot_ids, "bot"))

    _write_truth(
        ctx,
        people,
        devices,
        accounts,
        membership,
        versions,
        customer_id,
        purchase_truth.churned_at,
        sessions,
        tablets,
        truth_tables,
    )


def _write_truth(
    ctx: Context,
    people: People,
    devices: Devices,
    accounts: SocialAccounts,
    membership: Membership,
    versions: CustomerVersions,
    customer_id: pa.Array,
    churned_at: np.ndarray,
    sessions: Sessions,
    tablets: pa.Array,
    truth_tables: ParquetTables,
) -> None:
    g = people.global_index
    parts = [
        truth.identities(
            "customer_id", customer_id.filter(customer_id.is_valid()), g[people.is_registered]
        ),
        truth.identities("anonymous_id", devices.anonymous_id, g[devices.person]),
        truth.identities("social_id", accounts.social_id, g[accounts.person]),
    ]
    wechat_people = np.flatnonzero(accounts.account_of[:, 0] >= 0)
    first_openid = accounts.account_of[wechat_people, 0]
    parts.append(
        truth.identities(
            "union_id", accounts.union_id.take(pa.array(first_openid)), g[wechat_people]
        )
    )
    members = membership.member_id.is_valid().to_numpy(zero_copy_only=False)
    parts.append(
        truth.identities("member_id", membership.member_id.filter(pa.array(members)), g[members])
    )
    # Phones as E.164: the registration phone (also what WeChat binds) and any replacement;
    # placeholder users show only the shared placeholder in the shop.
    real_phone = people.is_registered & ~people.uses_placeholder_phone
    changed_phone = np.unique(versions.person[versions.phone_generation == 2])
    for generation, used in (
        (1, np.union1d(np.flatnonzero(real_phone), wechat_people)),
        (2, changed_phone[real_phone[changed_phone]]),
    ):
        country, national = phone_numbers(g[used], people.is_hong_kong[used], generation)
        parts.append(truth.identities("phone", e164(country, national), g[used]))
        with_email = np.unique(versions.person[versions.email_generation == generation])
        with_email = with_email[
            people.has_email[with_email] & ~people.uses_generic_email[with_email]
        ]
        parts.append(
            truth.identities(
                "email",
                customer_emails(
                    g[with_email],
                    people.surname[with_email],
                    people.given_name[with_email],
                    np.full(len(with_email), generation),
                ),
                g[with_email],
            )
        )
    truth_tables.write("identities", pa.concat_tables(parts))

    uses = []
    tablet = sessions.tablet_store >= 0
    uses.append(
        truth.shared_uses(
            "anonymous_id",
            tablets.take(pa.array(sessions.tablet_store[tablet])),
            g[sessions.person[tablet]],
        )
    )
    placeholder = np.unique(versions.person[people.uses_placeholder_phone[versions.person]])
    uses.append(
        truth.shared_uses(
            "phone",
            pa.array(
                np.where(
                    people.is_hong_kong[placeholder],
                    PLACEHOLDER_PHONES_E164[1],
                    PLACEHOLDER_PHONES_E164[0],
                ),
                pa.string(),
            ),
            g[placeholder],
        )
    )
    generic = np.unique(versions.person[people.uses_generic_email[versions.person]])
    uses.append(
        truth.shared_uses(
            "email", text.pick(GENERIC_EMAILS, g[generic] % len(GENERIC_EMAILS)), g[generic]
        )
    )
    truth_tables.write("shared_identifier_uses", pa.concat_tables(uses))

    # Browse-only: never registered and never seen on social (interactions, guide contact).
    seen_on_social = people.is_interactor | (people.guide >= 0)
    truth_tables.write(
        "people",
        truth.people_table(
            people,
            customer_id,
            membership.member_id,
            churned_at,
            seen_on_social,
            ctx.params,
            ctx.reference,
            ctx.campaigns.campaign_id,
            BRANDS,
        ),
    )
    truth_tables.write("referrals", truth.referrals_table(people))

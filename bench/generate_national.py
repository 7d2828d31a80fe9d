"""Build the national dataset (issue 15) inside PostgreSQL: a million requests in minutes.

    .venv/bin/python bench/generate_national.py                      # 1M requests into bench1m
    .venv/bin/python bench/generate_national.py --requests 20000 --database bench_small

The database (default ``bench1m``, on the server of ``DATABASE_URL`` or 127.0.0.1:5432 as
``postgres``) is created if missing and migrated; the generated tables are emptied first, so a
re-run replaces the data. Every row is made by ``INSERT ... SELECT`` over ``generate_series``
(no Python row loops) and passes the models' constraints. At ``--requests 1000000``:

- 25,000 authorities (schools, councils, NHS bodies... across the four nations; Scottish
  bodies answer under FOISA, a tenth of requests are environmental: EIR/EISR), 50,000 users,
  200 organisations with 2,000 members, 200 campaigns, one of them to 4,922 bodies;
- requests received from January 2016 to November 2026, more in recent years, ~88% public,
  1.5% withdrawn; ~1.49M responses (acknowledgements, extensions, clarifications, fees
  notices, first and second substantive answers), ~1.27M exemption citations (1-4 per refusal,
  the personal-data and commercial exemptions most often), ~102k internal reviews, ~11k
  complaints to the ICO or the Scottish Information Commissioner;
- then the stage and deadline columns, by the app's own ``deadlines_recompute_bulk``, and
  the tables analysed.

Counts scale with ``--requests`` (authorities ``requests/40``...), so a test can run it small.
Random draws come from ``setseed``: the same arguments give the same data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The day the data stops: no event is dated after it.
CUTOFF = "2026-12-02"
FIRST_DAY = "2016-01-04"
BIG_CAMPAIGN_PER_MILLION = 4922

TOPICS = [
    "potholes repaired",
    "parking fines issued",
    "agency staff spending",
    "school exclusions",
    "stop and search",
    "hospital waiting lists",
    "fly-tipping reports",
    "consultancy contracts",
    "CCTV cameras",
    "air quality monitoring",
    "housing repairs backlog",
    "social care placements",
    "taxi licensing",
    "tree felling",
    "library closures",
    "bus subsidies",
    "cyber attacks",
    "facial recognition",
    "national security vetting",
    "grit bins",
    "council tax arrears",
    "planning enforcement",
    "energy use in buildings",
    "staff sickness absence",
    "data breaches",
    "legal costs",
    "noise complaints",
    "free school meals",
    "mental health beds",
    "ambulance response times",
]

# The exemptions cited most come first; a refusal cites a run of consecutive entries starting
# near the front (citations are unique per response and exemption).
POPULAR = [
    "foia-s40", "foia-s43", "foia-s12", "foia-s31", "foia-s21", "foia-s36", "foia-s41",
    "foia-s42", "foia-s30", "foia-s38", "foia-s24", "foia-s22", "foia-s23",
    "foisa-s38", "foisa-s33", "foisa-s12", "foisa-s25", "foisa-s30", "foisa-s35", "foisa-s36",
    "eir-r13", "eir-r12-5-e", "eir-r12-4-b", "eir-r12-5-a", "eir-r12-4-a", "eir-r12-5-f",
    "eisr-r11", "eisr-r10-5-e", "eisr-r10-4-b", "eisr-r10-5-a", "eisr-r10-4-a",
]  # fmt: skip


def sizes(requests: int) -> dict[str, int]:
    return {
        "requests": requests,
        "users": max(10, requests // 20),
        "organisations": max(2, requests // 5000),
        "authorities": max(20, requests // 40),
        "campaigns": max(3, requests // 5000),
        "big_campaign": max(1, round(BIG_CAMPAIGN_PER_MILLION * requests / 1_000_000)),
    }


def _statements(n: dict[str, int]) -> list[tuple[str, str, dict]]:
    """(label, SQL, parameters) in order. Temporary ``bench_*`` tables map the number in a
    generated row's slug or username to its id, so later statements can join by number."""
    params = {
        **n,
        "members": min(n["users"], n["organisations"] * 10),
        "cutoff": CUTOFF,
        "first_day": FIRST_DAY,
        "topics": TOPICS,
        "popular": POPULAR,
    }
    return [
        ("seed", "SELECT setseed(0.15)", params),
        (
            "users",
            """
            INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
                email, is_staff, is_active, date_joined)
            SELECT '!', false, 'bench-user-' || g, '', '', 'bench-user-' || g || '@example.org',
                false, true, TIMESTAMPTZ '2016-01-01' + g * INTERVAL '1 minute'
            FROM generate_series(1, %(users)s) AS g;
            CREATE TEMP TABLE bench_users AS
                SELECT split_part(username, '-', 3)::int AS n, id
                FROM auth_user WHERE username LIKE 'bench-user-%%';
            CREATE UNIQUE INDEX ON bench_users (n);
            """,
            params,
        ),
        (
            "organisations",
            """
            INSERT INTO requests_app_organisation (name, slug, created_at)
            SELECT 'Bench organisation ' || g, 'bench-org-' || g, now()
            FROM generate_series(1, %(organisations)s) AS g;
            CREATE TEMP TABLE bench_orgs AS
                SELECT split_part(slug, '-', 3)::int AS n, id
                FROM requests_app_organisation WHERE slug LIKE 'bench-org-%%';
            -- The first users are members: user n of organisation 1 + (n - 1) mod count.
            INSERT INTO requests_app_membership (organisation_id, user_id, role)
            SELECT o.id, u.id, CASE WHEN mod(u.n, 5) = 1 THEN 'staff' ELSE 'member' END
            FROM bench_users u
            JOIN bench_orgs o ON o.n = 1 + mod(u.n - 1, %(organisations)s)
            WHERE u.n <= %(members)s;
            """,
            params,
        ),
        (
            "authorities",
            """
            INSERT INTO requests_app_publicauthority (name, slug, authority_type, nation,
                default_regime, email, website, short_name, alternative_names, detailed_type,
                region, register_code, gss_code, govuk_slug, wdtk_url_name, active, ended_on,
                approved)
            SELECT initcap(replace(kind, '_', ' ')) || ' ' || g, 'bench-authority-' || g, kind,
                nation, CASE WHEN nation = 'scotland' THEN 'foisa' ELSE 'foia' END,
                'foi@authority-' || g || '.example.org', '', '', '', '',
                CASE WHEN nation = 'england' THEN (ARRAY['North East', 'North West',
                    'Yorkshire and the Humber', 'East Midlands', 'West Midlands',
                    'East of England', 'London', 'South East', 'South West'])[1 + mod(g, 9)]
                    ELSE '' END,
                '', '', '', '', r3 >= 0.01, CASE WHEN r3 < 0.01 THEN DATE '2023-03-31' END,
                true
            FROM (
                SELECT g, r3,
                    CASE WHEN r1 < 0.40 THEN 'school' WHEN r1 < 0.60 THEN 'local_council'
                         WHEN r1 < 0.72 THEN 'nhs' WHEN r1 < 0.84 THEN 'other'
                         WHEN r1 < 0.90 THEN 'central_government'
                         WHEN r1 < 0.94 THEN 'devolved_government'
                         WHEN r1 < 0.97 THEN 'university' ELSE 'police' END AS kind,
                    CASE WHEN r1 >= 0.84 AND r1 < 0.90 THEN 'uk_wide'
                         WHEN r2 < 0.84 THEN 'england' WHEN r2 < 0.89 THEN 'wales'
                         WHEN r2 < 0.97 THEN 'scotland' ELSE 'northern_ireland' END AS nation
                FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3
                      FROM generate_series(1, %(authorities)s) AS g) AS draws
            ) AS a;
            CREATE TEMP TABLE bench_authorities AS
                SELECT split_part(slug, '-', 3)::int AS n, id, default_regime
                FROM requests_app_publicauthority WHERE slug LIKE 'bench-authority-%%';
            CREATE UNIQUE INDEX ON bench_authorities (n);
            """,
            params,
        ),
        (
            "campaigns",
            """
            INSERT INTO requests_app_campaign (name, slug, description, owner_id,
                organisation_id, created_at)
            SELECT CASE WHEN c = 1 THEN 'Every public body: ' ELSE 'Campaign ' || c || ': ' END
                    || topic,
                'bench-campaign-' || c, 'The same question about ' || topic || ' to many bodies.',
                u.id, CASE WHEN mod(c, 2) = 0 THEN o.id END, launched::timestamptz
            FROM (
                SELECT c, (%(topics)s::text[])[1 + mod(c * 7, cardinality(%(topics)s::text[]))]
                        AS topic,
                    DATE '2017-01-02' + mod(c * 37, 3400) AS launched
                FROM generate_series(1, %(campaigns)s) AS c
            ) AS cs
            JOIN bench_users u ON u.n = cs.c
            JOIN bench_orgs o ON o.n = 1 + mod(cs.c - 1, %(organisations)s);
            CREATE TEMP TABLE bench_campaigns AS
                SELECT split_part(c.slug, '-', 3)::int AS n, c.id, c.owner_id,
                    c.organisation_id, c.created_at::date AS launched, c.name
                FROM requests_app_campaign c WHERE c.slug LIKE 'bench-campaign-%%';
            CREATE UNIQUE INDEX ON bench_campaigns (n);
            """,
            params,
        ),
        (
            "requests",
            # Request g: g mod 40 = 1 (its first big_campaign) goes to the big campaign, each to
            # a different body; g mod 40 = 2 to one of the other campaigns; the rest stand
            # alone, to a body picked with a skew (a few get thousands) by a user picked with
            # a skew (a few write hundreds).
            """
            INSERT INTO requests_app_foirequest (owner_id, organisation_id, authority_id, regime,
                title, text, sent_on, received_on, authority_reference, campaign_id, visibility,
                withdrawn_on, stage, initial_outcome, reply_token, created_at, updated_at)
            SELECT COALESCE(c.owner_id, u.id),
                CASE WHEN c.id IS NOT NULL THEN c.organisation_id
                     WHEN x.user_n <= %(members)s AND x.r5 < 0.5 THEN o.id END,
                a.id,
                CASE WHEN x.r6 < 0.10 THEN
                    CASE WHEN a.default_regime = 'foisa' THEN 'eisr' ELSE 'eir' END
                    ELSE a.default_regime END,
                COALESCE(c.name, initcap(x.topic) || ' in ' || extract(year FROM x.sent)),
                'Please tell me about ' || x.topic || ' for ' || extract(year FROM x.sent)
                    || ': the numbers by month, the money spent and the policy that applies.',
                x.sent, x.sent + x.delay,
                CASE WHEN x.r7 < 0.7 THEN 'FOI-' || x.g ELSE '' END,
                c.id,
                CASE WHEN x.r4 < (CASE WHEN c.id IS NULL THEN 0.88 ELSE 0.98 END)
                    THEN 'public' ELSE 'private' END,
                CASE WHEN x.r7 >= 0.985 THEN LEAST(x.sent + x.delay + 3 + floor(x.r5 * 25)::int,
                    DATE %(cutoff)s) END,
                'awaiting_response', '',
                -- 24 characters of the lowercase base32 alphabet, as ``new_reply_token``.
                translate(left(md5(x.g || ':' || x.r9), 24), '0189', 'wxyz'),
                x.sent::timestamptz, x.sent::timestamptz
            FROM (
                SELECT d.*,
                    (%(topics)s::text[])[1 + floor(d.r8 * cardinality(%(topics)s::text[]))::int]
                        AS topic,
                    CASE WHEN d.campaign_n IS NOT NULL
                        THEN (SELECT launched FROM bench_campaigns WHERE n = d.campaign_n)
                             + mod(d.g, 3)
                        ELSE DATE %(first_day)s
                             + floor((DATE %(cutoff)s - 2 - DATE %(first_day)s)
                                     * power(d.r1, 0.75))::int
                    END AS sent,
                    CASE WHEN d.r9 < 0.8 THEN 0 WHEN d.r9 < 0.95 THEN 1 ELSE 2 END AS delay
                FROM (
                    SELECT g, r1, r2, r3, r4, r5, r6, r7, r8, r9,
                        CASE WHEN mod(g, 40) = 1 AND g / 40 < %(big_campaign)s THEN 1
                             WHEN mod(g, 40) = 2 THEN 2 + mod(g / 40, %(campaigns)s - 1)
                        END AS campaign_n,
                        CASE WHEN mod(g, 40) = 1 AND g / 40 < %(big_campaign)s
                             THEN 1 + mod(g / 40, %(authorities)s)
                             ELSE LEAST(%(authorities)s,
                                        1 + floor(%(authorities)s * power(r2, 1.6))::int)
                        END AS authority_n,
                        LEAST(%(users)s, 1 + floor(%(users)s * power(r3, 2))::int) AS user_n
                    FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3,
                            random() AS r4, random() AS r5, random() AS r6, random() AS r7,
                            random() AS r8, random() AS r9
                          FROM generate_series(1, %(requests)s) AS g) AS draws
                ) AS d
            ) AS x
            JOIN bench_authorities a ON a.n = x.authority_n
            JOIN bench_users u ON u.n = x.user_n
            LEFT JOIN bench_orgs o ON o.n = 1 + mod(x.user_n - 1, %(organisations)s)
            LEFT JOIN bench_campaigns c ON c.n = x.campaign_n
            ORDER BY x.g
            """,
            params,
        ),
        (
            "plan",
            # One row of draws per request that is not withdrawn: the events below read them,
            # so they agree (a clarification never answered means no substantive answer).
            """
            CREATE TEMP TABLE bench_plan AS
            SELECT p.*,
                -- The clock (re)starts when the clarification is answered.
                CASE WHEN clarification THEN asked_on + 1 + floor(r_clar_gap * 14)::int
                     ELSE received_on END AS clock_on
            FROM (
                SELECT f.id, f.received_on, f.regime, f.authority_reference,
                    r_clar < 0.04 AS clarification, r_clar < 0.006 AS clar_pending,
                    f.received_on + 2 + floor(r_clar_gap * 6)::int AS asked_on,
                    r_ans, r_lag, r_out, r_ack, r_ext, r_fee, r_clar_gap, r_review, r_text
                FROM (SELECT id, received_on, regime, authority_reference, withdrawn_on,
                        random() AS r_ans, random() AS r_lag, random() AS r_out,
                        random() AS r_ack, random() AS r_ext, random() AS r_fee,
                        random() AS r_clar, random() AS r_clar_gap, random() AS r_review,
                        random() AS r_text
                      FROM requests_app_foirequest ORDER BY id) AS f
                WHERE f.withdrawn_on IS NULL
            ) AS p;
            """,
            params,
        ),
        (
            "responses",
            """
            INSERT INTO requests_app_response (request_id, received_on, kind, outcome,
                clarification_received_on, fee_amount, fee_paid_on, reference, letter_text,
                attachment, created_at)
            SELECT id, day, kind, '', CASE WHEN clarified <= DATE %(cutoff)s THEN clarified END,
                amount, CASE WHEN paid <= DATE %(cutoff)s THEN paid END, authority_reference, '',
                '', day::timestamptz
            FROM (
                SELECT id, authority_reference, received_on + 1 + floor(r_ack * 6)::int AS day,
                    'acknowledgement' AS kind, NULL::date AS clarified,
                    NULL::numeric AS amount, NULL::date AS paid
                FROM bench_plan WHERE r_ack < 0.46
                UNION ALL
                SELECT id, authority_reference, asked_on, 'clarification_request',
                    CASE WHEN NOT clar_pending THEN clock_on END, NULL, NULL
                FROM bench_plan WHERE clarification
                UNION ALL
                SELECT id, authority_reference, clock_on + 5 + floor(r_fee * 400)::int,
                    'fees_notice', NULL, 25 + floor(r_fee * 40000)::int,
                    CASE WHEN r_fee < 0.012 THEN clock_on + 12 + floor(r_fee * 900)::int END
                FROM bench_plan WHERE r_fee < 0.02
                UNION ALL
                SELECT id, authority_reference, clock_on + 14 + floor(r_ext * 100)::int,
                    'extension_notice', NULL, NULL, NULL
                FROM bench_plan WHERE r_ext < 0.05
            ) AS events
            WHERE day <= DATE %(cutoff)s;

            -- The first substantive answer: most within four weeks, a fifth late.
            INSERT INTO requests_app_response (request_id, received_on, kind, outcome,
                reference, letter_text, attachment, created_at)
            SELECT id, day, 'substantive',
                CASE WHEN r_out < 0.38 THEN 'granted' WHEN r_out < 0.60 THEN 'partial'
                     WHEN r_out < 0.90 THEN 'refused' WHEN r_out < 0.98 THEN 'not_held'
                     ELSE 'ncnd' END,
                authority_reference,
                CASE WHEN r_text < 0.5 THEN 'Thank you for your request. We have considered it '
                    || 'under the Act and our decision is set out below.' ELSE '' END,
                '', day::timestamptz
            FROM (
                SELECT *, clock_on + CASE WHEN r_lag < 0.8 THEN 3 + floor(r_lag * 31)::int
                                          ELSE 28 + floor((r_lag - 0.8) * 450)::int END AS day
                FROM bench_plan
                WHERE r_ans < 0.91 AND NOT clar_pending
            ) AS answered
            WHERE day <= DATE %(cutoff)s;
            """,
            params,
        ),
        (
            "reviews",
            # Asked for after a fifth of refusals and a fiftieth of the rest.
            """
            INSERT INTO requests_app_internalreview (request_id, requested_on, decided_on,
                outcome, notes, created_at)
            SELECT request_id, requested, decided,
                CASE WHEN decided IS NULL THEN ''
                     WHEN r2 < 0.62 THEN 'upheld' WHEN r2 < 0.85 THEN 'partially_overturned'
                     ELSE 'overturned' END,
                '', requested::timestamptz
            FROM (
                SELECT request_id, requested, r2,
                    CASE WHEN r1 < 0.87 AND requested + 15 + floor(r2 * 40)::int
                                            <= DATE %(cutoff)s
                         THEN requested + 15 + floor(r2 * 40)::int END AS decided
                FROM (
                    SELECT s.request_id, s.received_on + 5 + floor(p.r_review * 150)::int
                            AS requested, random() AS r1, random() AS r2
                    FROM requests_app_response s JOIN bench_plan p ON p.id = s.request_id
                    WHERE s.kind = 'substantive'
                      AND p.r_review < CASE WHEN s.outcome IN ('partial', 'refused', 'ncnd')
                                            THEN 0.20 ELSE 0.02 END
                ) AS asked
                WHERE requested <= DATE %(cutoff)s
            ) AS reviews;
            """,
            params,
        ),
        (
            "complaints",
            """
            INSERT INTO requests_app_regulatorcomplaint (request_id, regulator, submitted_on,
                reference, decided_on, outcome, created_at)
            SELECT request_id, regulator, submitted, reference, decided,
                CASE WHEN decided IS NULL THEN ''
                     ELSE (ARRAY['upheld', 'partially_upheld', 'not_upheld', 'withdrawn',
                                 'resolved_informally'])[1 + floor(r3 * 5)::int] END,
                submitted::timestamptz
            FROM (
                SELECT request_id, regulator, submitted, r3, reference,
                    CASE WHEN r2 < 0.65 AND submitted + 60 + floor(r3 * 200)::int
                                            <= DATE %(cutoff)s
                         THEN submitted + 60 + floor(r3 * 200)::int END AS decided
                FROM (
                    SELECT v.request_id, v.decided_on + 5 + floor(random() * 60)::int
                            AS submitted,
                        CASE WHEN f.regime IN ('foisa', 'eisr') THEN 'sic' ELSE 'ico' END
                            AS regulator,
                        CASE WHEN f.regime IN ('foisa', 'eisr') THEN 'SIC-' ELSE 'IC-' END
                            || v.id AS reference,
                        random() AS r1, random() AS r2, random() AS r3
                    FROM requests_app_internalreview v
                    JOIN requests_app_foirequest f ON f.id = v.request_id
                    WHERE v.outcome IN ('upheld', 'partially_overturned')
                ) AS c
                WHERE r1 < 0.145 AND submitted <= DATE %(cutoff)s
            ) AS complaints;
            """,
            params,
        ),
        (
            "second answers",
            # A fresh answer after a review overturned the refusal, and a few further letters.
            """
            INSERT INTO requests_app_response (request_id, received_on, kind, outcome,
                reference, letter_text, attachment, created_at)
            SELECT request_id, day, 'substantive', outcome, '', '', '', day::timestamptz
            FROM (
                SELECT request_id, decided_on + 5 + floor(random() * 15)::int AS day,
                    CASE WHEN outcome = 'overturned' THEN 'granted' ELSE 'partial' END
                        AS outcome
                FROM requests_app_internalreview
                WHERE outcome IN ('overturned', 'partially_overturned')
                UNION ALL
                SELECT s.request_id, s.received_on + 30 + floor(p.r_text * 90)::int,
                    CASE WHEN p.r_text < 0.5 THEN 'granted' ELSE 'partial' END
                FROM requests_app_response s JOIN bench_plan p ON p.id = s.request_id
                WHERE s.kind = 'substantive' AND p.r_lag * 1000 - floor(p.r_lag * 1000) < 0.04
            ) AS later
            WHERE day <= DATE %(cutoff)s;
            """,
            params,
        ),
        (
            "citations",
            # 1-4 exemptions of the request's regime per withholding answer, a run starting
            # near the most cited; the public interest test for qualified ones.
            """
            CREATE TEMP TABLE bench_exemptions AS
                SELECT regime, (row_number() OVER (PARTITION BY regime ORDER BY
                        array_position(%(popular)s::text[], code::text) NULLS LAST, id)) - 1
                        AS idx,
                    count(*) OVER (PARTITION BY regime) AS size, id, section, absolute
                FROM requests_app_exemption;
            CREATE UNIQUE INDEX ON bench_exemptions (regime, idx);
            INSERT INTO requests_app_exemptioncitation (response_id, exemption_id, cited_as,
                subsection, public_interest_test, ncnd)
            SELECT s.id, e.id,
                CASE WHEN s.regime IN ('eir', 'eisr') THEN 'Regulation ' ELSE 'Section ' END
                    || e.section,
                '', NOT e.absolute AND s.r_pit < 0.8, s.outcome = 'ncnd'
            FROM (
                SELECT r.id, r.outcome, f.regime, random() AS r_pit,
                    CASE WHEN r1 < 0.2 THEN 1 WHEN r1 < 0.5 THEN 2 WHEN r1 < 0.8 THEN 3
                         ELSE 4 END AS cited,
                    r2
                FROM (SELECT id, request_id, outcome, random() AS r1, random() AS r2
                      FROM requests_app_response
                      WHERE kind = 'substantive' AND outcome IN ('partial', 'refused', 'ncnd'))
                    AS r
                JOIN requests_app_foirequest f ON f.id = r.request_id
            ) AS s
            CROSS JOIN LATERAL generate_series(0, s.cited - 1) AS j
            JOIN bench_exemptions e ON e.regime = s.regime
                AND e.idx = mod(floor(e.size * power(s.r2, 2.5))::int + j, e.size);
            """,
            params,
        ),
    ]


# Tables the generator fills, emptied before a run (a dedicated database).
GENERATED_TABLES = [
    "requests_app_foirequest",
    "requests_app_campaign",
    "requests_app_publicauthority",
    "requests_app_organisation",
    "auth_user",
]


def generate(
    requests: int,
    *,
    say: Callable[[str], object] = print,
    batch_size: int = 10_000,
) -> dict[str, int]:
    """Fill the current database (``django.db.connection``) with the national dataset scaled
    to ``requests``; returns the row counts. Expects tables without other bench rows."""
    from django.db import connection, transaction

    from requests_app.models import FOIRequest
    from requests_app.services.deadlines_bulk import deadlines_recompute_bulk

    counts = sizes(requests)
    with connection.cursor() as cursor:
        deferred = _secondary_indexes(cursor)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Built once at the end, in bulk, rather than entry by entry on every insert and
            # again on every row the deadline recompute rewrites.
            for name, _ in deferred:
                cursor.execute(f'DROP INDEX "{name}"')
            for label, sql, params in _statements(counts):
                started = time.perf_counter()
                cursor.execute(sql, params)
                if label != "seed":
                    say(f"  {label}: {time.perf_counter() - started:.1f} s")
            for table in ("users", "orgs", "authorities", "campaigns", "plan", "exemptions"):
                cursor.execute(f"DROP TABLE bench_{table}")
            cursor.execute("ANALYZE")

        started = time.perf_counter()
        deadlines_recompute_bulk(FOIRequest.objects.all(), batch_size=batch_size)
        say(f"  deadlines: {time.perf_counter() - started:.1f} s")
    finally:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are checked at commit; an index cannot be built with checks pending
            # (a caller's open transaction: the tests).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in deferred:
                cursor.execute(definition)
        say(f"  {len(deferred)} indexes: {time.perf_counter() - started:.1f} s")
    _rebuild_summaries(say)
    return table_counts()


# The tables filled; their indexes that enforce nothing are dropped while loading, except
# those leading with request_id, by which the deadline recompute reads each batch's events.
_LOADED = (
    "requests_app_foirequest",
    "requests_app_response",
    "requests_app_exemptioncitation",
    "requests_app_internalreview",
    "requests_app_regulatorcomplaint",
)


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index to build after loading."""
    cursor.execute(
        """
        SELECT c.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          AND NOT (i.indrelid::regclass::text <> 'requests_app_foirequest'
                   AND a.attname IS NOT DISTINCT FROM 'request_id')
        ORDER BY c.relname
        """,
        [list(_LOADED)],
    )
    return cursor.fetchall()


def _rebuild_summaries(say: Callable[[str], object]) -> None:
    """Anything the app stores beside the base tables is rebuilt from them, as after a
    restore (the rows above were loaded around the services)."""
    from requests_app.services.search_documents import search_documents_rebuild
    from requests_app.services.summary_rebuild import summaries_rebuild

    started = time.perf_counter()
    summarised = summaries_rebuild()
    say(f"  statistics summary ({summarised:,} requests): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    documents = search_documents_rebuild()
    say(f"  search documents ({documents:,}): {time.perf_counter() - started:.1f} s")


def table_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from requests_app.models import (
        Campaign,
        ExemptionCitation,
        FOIRequest,
        InternalReview,
        Membership,
        Organisation,
        PublicAuthority,
        RegulatorComplaint,
        Response,
    )

    models = {
        "requests": FOIRequest,
        "authorities": PublicAuthority,
        "responses": Response,
        "citations": ExemptionCitation,
        "reviews": InternalReview,
        "complaints": RegulatorComplaint,
        "campaigns": Campaign,
        "users": get_user_model(),
        "organisations": Organisation,
        "memberships": Membership,
    }
    return {name: model.objects.count() for name, model in models.items()}


def database_url(name: str) -> str:
    """``DATABASE_URL`` with its database name replaced by ``name``."""
    from urllib.parse import urlsplit, urlunsplit

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    with psycopg.connect(
        host=config.get("HOST") or "localhost",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        name = config["NAME"]
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--database", default="bench1m", help="PostgreSQL database name")
    parser.add_argument("--batch-size", type=int, default=10_000)
    args = parser.parse_args()

    url = database_url(args.database)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if set(GENERATED_TABLES) <= set(connection.introspection.table_names()):
        # Emptied before migrating: a migration that fills a new column row by row would
        # otherwise walk the old million rows.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(GENERATED_TABLES)} RESTART IDENTITY CASCADE")
    call_command("migrate", verbosity=0)
    print(f"Generating {args.requests:,} requests into {args.database}...", flush=True)
    counts = generate(args.requests, batch_size=args.batch_size, say=lambda s: print(s, flush=True))
    with connection.cursor() as cursor:
        # The recompute rewrote every request: reclaim the old row versions, refresh the
        # visibility map (index-only scans) and the planner's statistics.
        cursor.execute("VACUUM ANALYZE")
    print(f"Done in {time.perf_counter() - started:.0f} s:")
    for name, count in counts.items():
        print(f"  {name}: {count:,}")


if __name__ == "__main__":
    main()

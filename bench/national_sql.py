"""The national dataset's SQL (bench/generate_national.py runs it): its sizes for a number of
requests, and the ``INSERT ... SELECT generate_series`` statements that make every row, each
with its label and parameters, in the order they run."""

from __future__ import annotations

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


def statements(n: dict[str, int]) -> list[tuple[str, str, dict]]:
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

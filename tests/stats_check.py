"""The check every summary test makes: the statistics read from the summary equal the
statistics computed the old way from the base tables, and the kept rows equal a rebuild."""

from __future__ import annotations

import datetime

from django.db import connection

from requests_app.models import AuthorityRefusalSummary, RequestExemptionSummary, RequestSummary
from requests_app.selectors.stats import GroupBy, StatsFilters, exemption_stats, refusal_stats
from requests_app.services.summary_rebuild import summaries_rebuild
from tests import stats_oracle
from tests.search_check import assert_search_documents_are_right

# On PostgreSQL ``refusal_stats`` by authority with a filter first raises the sort memory
# (set_config work_mem): one more query than on SQLite.
SORT_MEMORY_QUERY = int(connection.vendor == "postgresql")

SUMMARY_FIELDS = [
    f.attname for f in RequestSummary._meta.concrete_fields if f.name != "refreshed_at"
]
EXEMPTION_FIELDS = [
    f.attname for f in RequestExemptionSummary._meta.concrete_fields if f.name != "id"
]


def summary_rows() -> tuple[list, list, list]:
    return (
        sorted(RequestSummary.objects.values_list(*SUMMARY_FIELDS)),
        sorted(RequestExemptionSummary.objects.values_list(*EXEMPTION_FIELDS)),
        sorted(AuthorityRefusalSummary.objects.values_list()),
    )


def assert_summary_matches_rebuild() -> None:
    kept = summary_rows()
    # Emptied and refilled, never compared: a rebuild that writes only the rows it finds
    # changed would hide a kept row it wrongly finds unchanged.
    summaries_rebuild(full=True)
    assert summary_rows() == kept


def assert_stats_match_base_tables(filter_sets: list[StatsFilters], today: datetime.date) -> None:
    for filters in filter_sets:
        for group_by in GroupBy:
            assert refusal_stats(group_by, filters, today) == stats_oracle.refusal_stats(
                group_by, filters, today
            ), (group_by, filters)
        assert exemption_stats(filters) == stats_oracle.exemption_stats(filters), filters
        assert exemption_stats(filters, catalogue=True) == stats_oracle.exemption_stats(
            filters, catalogue=True
        ), filters


def assert_summary_is_right(filter_sets: list[StatsFilters], today: datetime.date) -> None:
    # Figures first: the rebuild would hide a stale row from them.
    assert_stats_match_base_tables(filter_sets, today)
    # The search documents are kept by the same refresh, after the same events.
    assert_search_documents_are_right()
    assert_summary_matches_rebuild()

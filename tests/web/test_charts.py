"""Geometry of the server-side SVG interval chart."""

from requests_app.web.charts import interval_chart


def test_bars_and_whiskers_are_placed_on_the_scale():
    chart = interval_chart(
        [
            {"label": "s24", "rate": 0.25, "ci_low": 0.1, "ci_high": 0.5},
            {"label": "s40", "rate": 0.05, "ci_low": 0.01, "ci_high": 0.2},
        ],
        width=700,
        label_width=200,
    )
    assert chart is not None
    # The axis ends at the largest upper bound rounded up to a tenth: 50%.
    assert [t.text for t in chart.ticks] == ["0%", "10%", "20%", "30%", "40%", "50%"]
    left, width = chart.plot_left, chart.plot_width
    s24, s40 = chart.bars
    assert s24.bar_width == round(width * 0.25 / 0.5, 1)
    assert (s24.low_x, s24.high_x) == (round(left + width * 0.2, 1), left + width)
    assert s40.y > s24.y and s40.text == "5% (1%–20%)"
    assert chart.height == 6 + 2 * chart.row_height + 40


def test_rows_without_a_rate_are_left_out_and_empty_gives_none():
    assert interval_chart([]) is None
    assert interval_chart([{"label": "x", "rate": None}]) is None
    chart = interval_chart([{"label": "tiny", "rate": 0.001, "ci_low": None, "ci_high": None}])
    # A tiny rate still gets an axis of at least 10%.
    assert chart.ticks[-1].text == "10%"
    assert chart.bars[0].low_x == chart.bars[0].high_x

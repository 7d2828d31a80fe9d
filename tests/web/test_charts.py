"""Geometry of the server-side SVG interval chart."""

from requests_app.web.charts import fit_label, interval_chart, text_width


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


def test_a_label_too_long_for_the_margin_is_cut_at_a_word_with_an_ellipsis():
    label = "EIR reg 12(5)(e) Confidentiality of commercial or industrial information"
    short = fit_label(label, 248, 13)
    assert short == "EIR reg 12(5)(e) Confidentiality…"
    assert text_width(short, 13) <= 248
    assert fit_label("FOIA s40 Personal information", 248, 13) == "FOIA s40 Personal information"


def test_a_label_without_spaces_is_cut_at_a_character():
    short = fit_label("W" * 60, 100, 13)
    assert short == "W" * 6 + "…" and text_width(short, 13) <= 100


def test_every_bar_carries_its_full_and_its_fitted_label():
    long = "FOIA s12 Cost of compliance exceeds appropriate limit"
    chart = interval_chart([{"label": long, "rate": 0.5, "ci_low": 0.2, "ci_high": 0.8}])
    [bar] = chart.bars
    assert bar.label == long
    assert bar.short_label == fit_label(long, chart.label_x - 4, chart.font_size)
    assert chart.label_x - text_width(bar.short_label, chart.font_size) >= 4

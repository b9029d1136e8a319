"""Chart geometry: bars to scale from zero, labels that never overlap."""

from roundtable.attendance import charts


def test_bars_are_to_scale_from_the_baseline():
    chart = charts.bar_chart("T", ["a", "b"], ["x", "y"], [[4, 2], [0, 1]])
    heights = [round(b.height, 3) for b in chart.bars]
    assert heights == [charts.HEIGHT, charts.HEIGHT / 2, 0, charts.HEIGHT / 4]
    baseline = charts.TOP + charts.HEIGHT
    assert all(round(b.y + b.height, 6) == baseline for b in chart.bars)
    assert [b.title for b in chart.bars][:2] == ["a: 4 x", "a: 2 y"]


def test_labels_are_thinned_to_stay_apart():
    groups = [f"16:{m:02d}" for m in range(0, 60, 5)] * 3
    chart = charts.bar_chart("T", groups, ["x", "y"], [[1, 1]] * len(groups), bar=10, gap=8)
    xs = [x for x, _ in chart.x_labels]
    assert len(xs) < len(groups)
    assert all(b - a >= charts.LABEL_SPACE for a, b in zip(xs, xs[1:], strict=False))


def test_an_all_zero_chart_still_has_a_scale():
    chart = charts.bar_chart("T", ["a"], ["x"], [[0]])
    assert chart.y_ticks and all(b.height == 0 for b in chart.bars)


def test_the_top_gridline_is_at_or_above_the_tallest_bar():
    from roundtable.attendance.charts import bar_chart

    chart = bar_chart("Attendance", ["Registered"], ["In person", "Online"], [[34, 46]])
    assert max(label for _, label in chart.y_ticks) >= 46
    tallest = max(bar.height for bar in chart.bars)
    top_line = min(y for y, _ in chart.y_ticks)
    assert min(bar.y for bar in chart.bars if bar.height == tallest) >= top_line


def test_named_groups_are_all_labelled_and_never_overlap_in_spanish():
    names = ["Registrados", "Confirmados", "Asistieron", "Inasistencias", "Sin registro previo"]
    chart = charts.bar_chart("T", names, ["Presencial", "En línea"], [[3, 2]] * 5, bar=24,
                             gap=40, every_label=True)
    assert [lines for _, lines in chart.x_labels][-1] == ["Sin registro", "previo"]
    spans = [(x - charts.label_width(lines) / 2, x + charts.label_width(lines) / 2)
             for x, lines in chart.x_labels]
    assert len(spans) == len(names)
    pairs = zip(spans, spans[1:], strict=False)
    assert all(right <= next_left for (_, right), (next_left, _) in pairs)

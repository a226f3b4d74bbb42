#include "WeeklyChart.h"

#include "money/Money.h"
#include "report/PaidHistory.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QVBoxLayout>
#include <QValueAxis>

WeeklyChart::WeeklyChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("weeklyChart"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    auto *label = new QLabel(tr("Paid per week in:"), this);
    m_currency = new QComboBox(this);
    m_currency->setObjectName(QStringLiteral("chartCurrency"));
    m_currency->setAccessibleName(tr("Chart currency"));
    label->setBuddy(m_currency);
    top->addWidget(label);
    top->addWidget(m_currency);
    top->addStretch();
    layout->addLayout(top);

    m_view = new QChartView(new QChart, this);
    m_view->setObjectName(QStringLiteral("weeklyChartView"));
    m_view->setAccessibleName(tr("Amounts paid per week"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(180);
    m_view->chart()->legend()->hide();
    layout->addWidget(m_view, 1);
    m_empty = new QLabel(tr("Nothing has been paid yet."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_empty);

    connect(m_currency, &QComboBox::currentIndexChanged, this, &WeeklyChart::rebuild);
    rebuild();
}

QChart *WeeklyChart::chart() const
{
    return m_view->chart();
}

QString WeeklyChart::currency() const
{
    return m_currency->currentData().toString();
}

void WeeklyChart::setEntries(const QList<Entry> &paid, const QDate &today)
{
    m_paid = paid;
    m_today = today;
    QMap<QString, int> payments;
    for (const Entry &e : paid)
        ++payments[e.amount.currency];
    const QStringList currencies = payments.keys();
    // Keep the shown currency; at first, the one most payments were in.
    QString keep = currency();
    if (keep.isEmpty() || !payments.contains(keep)) {
        keep.clear();
        for (auto it = payments.cbegin(); it != payments.cend(); ++it)
            if (keep.isEmpty() || it.value() > payments.value(keep))
                keep = it.key();
    }
    {
        const QSignalBlocker block(m_currency);
        m_currency->clear();
        for (const QString &c : std::as_const(currencies))
            m_currency->addItem(c.toUpper(), c);
        const int at = m_currency->findData(keep);
        m_currency->setCurrentIndex(at >= 0 ? at : 0);
    }
    m_currency->setEnabled(currencies.size() > 1);
    rebuild();
}

QStringList WeeklyChart::weekLabels() const
{
    return m_weekAxis ? m_weekAxis->categories() : QStringList();
}

void WeeklyChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitWeekLabels();
}

void WeeklyChart::fitWeekLabels()
{
    if (!m_weekAxis || m_weeks.isEmpty())
        return;
    // The plot takes most of the view's width; its margins and the value
    // axis take the rest (at least 120 px).
    const int plot = m_view->width() - qMax(120, m_view->width() / 8);
    const int room = plot / int(m_weeks.size());
    const QFontMetrics metrics(m_weekAxis->labelsFont());
    const auto fits = [&](const QStringList &labels) {
        int widest = 0;
        for (const QString &label : labels)
            widest = qMax(widest, metrics.horizontalAdvance(label));
        // Qt Charts cuts a label that comes close to its neighbour.
        return widest + metrics.averageCharWidth() * 4 <= room;
    };
    // Slanting does not help: Qt Charts cuts a label to its category's
    // width whatever its angle.
    const QStringList &labels = fits(m_weeks) ? m_weeks : m_weeksShort;
    if (m_weekAxis->categories() != labels) {
        // Same count, new texts: the bars stay where they are.
        for (int i = 0; i < labels.size(); ++i)
            m_weekAxis->replace(m_weekAxis->at(i), labels.at(i));
    }
}

void WeeklyChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LocaleChange)
        rebuild();
}

void WeeklyChart::rebuild()
{
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    // removeAllSeries() deletes the series, but removeAxis() only hands the
    // axis back: without the delete every rebuild leaked two axes (LSan).
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    // Follow the window's palette, so the chart reads in a dark theme too.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette().brush(QPalette::Base));
    chart->setTitleBrush(palette().brush(QPalette::Text));

    m_weekAxis = nullptr;
    m_weeks.clear();
    m_weeksShort.clear();
    const QString code = currency();
    m_barsMinor.clear();
    const bool empty = code.isEmpty() || !m_today.isValid();
    m_view->setVisible(!empty);
    m_empty->setVisible(empty);
    if (empty)
        return;

    const WeeklyTotals weekly = PaidHistory::weekly(m_paid, m_today, kWeeks);
    m_barsMinor = weekly.minorByCurrency.value(code, QList<qint64>(kWeeks, 0));
    const int digits = Currency::minorDigits(code).value_or(2);
    qint64 unit = 1;
    for (int i = 0; i < digits; ++i)
        unit *= 10;

    auto *set = new QBarSet(code.toUpper());
    set->setColor(palette().color(QPalette::Highlight));
    qint64 maxMinor = 0;
    for (const qint64 minor : std::as_const(m_barsMinor)) {
        // The one place a money value becomes a qreal: the bar's height on
        // screen. Sums, totals and labels stay integer minor units.
        *set << qreal(minor) / qreal(unit);
        maxMinor = qMax(maxMinor, minor);
    }
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);

    QStringList weeks;
    for (const QDate &monday : weekly.weeks) {
        weeks << locale().toString(monday, tr("d MMM", "week start on the chart axis"));
        m_weeksShort << locale().toString(
            monday, tr("d/M", "week start on the chart axis, in a narrow window"));
    }
    auto *x = new QBarCategoryAxis;
    x->append(weeks);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    m_weekAxis = x;
    m_weeks = weeks;
    fitWeekLabels();
    auto *y = new QValueAxis;
    // The axis top is a whole number of major units; its labels are drawing
    // aids, the exact amounts are in the list above.
    y->setRange(0, qreal(qMax<qint64>(1, (maxMinor + unit - 1) / unit)));
    y->setLabelFormat(QStringLiteral("%.0f"));
    // No axis title: the currency is chosen just above the chart, and a
    // title would take the room the bars need in a small window.
    y->applyNiceNumbers();
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->setTitle(tr("Paid per week, last %n week(s)", nullptr, kWeeks));
}

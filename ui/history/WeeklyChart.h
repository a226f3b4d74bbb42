#pragma once

#include "ledger/LedgerTypes.h"

#include <QWidget>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QLabel;

// A bar chart of the amounts paid per week, one currency at a time (amounts
// in different currencies do not share an axis). The sums are integer minor
// units (PaidHistory::weekly); only the bar heights handed to Qt Charts are
// qreal, for drawing.
class WeeklyChart final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kWeeks = 12;

    explicit WeeklyChart(QWidget *parent = nullptr);

    // The paid entries and the day the chart ends with (today).
    void setEntries(const QList<Entry> &paid, const QDate &today);
    QString currency() const;
    // The chart's bars for the current currency, in minor units, oldest week
    // first (what the chart draws, before conversion).
    const QList<qint64> &barsMinor() const { return m_barsMinor; }
    QChart *chart() const;

    // The week labels as drawn: "14 Sept" when each fits under its bar, in a
    // narrow window "14/9" ("14.9" in German) rather than "14 …".
    QStringList weekLabels() const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void fitWeekLabels();

    QList<Entry> m_paid;
    QDate m_today;
    QList<qint64> m_barsMinor;
    QStringList m_weeks;
    QStringList m_weeksShort;
    QBarCategoryAxis *m_weekAxis = nullptr;
    QComboBox *m_currency = nullptr;
    QChartView *m_view = nullptr;
    QLabel *m_empty = nullptr;
};

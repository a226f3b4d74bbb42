#pragma once

#include <QWidget>

class Clock;
class DialogPrompter;
class HistoryModel;
class Ledger;
class LedgerWatcher;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class WeeklyChart;

// History: what has been paid, grouped by Stripe transfer, a chart of the
// amounts paid per week, and a CSV export of the transfers as shown. Like
// the scheduled view it refreshes live, or when shown if it was hidden.
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    HistoryView(Ledger &ledger, LedgerWatcher &watcher, Clock &clock, DialogPrompter &prompter,
                QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    HistoryModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    WeeklyChart *chart() const { return m_chart; }

public Q_SLOTS:
    void refresh();
    // Asks where to save (through the prompter) and writes the CSV; returns
    // false when cancelled or on a write error (which is shown).
    bool exportCsv();

Q_SIGNALS:
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onLedgerChanged();

    Ledger &m_ledger;
    Clock &m_clock;
    DialogPrompter &m_prompter;
    QString m_artist;
    bool m_stale = false;
    HistoryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_tree = nullptr;
    WeeklyChart *m_chart = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_export = nullptr;
};

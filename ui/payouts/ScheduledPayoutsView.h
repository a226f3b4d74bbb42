#pragma once

#include <QWidget>

class AsyncLedgerReader;
class Clock;
class EmptyState;
class LedgerReader;
class LedgerWatcher;
class ProcessingInfoWidget;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class ScheduledEntriesModel;
class Settings;

// The artist's first view, "Scheduled Payouts": what is still to be paid,
// large (one total per currency), what is on hold, the entries themselves
// and the processing info. It follows the ledger live: LedgerWatcher
// reports this process's commits and other processes' alike; a hidden view
// only notes that it is stale and refreshes when it is shown again.
class ScheduledPayoutsView final : public QWidget
{
    Q_OBJECT
public:
    // reader: the GUI thread's connection, for this view's bounded reads (one
    // artist's balances and a page of entries).
    ScheduledPayoutsView(LedgerReader &reader, LedgerWatcher &watcher, Settings &settings,
                         Clock &clock, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    // Where the "Last paid" line is read, off the GUI thread; without one it
    // is read on this thread's reader (tests).
    void setAsyncReader(AsyncLedgerReader *reader);
    const QString &artist() const { return m_artist; }
    ProcessingInfoWidget *processingInfo() const { return m_info; }
    ScheduledEntriesModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void refreshed();
    // "Try the demo" was pressed in the first-run state (no artist chosen).
    void demoRequested();

public:
    // The least height the view needs at a width (its tables shrink first),
    // not the height it would like: the window's scroll area scrolls only
    // when the view cannot fit.
    int heightForWidth(int width) const override;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onLedgerChanged();
    void showError(const QString &message);
    void showLastPaid(qint64 paidEntries);

    LedgerReader &m_reader;
    AsyncLedgerReader *m_async = nullptr;
    QString m_artist;
    bool m_stale = false;
    ScheduledEntriesModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_caption = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_lastPaid = nullptr;
    QLabel *m_warning = nullptr;
    EmptyState *m_empty = nullptr;
    QLabel *m_held = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_tryDemo = nullptr;
    ProcessingInfoWidget *m_info = nullptr;
};

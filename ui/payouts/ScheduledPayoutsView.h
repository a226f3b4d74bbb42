#pragma once

#include <QWidget>

class AsyncLedgerReader;
class Clock;
class EmptyState;
class QGridLayout;
class LedgerReader;
class LedgerWatcher;
class NextPayoutCard;
class ProcessingInfoWidget;
class ScheduleSource;
class SummaryCard;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class ScheduledEntriesModel;
class Settings;

// The artist's first view, "Scheduled Payouts": a row of summary cards (to
// be paid, one line per currency; on hold, with why; the next payout with a
// live countdown and the engine's mode; paid this month, with the last
// payout), then the entries with a status chip and a line saying why each
// is not paid yet and when it will be, then the processing info. It follows the ledger live:
// LedgerWatcher reports this process's commits and other processes' alike; a hidden view only notes
// that it is stale and refreshes when it is shown again.
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
    // Where the next run comes from, for the processing info, the Next
    // payout card and every row's "when" (null: none known).
    void setScheduleSource(ScheduleSource *source);
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
    // "Connect to My Store" was pressed in the first-run state.
    void connectStoreRequested();

public:
    // The least height the view needs at a width (its tables shrink first),
    // not the height it would like: the window's scroll area scrolls only
    // when the view cannot fit.
    int heightForWidth(int width) const override;

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onLedgerChanged();
    void showError(const QString &message);
    void showLastPaid(qint64 paidEntries);
    void onNextRunChanged();
    void fitCards();
    // Four cards in a row, or two rows of two in a narrow view.
    void arrangeCards(int columns);

    LedgerReader &m_reader;
    Clock &m_clock;
    AsyncLedgerReader *m_async = nullptr;
    QString m_artist;
    bool m_stale = false;
    ScheduledEntriesModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_caption = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_lastPaid = nullptr;
    QLabel *m_paidMonth = nullptr;
    QLabel *m_heldAmount = nullptr;
    SummaryCard *m_dueCard = nullptr;
    SummaryCard *m_heldCard = nullptr;
    SummaryCard *m_paidCard = nullptr;
    NextPayoutCard *m_nextCard = nullptr;
    QGridLayout *m_cards = nullptr;
    int m_cardColumns = 0;
    QLabel *m_warning = nullptr;
    EmptyState *m_empty = nullptr;
    QLabel *m_held = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_tryDemo = nullptr;
    QPushButton *m_connectStore = nullptr;
    ProcessingInfoWidget *m_info = nullptr;
};

#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class AdminActions;
class ArtistTotalsModel;
class AsyncLedgerReader;
class CleanupRunner;
class DialogPrompter;
class LedgerWatcher;
class LinkArtistForm;
class PayoutControls;
class EmptyState;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QuarantineModel;
class QuarantinePanel;
class RunControl;

// The admin's view: every artist's totals, payout runs (Pay Out Now with
// progress, Cleanup), quarantined events with Replay, and linking an
// artist to a connected account. Choosing an artist row shows that
// artist's scheduled payouts and history (artistChosen). Totals and the
// quarantine are read on AsyncLedgerReader's thread (every artist of a
// large ledger takes tens of milliseconds); only the merge happens here.
class AdminView final : public QWidget
{
    Q_OBJECT
public:
    AdminView(AsyncLedgerReader &reader, LedgerWatcher &watcher, AdminActions &actions,
              DialogPrompter &prompter, QWidget *parent = nullptr);

    void setRunControl(RunControl *runs);
    void setCleanupRunner(CleanupRunner *cleanup);
    ArtistTotalsModel *totalsModel() const { return m_totals; }
    QuarantineModel *quarantineModel() const { return m_quarantine; }
    QTableView *totalsTable() const { return m_table; }
    PayoutControls *payoutControls() const { return m_controls; }
    // From a read request until its result is shown.
    bool isLoading() const { return m_loading; }

public Q_SLOTS:
    // Reads everything now, without the live refreshes' spacing (shown, F5,
    // after a link or a replay); refreshed() follows once it is shown.
    void refresh();

Q_SIGNALS:
    void artistChosen(const QString &artist);
    void refreshed();

public:
    // The least height the view needs at a width (its tables shrink first),
    // not the height it would like: the window's scroll area scrolls only
    // when the view cannot fit.
    int heightForWidth(int width) const override;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Snapshot;
    void onLedgerChanged();
    void request();
    void onCurrentRowChanged();
    // A live refresh, spaced by kMinRefreshIntervalMs.
    void refreshLive();
    void showTotals();
    void updateEmptyText();

    // Every artist's totals take tens of milliseconds on a large ledger:
    // live refreshes are spaced at least this far apart.
    static constexpr int kMinRefreshIntervalMs = 1000;

    bool m_stale = false;
    bool m_loading = false;
    QElapsedTimer m_lastRefresh;
    QTimer m_throttle;
    ArtistTotalsModel *m_totals = nullptr;
    AsyncLedgerReader &m_reader;
    QString m_channel; // this view's, on a reader windows may share
    QSortFilterProxyModel *m_proxy = nullptr;
    QuarantineModel *m_quarantine = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_summary = nullptr;
    EmptyState *m_totalsEmpty = nullptr;
    PayoutControls *m_controls = nullptr;
    QuarantinePanel *m_quarantinePanel = nullptr;
    LinkArtistForm *m_link = nullptr;
};

#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class ArtistTotalsModel;
class Clock;
class CleanupRunner;
class DialogPrompter;
class Intake;
class Ledger;
class LedgerWatcher;
class LinkArtistForm;
class PayoutControls;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QuarantineModel;
class QuarantinePanel;
class RunControl;
class TotalsReader;

// The admin's view: every artist's totals, payout runs (Pay Out Now with
// progress, Cleanup), quarantined events with Replay, and linking an
// artist to a connected account. Choosing an artist row shows that
// artist's scheduled payouts and history (artistChosen).
class AdminView final : public QWidget
{
    Q_OBJECT
public:
    AdminView(Ledger &ledger, LedgerWatcher &watcher, Intake &intake, DialogPrompter &prompter,
              Clock &clock, QWidget *parent = nullptr);

    void setRunControl(RunControl *runs);
    void setCleanupRunner(CleanupRunner *cleanup);
    ArtistTotalsModel *totalsModel() const { return m_totals; }
    QuarantineModel *quarantineModel() const { return m_quarantine; }
    QTableView *totalsTable() const { return m_table; }
    PayoutControls *payoutControls() const { return m_controls; }

public Q_SLOTS:
    // Reads everything now, on this thread (shown, F5, after a link).
    void refresh();

Q_SIGNALS:
    void artistChosen(const QString &artist);
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onLedgerChanged();
    void onCurrentRowChanged();
    // A live refresh: totals read on TotalsReader's thread, then merged.
    void refreshLive();
    void showTotals();

    // Every artist's totals take tens of milliseconds on a large ledger:
    // live refreshes are spaced at least this far apart.
    static constexpr int kMinRefreshIntervalMs = 1000;

    bool m_stale = false;
    QElapsedTimer m_lastRefresh;
    QTimer m_throttle;
    ArtistTotalsModel *m_totals = nullptr;
    TotalsReader *m_reader = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QuarantineModel *m_quarantine = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_summary = nullptr;
    PayoutControls *m_controls = nullptr;
    QuarantinePanel *m_quarantinePanel = nullptr;
    LinkArtistForm *m_link = nullptr;
};

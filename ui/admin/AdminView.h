#pragma once

#include <QWidget>

class ArtistTotalsModel;
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

// The admin's view: every artist's totals, payout runs (Pay Out Now with
// progress, Cleanup), quarantined events with Replay, and linking an
// artist to a connected account. Choosing an artist row shows that
// artist's scheduled payouts and history (artistChosen).
class AdminView final : public QWidget
{
    Q_OBJECT
public:
    AdminView(Ledger &ledger, LedgerWatcher &watcher, Intake &intake, DialogPrompter &prompter,
              QWidget *parent = nullptr);

    void setRunControl(RunControl *runs);
    void setCleanupRunner(CleanupRunner *cleanup);
    ArtistTotalsModel *totalsModel() const { return m_totals; }
    QuarantineModel *quarantineModel() const { return m_quarantine; }
    QTableView *totalsTable() const { return m_table; }
    PayoutControls *payoutControls() const { return m_controls; }

public Q_SLOTS:
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

    bool m_stale = false;
    ArtistTotalsModel *m_totals = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QuarantineModel *m_quarantine = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_summary = nullptr;
    PayoutControls *m_controls = nullptr;
    QuarantinePanel *m_quarantinePanel = nullptr;
    LinkArtistForm *m_link = nullptr;
};

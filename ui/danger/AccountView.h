#pragma once

#include <QWidget>

class DangerZone;
class DialogPrompter;
class Ledger;
class LedgerWatcher;
class QLabel;

// The artist's account page: which Stripe connected account their money is
// paid to (or that none is linked, and what that means), and below it the
// collapsed danger zone with Reset Account.
class AccountView final : public QWidget
{
    Q_OBJECT
public:
    AccountView(Ledger &ledger, LedgerWatcher &watcher, DialogPrompter &prompter,
                const QString &backupDir, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    DangerZone *dangerZone() const { return m_danger; }

public Q_SLOTS:
    void refresh();

private:
    Ledger &m_ledger;
    QString m_artist;
    QLabel *m_account = nullptr;
    DangerZone *m_danger = nullptr;
};

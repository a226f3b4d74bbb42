#pragma once

#include <QWidget>

class AdminActions;
class DangerZone;
class DialogPrompter;
class LedgerReader;
class LedgerWatcher;
class QLabel;

// The artist's account page: which Stripe connected account their money is
// paid to (or that none is linked, and what that means), and below it the
// collapsed danger zone with Reset Account. Reading one artist's row is
// quick, so it reads on the GUI thread's reader.
class AccountView final : public QWidget
{
    Q_OBJECT
public:
    AccountView(LedgerReader &reader, LedgerWatcher &watcher, AdminActions &actions,
                DialogPrompter &prompter, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    DangerZone *dangerZone() const { return m_danger; }

public Q_SLOTS:
    void refresh();

private:
    LedgerReader &m_reader;
    QString m_artist;
    QLabel *m_account = nullptr;
    DangerZone *m_danger = nullptr;
};

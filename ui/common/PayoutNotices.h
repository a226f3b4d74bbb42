#pragma once

#include <QMap>
#include <QObject>

class LedgerReader;
class LedgerWatcher;

// Tells the artist shown when money of theirs was paid, or went on hold,
// whichever process's engine did it (`serve` on the store's machine): the
// paid and held totals are read again at every ledger change, and a rise
// in either is a notice. The first read after the artist changes only sets
// the baseline, so opening the window never announces old payouts. Off
// while a payout engine runs in this window: its runs notify themselves.
class PayoutNotices final : public QObject
{
    Q_OBJECT
public:
    PayoutNotices(LedgerReader &reader, LedgerWatcher &watcher, QObject *parent = nullptr);

    void setArtist(const QString &artist);
    void setEnabled(bool enabled);

Q_SIGNALS:
    void notice(const QString &title, const QString &message);

private:
    void check();

    LedgerReader &m_reader;
    QString m_artist;
    bool m_enabled = true;
    bool m_baseline = false;
    QMap<QString, qint64> m_paid; // minor units per currency
    QMap<QString, qint64> m_held;
};

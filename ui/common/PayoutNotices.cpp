#include "PayoutNotices.h"

#include "common/LedgerWatcher.h"
#include "common/MoneyText.h"
#include "ledger/LedgerReader.h"

#include <QLocale>

namespace {

// What rose since the last read, per currency.
QMap<QString, qint64> rises(const QMap<QString, qint64> &before, const QMap<QString, qint64> &now)
{
    QMap<QString, qint64> out;
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        const qint64 was = before.value(it.key(), 0);
        if (it.value() > was)
            out.insert(it.key(), it.value() - was);
    }
    return out;
}

} // namespace

PayoutNotices::PayoutNotices(LedgerReader &reader, LedgerWatcher &watcher, QObject *parent)
    : QObject(parent)
    , m_reader(reader)
{
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &PayoutNotices::check);
}

void PayoutNotices::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    m_artist = artist;
    m_baseline = false;
    check();
}

void PayoutNotices::setEnabled(bool enabled)
{
    m_enabled = enabled;
    m_baseline = false;
    check();
}

void PayoutNotices::check()
{
    if (!m_enabled || m_artist.isEmpty())
        return;
    const Result<QList<ArtistBalance>> balances = m_reader.balances(m_artist);
    if (!balances)
        return; // the views say why; a notice waits for the next good read
    QMap<QString, qint64> paid;
    QMap<QString, qint64> held;
    for (const ArtistBalance &b : *balances) {
        paid.insert(b.currency, b.paidMinor);
        held.insert(b.currency, b.heldMinor);
    }
    const QMap<QString, qint64> morePaid = rises(m_paid, paid);
    const QMap<QString, qint64> moreHeld = rises(m_held, held);
    const bool announce = m_baseline;
    m_paid = paid;
    m_held = held;
    m_baseline = true;
    if (!announce)
        return;
    const QLocale locale;
    if (!morePaid.isEmpty())
        Q_EMIT notice(
            tr("Payout sent"),
            tr("%1 was sent to your Stripe account.").arg(formatTotals(morePaid, locale)));
    if (!moreHeld.isEmpty())
        Q_EMIT notice(tr("A payout is on hold"),
                      tr("%1 of your money is on hold. Scheduled Payouts says why and what "
                         "releases it.")
                          .arg(formatTotals(moreHeld, locale)));
}

#include "ContractSeed.h"

#include <algorithm>

namespace ContractSeed {

Result<QList<qint64>> sale(Ledger &ledger, const QString &paymentIntent, const QList<Item> &items,
                           qint64 createdAtMs, const QString &currency)
{
    NewEntries n;
    n.currency = currency;
    n.reference = QStringLiteral("cs_") + paymentIntent.mid(3);
    n.paymentIntent = paymentIntent;
    n.eventId = QStringLiteral("evt_") + paymentIntent.mid(3);
    n.createdAtMs = createdAtMs;
    QList<TotalsDelta> deltas;
    qint64 total = 0;
    int place = 0;
    for (const Item &item : items) {
        ++place;
        n.rows.append({item.artist, item.amount, item.kind,
                       item.track.isEmpty() ? QStringLiteral("trk_%1").arg(place) : item.track,
                       item.state, item.reason, item.title});
        total += item.amount;
        auto d = std::find_if(deltas.begin(), deltas.end(),
                              [&](const TotalsDelta &x) { return x.artist == item.artist; });
        if (d == deltas.end()) {
            TotalsDelta fresh;
            fresh.artist = item.artist;
            fresh.currency = currency;
            deltas.append(fresh);
            d = deltas.end() - 1;
        }
        d->ingested.amountMinor += item.amount;
        ++d->ingested.entries;
        d->byState[std::size_t(item.state)].amountMinor += item.amount;
        ++d->byState[std::size_t(item.state)].entries;
    }
    SaleRecord s;
    s.sessionId = n.reference;
    s.paymentIntent = paymentIntent;
    s.purchaseType = QStringLiteral("cart");
    s.paymentStatus = QStringLiteral("paid");
    s.amountTotal = total;
    s.currency = currency;
    s.createdAtMs = createdAtMs;
    s.eventId = n.eventId;

    QList<qint64> ids;
    const Status written = ledger.write([&]() -> Status {
        for (const Item &item : items) {
            const Result<std::optional<QString>> known = ledger.accounts().account(item.artist);
            if (!known)
                return fail(known.error());
            if (!known->has_value())
                if (Status st = ledger.accounts().setAccount(item.artist, {}); !st)
                    return st;
        }
        if (Status st = ledger.intake().upsertSale(s); !st)
            return st;
        if (Status st = ledger.intake().insertEntries(n, ids); !st)
            return st;
        return ledger.intake().addTotals(deltas);
    });
    if (!written)
        return fail(written.error());
    return ids;
}

} // namespace ContractSeed

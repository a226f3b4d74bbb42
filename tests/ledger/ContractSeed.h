#pragma once

#include "ledger/Ledger.h"

#include <QList>
#include <QString>

// Data for ledger tests, written through the store interfaces as intake and
// the payout run write it, never through SQL: the contract suite and the
// SQLite-specific tests seed their ledgers with it.
namespace ContractSeed {

// One row of a cart purchase.
struct Item
{
    Item(QString artist_, qint64 amount_, EntryState state_ = EntryState::Pending,
         QString reason_ = {}, EntryKind kind_ = EntryKind::Sale, QString track_ = {},
         QString title_ = {})
        : artist(std::move(artist_))
        , amount(amount_)
        , state(state_)
        , reason(std::move(reason_))
        , kind(kind_)
        , track(std::move(track_))
        , title(std::move(title_))
    {}
    QString artist;
    qint64 amount = 0;
    EntryState state = EntryState::Pending;
    QString reason;
    EntryKind kind = EntryKind::Sale;
    QString track; // empty: trk_N, N the item's place from 1
    QString title; // empty: none
};

// One cart purchase, as intake writes it in one write: unknown artists
// created (not linked), the sale (session cs_X for payment intent pi_X,
// event evt_X), its entries and their totals. Returns the entries' ids in
// item order.
Result<QList<qint64>> sale(Ledger &ledger, const QString &paymentIntent, const QList<Item> &items,
                           qint64 createdAtMs, const QString &currency = QStringLiteral("gbp"));

} // namespace ContractSeed

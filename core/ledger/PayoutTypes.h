#pragma once

#include "money/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// The values a payout run passes between the ledger and the payout policy.

// "1,2,3": how a list of entry ids is written in a transfer row and an audit line.
QString entryIdListText(const QList<qint64> &ids);

// A transfer's description as Stripe shows it to the artist: "Payout Desk:
// 2 entries for art_1: Title A, Title B", the titles cut to fit Stripe's
// limit (kMaxTransferDescription characters). Deterministic: the same
// arguments always give the same text (a resend must repeat it).
inline constexpr qsizetype kMaxTransferDescription = 500;
QString transferDescription(const QString &artist, qsizetype entries, const QStringList &titles);

// A pending entry that is due, as the ledger hands it to the policy.
struct DueEntry
{
    qint64 id = 0;
    QString artist;
    Money amount;
    QString destination;   // the artist's connected account
    QString paymentIntent; // the sale's PaymentIntent
    QString chargeId;      // its latest_charge, once looked up; empty before
    QDateTime createdAt;   // purchase time: oldest money is paid first
};

// Money owed to one artist in one currency (and, when grouping per sale
// charge, from one sale), gathered from due pending entries.
struct PayoutGroup
{
    QString artist;
    Money amount;              // the checked sum of the entries' amounts
    QString destination;       // the artist's connected account
    QString sourceTransaction; // the sale's charge, when grouping per charge
    QString paymentIntent;     // per-charge grouping: the sale whose charge is used
    QList<qint64> entryIds;
    QDateTime oldest; // purchase time of the oldest entry: oldest money is paid first
};

// A transfer attempt written to the ledger (state `sending`) before its
// request leaves. Everything needed to send it again after a crash is here.
struct ClaimedTransfer
{
    qint64 row = 0;
    QString idempotencyKey;
    QString artist;
    Money amount;
    QString destination;
    QString sourceTransaction;
    QList<qint64> entryIds;
    int attempts = 0; // requests already sent with this key
    QDateTime createdAt;
    // The transfer's description for Stripe, written with the claim so that
    // a resend with this key sends the same parameters; empty in rows
    // claimed before schema 7 (transferDescription's fallback applies).
    QString description;
    // Left in `sending` by an earlier run (unknown outcome, or a crash after
    // the claim): a request with this key may already have executed.
    bool resumed = false;

    // transfer_group and metadata name the attempt, so that reconciliation
    // can find the transfer if its answer was lost.
    QString transferGroup() const { return idempotencyKey; }
    QString entryIdsText() const;
    // The idempotency key of this attempt (ARCHITECTURE.md, rule 1): derived
    // from the entries it pays, the amount and the destination, and unique
    // per attempt through the attempt's row number, so that a later attempt
    // for the same entries never gets this attempt's stored answer back.
    QString derivedKey() const;
};

// A transfer reversal attempt (ARCHITECTURE.md: paid --sale refunded-->
// reversal): one paid entry's share taken back from the transfer that paid
// it. Written to the ledger with its key before the request leaves, and
// resolved like a transfer attempt.
struct ClaimedReversal
{
    qint64 row = 0;
    QString idempotencyKey;
    qint64 entryId = 0;
    QString artist;
    Money amount;          // the entry's share
    QString transferId;    // Stripe's tr_... that paid the entry
    QString reference;     // the sale, for the description
    int attempts = 0;      // requests already sent with this key
    int entryAttempts = 0; // reversal attempts of the entry before this one
    QDateTime createdAt;
    bool resumed = false; // left in `sending` by an earlier run

    // Unique per attempt, like a transfer's: "payoutdesk-rev-<row>-<hash>".
    QString derivedKey() const;
};
